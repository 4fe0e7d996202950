import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { startGithubEmulator, type GithubEmulator } from '../../../emulators/index.js';
import {
  carryOutPendingSignOutWork,
  maxRevokeAttempts,
  signOut,
  watchPendingSignOutWork,
} from '../../../src/main/core/accounts/sign-out.js';
import { StatusService } from '../../../src/main/core/status/status-service.js';
import { PendingWorkRepository } from '../../../src/main/core/storage/pending-work-repository.js';
import { makeCoreParts, signInThroughBrowser, type CoreParts } from '../../helpers/core-parts.js';
import { startRedis, stopAndClean, type RedisProcess } from '../../helpers/redis-server.js';
import { serverKeyNames } from '../../helpers/sync-names.js';
import { githubEnv } from '../../helpers/test-core.js';

describe('sign-out work that cannot be done at once is done later', () => {
  let github: GithubEmulator;
  let parts: CoreParts;
  let pending: PendingWorkRepository;
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function signedIn(): Promise<{ accountId: string; accessToken: string }> {
    github = await startGithubEmulator({ mode: 'oauth-app' });
    cleanups.push(() => github.close());
    parts = makeCoreParts({ env: githubEnv(github) });
    cleanups.push(() => parts.close());
    pending = new PendingWorkRepository(parts.db);
    const accountId = await signInThroughBrowser(parts, 'github');
    const credential = await parts.secrets.getCredential(accountId);
    if (credential?.kind !== 'access_token') throw new Error('expected an OAuth app access token');
    return { accountId, accessToken: credential.token };
  }
  const deps = () => ({ ...parts, pending });

  /** A GitHub account signed in on parts using `redis` as their sync server, and a client to look. */
  async function signedInWithServer(redis: RedisProcess) {
    // Retries forever, so it is back when the server is restarted.
    const inspector = new Redis(redis.port, '127.0.0.1', { maxRetriesPerRequest: null });
    cleanups.push(() => inspector.disconnect());
    github = await startGithubEmulator({ mode: 'oauth-app' });
    cleanups.push(() => github.close());
    parts = makeCoreParts({ env: githubEnv(github) });
    cleanups.push(() => parts.close());
    await parts.sync.use(redis.url);
    cleanups.push(() => parts.sync.disconnect());
    expect(await parts.sync.ready(5000)).toBe(true);
    pending = new PendingWorkRepository(parts.db);
    const accountId = await signInThroughBrowser(parts, 'github');
    const { tokenKey } = await serverKeyNames(parts.secrets, parts.dir, accountId);
    return { inspector, accountId, tokenKey };
  }

  it('deletes the entry on a sync server that was down at sign-out once the server is back', async () => {
    // Kept on disk across the restart, as a real server's data is: otherwise the restart alone
    // would empty it and the test would prove nothing.
    const redis: RedisProcess = await startRedis(['--appendonly', 'yes', '--appendfsync', 'always']);
    cleanups.push(() => stopAndClean(redis));
    const { inspector, accountId, tokenKey } = await signedInWithServer(redis);
    expect(await inspector.exists(tokenKey)).toBe(1);
    // Shows the restarted server still holds what it held (the token key itself may be gone by
    // the time the test looks: that is the point).
    await inspector.set('kept-across-restart', '1');

    await redis.stop();
    await expect.poll(() => parts.sync.connected).toBe(false);
    await signOut(deps(), accountId);
    expect(pending.list()).toMatchObject([{ kind: 'sync-delete' }]);

    const watcher = watchPendingSignOutWork(deps());
    cleanups.push(watcher.stop);
    await redis.restart();
    expect(await inspector.exists('kept-across-restart')).toBe(1);
    await expect.poll(() => inspector.exists(tokenKey), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => pending.list()).toEqual([]);
  });

  it('deletes the entry at once when the sync server is up, keeping nothing for later', async () => {
    const redis = await startRedis();
    cleanups.push(() => stopAndClean(redis));
    const { inspector, accountId, tokenKey } = await signedInWithServer(redis);

    await signOut(deps(), accountId);
    expect(await inspector.exists(tokenKey)).toBe(0);
    expect(pending.list()).toEqual([]);
  });

  it('retries a revocation that failed at sign-out, and records the failure and the success', async () => {
    const { accountId, accessToken } = await signedIn();
    github.pushFault('revoke', { kind: 'status', status: 503 });
    await expect(signOut(deps(), accountId)).resolves.toEqual({ revoked: false });
    expect(github.isAccessTokenValid(accessToken)).toBe(true);
    const kept = pending.list();
    expect(kept).toMatchObject([{ kind: 'revoke', provider: 'github', attempts: 0 }]);
    // Sealed: the row holds no token a reader of the database could use.
    expect(kept[0]?.kind === 'revoke' && kept[0].sealed.includes(accessToken)).toBe(false);

    // The next start.
    await carryOutPendingSignOutWork(deps());

    expect(github.isAccessTokenValid(accessToken)).toBe(false);
    expect(pending.list()).toEqual([]);
    const revokes = parts.authEvents
      .recent(10)
      .filter((event) => event.kind === 'revoke')
      .reverse();
    expect(revokes).toMatchObject([
      { provider: 'github', outcome: 'failure', errorCode: expect.any(String), accountId: null },
      { provider: 'github', outcome: 'success', errorCode: null, accountId: null },
    ]);
  });

  it('retries a revocation that met no network when the status comes back online', async () => {
    const { accountId, accessToken } = await signedIn();
    const status = new StatusService({
      dataDir: parts.dir,
      secrets: parts.secrets,
      sync: parts.sync,
      tokens: parts.tokens,
    });
    const watcher = watchPendingSignOutWork({ ...deps(), status });
    cleanups.push(watcher.stop);
    await watcher.idle();
    github.pushFault('revoke', { kind: 'reset' });
    status.setOnline(false);
    await signOut(deps(), accountId);
    expect(pending.list()).toHaveLength(1);

    status.setOnline(true);
    await expect.poll(() => pending.list()).toEqual([]);
    await watcher.idle();
    expect(github.isAccessTokenValid(accessToken)).toBe(false);
  });

  it(`gives a revocation up after ${maxRevokeAttempts} failed attempts`, async () => {
    const { accountId, accessToken } = await signedIn();
    for (let i = 0; i < maxRevokeAttempts + 1; i += 1) {
      github.pushFault('revoke', { kind: 'status', status: 503 });
    }
    await signOut(deps(), accountId);
    for (let i = 1; i < maxRevokeAttempts; i += 1) {
      expect(pending.list()).toHaveLength(1);
      await carryOutPendingSignOutWork(deps());
    }
    expect(pending.list()).toEqual([]);
    await carryOutPendingSignOutWork(deps());
    expect(github.stats.revokeRequests).toBe(maxRevokeAttempts);
    expect(github.isAccessTokenValid(accessToken)).toBe(true);
    const failures = parts.authEvents.recent(50).filter((e) => e.kind === 'revoke');
    expect(failures).toHaveLength(maxRevokeAttempts);
    expect(failures.every((e) => e.outcome === 'failure')).toBe(true);
  });
});
