import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisSentinel, type RedisSentinelProcess } from '../../helpers/redis-sentinel.js';
import { sharedDiscordAccountPerTest } from '../../helpers/shared-account.js';
import { serverKeyNames } from '../../helpers/sync-names.js';

async function until(predicate: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the sync server through Redis Sentinel', () => {
  let sentinel: RedisSentinelProcess;
  let master: Redis;
  const shared = sharedDiscordAccountPerTest(() => sentinel.url, { latencyMs: 100 });

  beforeAll(async () => {
    sentinel = await startRedisSentinel();
    master = new Redis({ port: sentinel.master.port, host: '127.0.0.1', lazyConnect: true });
    master.on('error', () => undefined);
    await master.connect();
  });
  afterAll(async () => {
    master?.disconnect();
    await sentinel?.cleanup();
  });

  it('finds the master through the Sentinel and refreshes once for two installations', async () => {
    // The sign-in went through the Sentinel to the master it names.
    const { tokenKey } = await serverKeyNames(shared.secrets, shared.home, shared.accountId);
    expect(await master.get(tokenKey)).toContain('"s":');
    const [a, b] = [await shared.open('other-home'), await shared.open('other-home')];
    expect((await a.status()).syncServer).toEqual({ configured: true, connected: true, paired: true });
    const tokens = await Promise.all(
      [a, b, a, b].map((core) => core.getAccessToken(shared.accountId, { minValiditySeconds: 600 })),
    );
    expect(shared.discord.stats.refreshRequests).toBe(1);
    expect(new Set(tokens.map((token) => token.accessToken)).size).toBe(1);
  });

  it('serves from SQLite when the master is gone', async () => {
    const app = await shared.open('same-home');
    const before = await app.getAccessToken(shared.accountId);
    await sentinel.master.stop();
    try {
      await until(async () => (await app.status()).cache === 'sqlite', 5000);
      const cli = await shared.open('same-home', { syncConnectWaitMs: 200 });
      expect((await cli.getAccessToken(shared.accountId)).accessToken).toBe(before.accessToken);
      const tokens = await Promise.all(
        [app, cli].map((core) => core.getAccessToken(shared.accountId, { minValiditySeconds: 600 })),
      );
      expect(shared.discord.stats.refreshRequests).toBe(1);
      expect(tokens[0]!.accessToken).toBe(tokens[1]!.accessToken);
    } finally {
      await sentinel.master.restart();
    }
    await until(async () => (await app.status()).cache === 'redis', 10_000);
  });
});
