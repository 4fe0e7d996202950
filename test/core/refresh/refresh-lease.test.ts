import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RefreshLease } from '../../../src/main/core/refresh/lease.js';
import { SqliteRefreshLease } from '../../../src/main/core/refresh/sqlite-lease.js';
import { openDatabase } from '../../../src/main/core/storage/database.js';
import { freePort, startRedis, stopAndClean, type RedisProcess } from '../../helpers/redis-server.js';
import { sharedDiscordAccountPerTest } from '../../helpers/shared-account.js';
import { discordEnv } from '../../helpers/test-core.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('one refresh per machine, whatever each process sees of the sync server', () => {
  let redis: RedisProcess;
  const shared = sharedDiscordAccountPerTest(() => redis.url);

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await stopAndClean(redis);
  });

  it('regression: a process that sees the server ready and one that sees it connecting make exactly one token request, and the account stays usable', async () => {
    const ready = await shared.open('same-home');
    expect((await ready.status()).syncServer.connected).toBe(true);
    // The same machine, but its sync server connection has not come up (nothing answers there yet).
    const connecting = await shared.open('same-home', {
      env: {
        ...discordEnv(shared.discord),
        SIGNET_LOG_LEVEL: 'error',
        SIGNET_REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      },
      syncConnectWaitMs: 0,
    });
    expect((await connecting.status()).syncServer.connected).toBe(false);
    shared.discord.pushFault('token', { kind: 'delay', ms: 800 });

    const [a, b] = await Promise.all([
      ready.getAccessToken(shared.accountId, { minValiditySeconds: 600 }),
      connecting.getAccessToken(shared.accountId, { minValiditySeconds: 600 }),
    ]);

    expect(shared.discord.stats.refreshRequests).toBe(1);
    expect(b.accessToken).toBe(a.accessToken);
    expect(shared.discord.isAccessTokenValid(a.accessToken)).toBe(true);
    const credential = await shared.secrets.getCredential(shared.accountId);
    expect(shared.discord.isRefreshTokenValid(credential!.token)).toBe(true);
    // Usable: the next refresh works with the rotated refresh token the keychain holds.
    await expect(ready.refresh(shared.accountId)).resolves.toMatchObject({ status: 'active' });
  });

  it('regression: a refresh slower than the lease keeps it (renewed), so a second process waits instead of refreshing too', async () => {
    const first = await shared.open('same-home', { leaseTtlMs: 300 });
    const second = await shared.open('same-home', { leaseTtlMs: 300 });
    shared.discord.pushFault('token', { kind: 'delay', ms: 1500 });
    const slow = first.getAccessToken(shared.accountId, { minValiditySeconds: 600 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const waiting = second.getAccessToken(shared.accountId, { minValiditySeconds: 600 });
    const [a, b] = await Promise.all([slow, waiting]);
    expect(shared.discord.stats.refreshRequests).toBe(1);
    expect(b.accessToken).toBe(a.accessToken);
  });

  it('regression: invalid_grant does not delete a refresh token that another process rotated meanwhile', async () => {
    const core = await shared.open('same-home');
    const before = (await shared.secrets.getCredential(shared.accountId))!;
    // Another process (say, on another machine sharing this credential) refreshes first and
    // keeps the rotated token; this one still sends the old, now dead, refresh token.
    const rotated = { ...before, token: 'rotated-by-another-process' };
    const originalGet = shared.secrets.getCredential.bind(shared.secrets);
    let reads = 0;
    shared.secrets.getCredential = async (id) => {
      reads += 1;
      if (reads === 1) return before;
      await shared.secrets.setCredential(id, rotated);
      shared.secrets.getCredential = originalGet;
      return originalGet(id);
    };
    shared.discord.pushFault('token', {
      kind: 'status',
      status: 400,
      body: JSON.stringify({ error: 'invalid_grant' }),
      contentType: 'application/json',
    });
    // The token the sign-in cached is still valid (two minutes): it is served, not refused.
    const token = await core.getAccessToken(shared.accountId, { minValiditySeconds: 600 });
    expect(shared.discord.stats.refreshRequests).toBe(1);
    expect(shared.discord.isAccessTokenValid(token.accessToken)).toBe(true);
    expect((await shared.secrets.getCredential(shared.accountId))?.token).toBe('rotated-by-another-process');
    expect((await core.getAccount(shared.accountId)).status).not.toBe('needs-reauth');
  });
});

describe('SqliteRefreshLease', () => {
  it('expires by time alone and is renewed only by its owner', async () => {
    const temp = makeTempDir();
    const db = openDatabase(temp.dir);
    let now = 1_000_000;
    const lease: RefreshLease = new SqliteRefreshLease(db, () => now);
    try {
      expect(await lease.acquire('a', 'one', 1000)).toBe(true);
      expect(await lease.acquire('a', 'two', 1000)).toBe(false);
      now += 900;
      expect(await lease.renew('a', 'two', 1000)).toBe(false);
      expect(await lease.renew('a', 'one', 1000)).toBe(true);
      now += 900;
      // Renewed at +900 for 1000 ms: still held at +1800.
      expect(await lease.acquire('a', 'two', 1000)).toBe(false);
      now += 200;
      expect(await lease.acquire('a', 'two', 1000)).toBe(true);
      expect(await lease.renew('a', 'one', 1000)).toBe(false);
      await lease.release('a', 'one');
      expect(await lease.acquire('a', 'three', 1000)).toBe(false);
    } finally {
      db.$client.close();
      temp.cleanup();
    }
  });
});
