import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CacheBackend } from '../../../src/main/core/cache/access-token-cache.js';
import { FailoverAccessTokenCache } from '../../../src/main/core/cache/failover-access-token-cache.js';
import { RedisAccessTokenCache } from '../../../src/main/core/cache/redis-access-token-cache.js';
import {
  createRedisClient,
  waitForReady,
  type RedisClient,
} from '../../../src/main/core/redis/redis-connection.js';
import { startRedis, stopAndClean, type RedisProcess } from '../../helpers/redis-server.js';
import { makeTestStorage, type TestStorage } from '../../helpers/storage.js';
import { testSyncContext } from '../../helpers/sync-names.js';

const token = (accessToken: string) => ({
  accessToken,
  tokenType: 'Bearer',
  scope: null,
  expiresAt: new Date(Math.floor(Date.now() / 1000) * 1000 + 3_600_000),
});

async function until(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('FailoverAccessTokenCache with a real redis-server', () => {
  let redis: RedisProcess;
  let storage: TestStorage;
  let client: RedisClient;
  let cache: FailoverAccessTokenCache;
  let changes: CacheBackend[];
  let sync: ReturnType<typeof testSyncContext>;

  beforeEach(async () => {
    redis = await startRedis();
    storage = makeTestStorage();
    client = await createRedisClient(redis.url);
    client.on('error', () => undefined);
    changes = [];
    sync = testSyncContext();
    cache = new FailoverAccessTokenCache(
      client,
      new RedisAccessTokenCache(client, sync.context),
      storage.cache,
      {
        onBackendChange: (backend) => changes.push(backend),
      },
    );
    expect(await waitForReady(client, 3000)).toBe(true);
  });

  afterEach(async () => {
    client.disconnect();
    storage.close();
    await stopAndClean(redis);
  });

  it('keeps reading and writing on SQLite when Redis dies mid-run, and moves back when it returns', async () => {
    const ref = { accountId: storage.accountIds[0], provider: 'github' };
    expect(cache.backend).toBe('redis');
    await cache.set(ref, token('gho_before'));
    expect((await new RedisAccessTokenCache(client, sync.context).get(ref))?.accessToken).toBe('gho_before');
    expect(await client.get(sync.tokenKey(ref.accountId))).not.toContain('gho_before');

    await redis.stop();
    await until(() => cache.backend === 'sqlite', 2000);
    const started = Date.now();
    expect((await cache.get(ref))?.accessToken).toBe('gho_before');
    await cache.set(ref, token('gho_during'));
    expect((await cache.get(ref))?.accessToken).toBe('gho_during');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(changes).toContain('sqlite');

    await redis.restart();
    await until(() => cache.backend === 'redis', 5000);
    await cache.set(ref, token('gho_after'));
    expect((await new RedisAccessTokenCache(client, sync.context).get(ref))?.accessToken).toBe('gho_after');
    expect((await cache.get(ref))?.accessToken).toBe('gho_after');
    expect(changes.at(-1)).toBe('redis');
  });

  it('falls back within about a second when Redis stops answering but keeps the connection open', async () => {
    const ref = { accountId: storage.accountIds[1], provider: 'discord' };
    await cache.set(ref, token('dsc_at_kept'));
    redis.pause();
    try {
      const started = Date.now();
      expect((await cache.get(ref))?.accessToken).toBe('dsc_at_kept');
      expect(Date.now() - started).toBeLessThan(1500);
      expect(cache.backend).toBe('sqlite');
      const second = Date.now();
      await cache.set(ref, token('dsc_at_new'));
      expect((await cache.get(ref))?.accessToken).toBe('dsc_at_new');
      expect(Date.now() - second).toBeLessThan(500);
    } finally {
      redis.resume();
    }
  });

  it('reads what SQLite holds when Redis has nothing (tokens written during an outage)', async () => {
    const ref = { accountId: storage.accountIds[0], provider: 'github' };
    await storage.cache.set(ref, token('gho_local_only'));
    expect((await cache.get(ref))?.accessToken).toBe('gho_local_only');
  });
});
