import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeRedis } from '../../../src/main/core/redis/probe-redis.js';
import {
  createRedisClient,
  waitForReady,
  type RedisClient,
} from '../../../src/main/core/redis/redis-connection.js';
import { startRedisCluster, type RedisClusterProcess } from '../../helpers/redis-cluster.js';
import { startRedisSentinel, type RedisSentinelProcess } from '../../helpers/redis-sentinel.js';
import { startRedis, stopAndClean, type RedisProcess } from '../../helpers/redis-server.js';
import { makeTestCertificates, type TestCertificates } from '../../helpers/redis-tls.js';
import { leakedParts } from './password-shapes.js';

// Real redis-server processes serving TLS only (plain TCP off), with certificates made for the
// test: whatever works here went over TLS and was verified against the test's CA.

const clients: RedisClient[] = [];
async function open(url: string, ca: string | undefined): Promise<RedisClient> {
  const client = await createRedisClient(url, { ca });
  client.on('error', () => undefined);
  clients.push(client);
  return client;
}

let certs: TestCertificates;
let otherCa: TestCertificates;
beforeAll(() => {
  certs = makeTestCertificates();
  otherCa = makeTestCertificates('Some other CA');
});
afterAll(() => {
  for (const client of clients) client.disconnect(false);
  certs?.cleanup();
  otherCa?.cleanup();
});

describe('rediss:// to one server', () => {
  const password = 'juliet6Q@kilo7Q/lima8Q:mike9Q%zz';
  let redis: RedisProcess;
  beforeAll(async () => {
    redis = await startRedis(['--requirepass', password], { tls: certs });
  });
  afterAll(async () => {
    if (redis) await stopAndClean(redis);
  });
  const withPassword = () => `rediss://:${password}@127.0.0.1:${redis.port}`;

  it('connects over TLS, verified against the configured CA, with a password written as it is', async () => {
    const client = await open(withPassword(), certs.ca);
    expect(await waitForReady(client, 3000)).toBe(true);
    await client.set('signet:tls-check', 'ok');
    expect(await client.get('signet:tls-check')).toBe('ok');
    expect(await probeRedis(withPassword(), { ca: certs.ca })).toEqual({ ok: true, detail: 'Connected' });
  });

  it('refuses a certificate from a CA it was not told to trust, in one line naming the setting', async () => {
    for (const ca of [otherCa.ca, undefined]) {
      const started = Date.now();
      const answer = await probeRedis(withPassword(), { ca }, 1500);
      expect(Date.now() - started).toBeLessThan(4000);
      expect(answer.ok).toBe(false);
      expect(answer.detail).toMatch(/certificate is not signed by a CA Signet trusts.*syncServerCa/);
      expect(answer.detail).not.toContain('\n');
      expect(leakedParts(answer.detail, password)).toEqual([]);
    }
  });

  it('says so when the password is wrong, without quoting either password', async () => {
    const wrong = 'november0Q@oscar1Q/papa2Q';
    const answer = await probeRedis(`rediss://:${wrong}@127.0.0.1:${redis.port}`, { ca: certs.ca });
    expect(answer).toEqual({
      ok: false,
      detail: 'The sync server could not be used: it refused the user name or password.',
    });
  });

  it('gets nothing from a TLS port over plain TCP', async () => {
    const answer = await probeRedis(`redis://:${password}@127.0.0.1:${redis.port}`, {}, 1500);
    expect(answer.ok).toBe(false);
    expect(leakedParts(answer.detail, password)).toEqual([]);
  });
});

describe('rediss-sentinel:// with TLS to the Sentinels and the master', () => {
  let sentinel: RedisSentinelProcess;
  let plainSentinel: RedisSentinelProcess;
  beforeAll(async () => {
    [sentinel, plainSentinel] = await Promise.all([
      startRedisSentinel('signet', { tls: certs }),
      startRedisSentinel('plain'),
    ]);
  });
  afterAll(async () => {
    await sentinel?.cleanup();
    await plainSentinel?.cleanup();
  });

  it('finds the master through a TLS Sentinel and talks to it over TLS', async () => {
    expect(sentinel.url).toMatch(/^rediss-sentinel:\/\//);
    const client = await open(sentinel.url, certs.ca);
    // Both serve TLS only: discovery went to the Sentinel over TLS, and the commands to the master.
    expect(await waitForReady(client, 5000)).toBe(true);
    await client.set('signet:sentinel-tls', 'through the master');
    expect(await client.get('signet:sentinel-tls')).toBe('through the master');
    expect(await probeRedis(sentinel.url, { ca: certs.ca })).toEqual({ ok: true, detail: 'Connected' });
  });

  it('refuses a TLS Sentinel whose certificate it cannot verify', async () => {
    const answer = await probeRedis(sentinel.url, { ca: otherCa.ca }, 2000);
    expect(answer.ok).toBe(false);
    expect(answer.detail).toMatch(/^No Sentinel could be used: its certificate is not signed/);
  });

  it('fails clearly, in one line and bounded time, when the Sentinel behind rediss-sentinel:// speaks plain TCP', async () => {
    const url = plainSentinel.url.replace(/^redis-sentinel:/, 'rediss-sentinel:');
    const started = Date.now();
    const answer = await probeRedis(url, { ca: certs.ca }, 2000);
    expect(Date.now() - started).toBeLessThan(3500);
    expect(answer).toEqual({
      ok: false,
      detail:
        'No Sentinel could be used: it does not speak TLS on that port. Use a TLS port, or redis:// only on this machine.',
    });
    expect(answer.detail).not.toContain('\n');
    // And the client Signet keeps never becomes ready on it.
    const client = await open(url, certs.ca);
    expect(await waitForReady(client, 1500)).toBe(false);
  });
});

describe('rediss-cluster:// with TLS to every node', () => {
  let cluster: RedisClusterProcess;
  beforeAll(async () => {
    cluster = await startRedisCluster(3, 30_000, { tls: certs });
  }, 60_000);
  afterAll(async () => {
    await cluster?.cleanup();
  });

  it('reaches every node over TLS, verified against the configured CA', async () => {
    expect(cluster.url).toMatch(/^rediss-cluster:\/\//);
    const client = await open(cluster.url, certs.ca);
    expect(await waitForReady(client, 10_000)).toBe(true);
    // Keys on all three masters' slots: every node answered over TLS.
    const keys = Array.from({ length: 30 }, (_, i) => `signet:cluster-tls:${i}`);
    for (const key of keys) await client.set(key, key);
    for (const key of keys) expect(await client.get(key)).toBe(key);
    const nodes = (client as import('ioredis').Cluster).nodes('master');
    expect(nodes).toHaveLength(3);
  });

  it('does not come up with a CA that did not sign the nodes', async () => {
    const client = await open(cluster.url, otherCa.ca);
    expect(await waitForReady(client, 2000)).toBe(false);
  });
});
