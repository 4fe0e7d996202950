import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRedisClient,
  waitForReady,
  type RedisClient,
} from '../../../src/main/core/redis/redis-connection.js';
import { startRedisCluster, type RedisClusterProcess } from '../../helpers/redis-cluster.js';
import { sharedDiscordAccountPerTest } from '../../helpers/shared-account.js';
import { serverKeyNames } from '../../helpers/sync-names.js';

async function until(predicate: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the sync server as a Redis Cluster (three masters)', () => {
  let cluster: RedisClusterProcess;
  let client: RedisClient;
  const shared = sharedDiscordAccountPerTest(() => cluster.url, { latencyMs: 100 });

  beforeAll(async () => {
    cluster = await startRedisCluster(3);
    client = await createRedisClient(cluster.url);
    client.on('error', () => undefined);
    expect(await waitForReady(client, 5000)).toBe(true);
  }, 30_000);
  afterAll(async () => {
    client?.disconnect();
    await cluster?.cleanup();
  });

  it("keeps an account's access token and refresh lock on one slot", async () => {
    const { tokenKey, lockKey } = await serverKeyNames(shared.secrets, shared.home, shared.accountId);
    expect(await client.call('CLUSTER', 'KEYSLOT', tokenKey)).toBe(
      await client.call('CLUSTER', 'KEYSLOT', lockKey),
    );
    // The sign-in wrote the token to the cluster.
    expect(await client.get(tokenKey)).toContain('"s":');
  });

  it('two installations on the cluster refresh once for concurrent expiries', async () => {
    const [a, b] = [await shared.open('other-home'), await shared.open('other-home')];
    expect((await a.status()).cache).toBe('redis');
    expect((await b.status()).cache).toBe('redis');
    const callers = [a, b].flatMap((core) =>
      Array.from({ length: 10 }, () => core.getAccessToken(shared.accountId, { minValiditySeconds: 600 })),
    );
    const tokens = await Promise.all(callers);
    expect(shared.discord.stats.refreshRequests).toBe(1);
    expect(new Set(tokens.map((token) => token.accessToken)).size).toBe(1);
    expect(shared.discord.isAccessTokenValid(tokens[0]!.accessToken)).toBe(true);
    // The lock is gone once the refresh is done.
    const { lockKey } = await serverKeyNames(shared.secrets, shared.home, shared.accountId);
    expect(await client.exists(lockKey)).toBe(0);
  });

  it('falls back to SQLite while the cluster is unreachable, then returns to it', async () => {
    const app = await shared.open('same-home');
    const before = await app.getAccessToken(shared.accountId);
    await cluster.stop();
    try {
      await until(async () => (await app.status()).cache === 'sqlite', 5000);
      // A process started during the outage: its token comes from SQLite, at once.
      const started = Date.now();
      const cli = await shared.open('same-home', { syncConnectWaitMs: 200 });
      expect((await cli.getAccessToken(shared.accountId)).accessToken).toBe(before.accessToken);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(shared.discord.stats.tokenRequests).toBe(0);
      // Concurrent expiries in both: the local lock still allows one refresh.
      const tokens = await Promise.all(
        [app, cli, app, cli].map((core) =>
          core.getAccessToken(shared.accountId, { minValiditySeconds: 600 }),
        ),
      );
      expect(shared.discord.stats.refreshRequests).toBe(1);
      expect(new Set(tokens.map((token) => token.accessToken)).size).toBe(1);
    } finally {
      await cluster.start();
    }
    await until(async () => (await app.status()).cache === 'redis', 10_000);
    // Back on the cluster: a refresh is written there again.
    const refreshed = await app.refresh(shared.accountId);
    expect(refreshed.status).toBe('active');
    const { tokenKey } = await serverKeyNames(shared.secrets, shared.home, shared.accountId);
    await until(async () => {
      const stored = await client.get(tokenKey).catch(() => null);
      return stored !== null && shared.discord.stats.refreshRequests === 2;
    }, 5000);
  });
});
