import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRedisClient, waitForReady } from '../../src/main/core/redis/redis-connection.js';
import { startGithubEmulator, startGoogleEmulator, type GithubEmulator } from '../../emulators/index.js';
import { freePort, startRedis, stopAndClean, type RedisProcess } from '../helpers/redis-server.js';
import { githubEnv, googleEnv, makeTestCore, signIn, type TestCore } from '../helpers/test-core.js';
import { serverKeyNames } from '../helpers/sync-names.js';

/** Outages of everything Signet depends on; in each, nothing stored is lost. */

describe('clock skew of ±10 minutes between Signet and the provider', () => {
  it.each([
    ['ahead', 10],
    ['behind', -10],
  ])('signs in, serves and refreshes with the provider’s clock %s by 10 minutes', async (_name, minutes) => {
    const google = await startGoogleEmulator({ now: () => Date.now() + minutes * 60_000 });
    const core = await makeTestCore(googleEnv(google));
    try {
      const accountId = await signIn(core.service, 'google');
      const token = await core.service.getAccessToken(accountId);
      expect(google.isAccessTokenValid(token.accessToken)).toBe(true);
      const refreshed = await core.service.getAccessToken(accountId, { minValiditySeconds: 7200 });
      expect(refreshed.accessToken === token.accessToken).toBe(false);
      expect(google.isAccessTokenValid(refreshed.accessToken)).toBe(true);
    } finally {
      await core.close();
      await google.close();
    }
  });
});

describe('Redis outages', () => {
  let github: GithubEmulator;
  let redis: RedisProcess;
  let core: TestCore | undefined;
  beforeEach(async () => {
    github = await startGithubEmulator({ mode: 'github-app', accessTokenTtlSeconds: 3600, latencyMs: 300 });
    redis = await startRedis();
  });
  afterEach(async () => {
    await core?.close();
    core = undefined;
    await github.close();
    await stopAndClean(redis);
  });

  it('Redis down at start: Signet starts within about a second on SQLite, and signs in and serves tokens', async () => {
    const deadPort = await freePort();
    const started = Date.now();
    core = await makeTestCore({ ...githubEnv(github), SIGNET_REDIS_URL: `redis://127.0.0.1:${deadPort}` });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await core.service.status()).toMatchObject({
      cache: 'sqlite',
      syncServer: { configured: true, connected: false },
    });
    const accountId = await signIn(core.service, 'github');
    expect(github.isAccessTokenValid((await core.service.getAccessToken(accountId)).accessToken)).toBe(true);
  });

  it('Redis lost in the middle of a refresh: the refresh completes and the token is kept locally', async () => {
    core = await makeTestCore({ ...githubEnv(github), SIGNET_REDIS_URL: redis.url });
    const accountId = await signIn(core.service, 'github');
    expect((await core.service.status()).cache).toBe('redis');
    const refreshing = core.service.getAccessToken(accountId, { minValiditySeconds: 7200 });
    while (github.stats.inFlight === 0) await new Promise((r) => setTimeout(r, 10));
    await redis.stop();
    const token = await refreshing;
    expect(github.isAccessTokenValid(token.accessToken)).toBe(true);
    expect((await core.service.status()).cache).toBe('sqlite');
    // The rotated refresh token was kept: the next refresh works without Redis.
    await expect(core.service.refresh(accountId)).resolves.toMatchObject({ status: 'active' });
  });

  it('Redis back with a stale entry (an expired token) and a foreign one (garbage): neither is served', async () => {
    core = await makeTestCore({ ...githubEnv(github), SIGNET_REDIS_URL: redis.url });
    const accountId = await signIn(core.service, 'github');
    const client = await createRedisClient(redis.url);
    await waitForReady(client, 2000);
    try {
      const { tokenKey: key } = await serverKeyNames(core.secrets, core.dir, accountId);
      const stale = {
        v: 1,
        accessToken: 'ghu_stale-token-from-yesterday',
        tokenType: 'bearer',
        scope: null,
        expiresAt: Date.now() - 86_400_000,
      };
      await client.set(key, JSON.stringify(stale));
      // A process with no memory of the good token (the CLI, say) reads the cache.
      const cli = await makeTestCore({ ...githubEnv(github), SIGNET_REDIS_URL: redis.url });
      try {
        await cli.close();
      } finally {
        // Its data directory is separate; what matters is that the stale entry is never served:
      }
      const served = await core.service.getAccessToken(accountId, { minValiditySeconds: 7200 });
      expect(served.accessToken === stale.accessToken).toBe(false);
      expect(github.isAccessTokenValid(served.accessToken)).toBe(true);
      await client.set(key, '{"not":"a token"}');
      const again = await core.service.getAccessToken(accountId, { minValiditySeconds: 60 });
      expect(github.isAccessTokenValid(again.accessToken)).toBe(true);
    } finally {
      client.disconnect();
    }
  });
});

describe('SQLite locked by another process', () => {
  let github: GithubEmulator;
  let core: TestCore;
  beforeEach(async () => {
    github = await startGithubEmulator({ mode: 'github-app', accessTokenTtlSeconds: 3600 });
    core = await makeTestCore(githubEnv(github));
  });
  afterEach(async () => {
    await core.close();
    await github.close();
  });

  it('reads keep working, a write fails with a clear storage error, and nothing is lost once the lock goes', async () => {
    const accountId = await signIn(core.service, 'github');
    const credential = await core.secrets.getCredential(accountId);
    const other = new Database(path.join(core.dir, 'signet.db'));
    other.pragma('busy_timeout = 0');
    other.exec('BEGIN EXCLUSIVE');
    try {
      expect(await core.service.listAccounts()).toHaveLength(1);
      const failure = await core.service.refresh(accountId).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 'storage', message: expect.stringMatching(/busy|lock/i) });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    // The lease could not be taken, so the provider was never asked: the refresh token is intact.
    const after = await core.secrets.getCredential(accountId);
    expect(after?.token === credential?.token).toBe(true);
    expect(github.isRefreshTokenValid(after!.token)).toBe(true);
    await expect(core.service.refresh(accountId)).resolves.toMatchObject({ status: 'active' });
  }, 30_000);
});

describe('the keychain missing when a sign-in starts', () => {
  it('fails with keychain-unavailable before the browser opens, and stores nothing', async () => {
    const github = await startGithubEmulator();
    const core = await makeTestCore(githubEnv(github));
    core.secrets.availability = async () => ({ available: false, detail: 'No keychain is running.' });
    try {
      await expect(signIn(core.service, 'github')).rejects.toMatchObject({ code: 'keychain-unavailable' });
      expect(core.opener.opened).toEqual([]);
      expect(github.stats.authorizeRequests).toBe(0);
      expect(await core.service.listAccounts()).toEqual([]);
    } finally {
      await core.close();
      await github.close();
    }
  });
});
