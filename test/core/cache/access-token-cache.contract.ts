import { describe, expect, it } from 'vitest';
import type { AccessTokenCache } from '../../../src/main/core/cache/access-token-cache.js';

/**
 * The behaviour every AccessTokenCache must have; run against each implementation.
 * `make` returns a fresh cache for one test and the account ids it may use.
 */
export function accessTokenCacheContract(
  name: string,
  make: () => Promise<{
    cache: AccessTokenCache;
    accountIds: [string, string];
    cleanup: () => Promise<void>;
  }>,
): void {
  describe(`AccessTokenCache contract: ${name}`, () => {
    const inAnHour = () => new Date(Math.floor(Date.now() / 1000) * 1000 + 3_600_000);

    it('returns null for an account with nothing cached', async () => {
      const { cache, accountIds, cleanup } = await make();
      try {
        expect(await cache.get({ accountId: accountIds[0], provider: 'github' })).toBeNull();
      } finally {
        await cleanup();
      }
    });

    it('stores and reads back a token with its type, scope and expiry', async () => {
      const { cache, accountIds, cleanup } = await make();
      try {
        const token = {
          accessToken: 'ya29.contract-a',
          tokenType: 'Bearer',
          scope: 'openid email',
          expiresAt: inAnHour(),
        };
        await cache.set({ accountId: accountIds[0], provider: 'google' }, token);
        expect(await cache.get({ accountId: accountIds[0], provider: 'google' })).toEqual(token);
      } finally {
        await cleanup();
      }
    });

    it('keeps tokens that never expire', async () => {
      const { cache, accountIds, cleanup } = await make();
      try {
        const token = { accessToken: 'gho_forever', tokenType: 'bearer', scope: null, expiresAt: null };
        await cache.set({ accountId: accountIds[0], provider: 'github' }, token);
        expect(await cache.get({ accountId: accountIds[0], provider: 'github' })).toEqual(token);
      } finally {
        await cleanup();
      }
    });

    it('replaces, separates accounts, and deletes', async () => {
      const { cache, accountIds, cleanup } = await make();
      try {
        const a = { accountId: accountIds[0], provider: 'discord' };
        const b = { accountId: accountIds[1], provider: 'discord' };
        await cache.set(a, {
          accessToken: 'dsc_at_one',
          tokenType: 'Bearer',
          scope: null,
          expiresAt: inAnHour(),
        });
        await cache.set(a, {
          accessToken: 'dsc_at_two',
          tokenType: 'Bearer',
          scope: null,
          expiresAt: inAnHour(),
        });
        await cache.set(b, {
          accessToken: 'dsc_at_b',
          tokenType: 'Bearer',
          scope: null,
          expiresAt: inAnHour(),
        });
        expect((await cache.get(a))?.accessToken).toBe('dsc_at_two');
        expect((await cache.get(b))?.accessToken).toBe('dsc_at_b');
        await cache.delete(a);
        expect(await cache.get(a)).toBeNull();
        expect((await cache.get(b))?.accessToken).toBe('dsc_at_b');
      } finally {
        await cleanup();
      }
    });

    it('reports expiries for many accounts at once', async () => {
      const { cache, accountIds, cleanup } = await make();
      try {
        const expiresAt = inAnHour();
        await cache.set(
          { accountId: accountIds[0], provider: 'google' },
          { accessToken: 'ya29.x', tokenType: 'Bearer', scope: null, expiresAt },
        );
        const expiries = await cache.expiries([
          { accountId: accountIds[0], provider: 'google' },
          { accountId: accountIds[1], provider: 'google' },
        ]);
        expect(expiries.get(accountIds[0])?.getTime()).toBe(expiresAt.getTime());
        expect(expiries.has(accountIds[1])).toBe(false);
      } finally {
        await cleanup();
      }
    });
  });
}
