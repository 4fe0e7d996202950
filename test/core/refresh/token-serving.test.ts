import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { redisPerSuite } from '../../helpers/redis-per-suite.js';
import { sharedDiscordAccountPerTest } from '../../helpers/shared-account.js';

async function getCalls(redis: Redis): Promise<number> {
  const stats = await redis.info('commandstats');
  return Number(/cmdstat_get:calls=(\d+)/.exec(stats)?.[1] ?? 0);
}

describe('serving tokens to many callers', () => {
  const redis = redisPerSuite();
  const shared = sharedDiscordAccountPerTest(() => redis.url, { latencyMs: 50 });

  it('1,000 concurrent callers at expiry read the cache a few times, not once each, and refresh once', async () => {
    const core = await shared.open('same-home');
    await redis.inspector.config('RESETSTAT');
    const tokens = await Promise.all(
      Array.from({ length: 1000 }, () => core.getAccessToken(shared.accountId, { minValiditySeconds: 600 })),
    );
    expect(shared.discord.stats.tokenRequests).toBe(1);
    expect(new Set(tokens.map((token) => token.accessToken)).size).toBe(1);
    // One read shared by every caller, one under the lease, and the expiries that the
    // accounts-changed events around the refresh list: a handful, where each caller used to read.
    expect(await getCalls(redis.inspector)).toBeLessThanOrEqual(6);
  });

  it('an account signed out by another process is not refreshed: its row is read again first', async () => {
    const app = await shared.open('same-home');
    const cli = await shared.open('same-home');
    await app.getAccessToken(shared.accountId);
    await cli.signOut(shared.accountId);
    await expect(app.getAccessToken(shared.accountId, { minValiditySeconds: 7200 })).rejects.toMatchObject({
      code: 'not-found',
    });
    expect(shared.discord.stats.refreshRequests).toBe(0);
  });
});
