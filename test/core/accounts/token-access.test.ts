import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGithubEmulator, type GithubEmulator } from '../../../emulators/index.js';
import { AccountState } from '../../../src/main/core/accounts/account-state.js';
import { launchRefreshConcurrency, TokenAccess } from '../../../src/main/core/accounts/token-access.js';
import { TokenService } from '../../../src/main/core/refresh/token-service.js';
import { makeCoreParts, signInThroughBrowser, type CoreParts } from '../../helpers/core-parts.js';
import { githubEnv } from '../../helpers/test-core.js';

describe('TokenAccess', () => {
  let github: GithubEmulator;
  let parts: CoreParts;
  let access: TokenAccess;

  beforeEach(async () => {
    // GitHub App user tokens: they expire and refresh, and each refresh takes a moment.
    github = await startGithubEmulator({ mode: 'github-app', latencyMs: 30 });
    parts = makeCoreParts({ env: githubEnv(github) });
    access = new TokenAccess(parts);
  });
  afterEach(async () => {
    access.close();
    await parts.close();
    await github.close();
  });

  /** Signs in `count` different people; returns their account ids in order. */
  async function signInPeople(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let n = 1; n <= count; n += 1) {
      github.setUser({ id: 500 + n, login: `user${n}` });
      ids.push(await signInThroughBrowser(parts, 'github'));
    }
    github.resetStats();
    parts.accounts.gets = 0;
    return ids;
  }

  /** The same database and cache seen from a process that has read nothing yet (the CLI, say). */
  function anotherProcess(): TokenAccess {
    const { accounts, sync, secrets, providers, logger } = parts;
    const tokens = new TokenService({ cache: sync, lease: sync, secrets, providers, logger });
    return new TokenAccess({
      accounts,
      sync,
      tokens,
      state: new AccountState({ accounts, sync, providers }),
    });
  }

  /** Sets when the cached access token of an account expires (null: never; undefined: no cached token). */
  async function expireIn(accountId: string, seconds: number | null | undefined): Promise<void> {
    const ref = { accountId, provider: 'github' };
    const cached = await parts.sync.get(ref);
    if (seconds === undefined) return parts.sync.delete(ref);
    const expiresAt = seconds === null ? null : new Date(Date.now() + seconds * 1000);
    await parts.sync.set(ref, { ...cached!, expiresAt });
  }

  /**
   * Holds each of the next `count` token requests long enough that every refresh a pass starts
   * together is in flight at once, however slowly a loaded machine starts them.
   */
  function holdTokenRequests(count: number): void {
    for (let i = 0; i < count; i += 1) github.pushFault('token', { kind: 'delay', ms: 300 });
  }

  describe('getAccessToken', () => {
    it('answers a token this process holds without reading the row or asking the provider', async () => {
      const [accountId] = await signInPeople(1);
      const held = parts.tokens.remembered(accountId!);
      expect(held).toBeDefined();
      await expect(access.getAccessToken(accountId!)).resolves.toBe(held);
      expect(parts.accounts.gets).toBe(0);
      expect(github.stats.tokenRequests).toBe(0);
    });

    it('reads the row once in a process that holds nothing yet, then serves the cached token', async () => {
      const [accountId] = await signInPeople(1);
      const other = anotherProcess();
      const token = await other.getAccessToken(accountId!);
      expect(token.accessToken).toBe(parts.tokens.remembered(accountId!)?.accessToken);
      expect(parts.accounts.gets).toBe(1);
      await other.getAccessToken(accountId!);
      expect(parts.accounts.gets).toBe(1);
      expect(github.stats.tokenRequests).toBe(0);
    });

    it('refuses an account that needs sign-in with needs-reauth, naming the command that fixes it', async () => {
      const [accountId] = await signInPeople(1);
      parts.accounts.setStatus(accountId!, 'needs-reauth', 'invalid_grant');
      await expect(anotherProcess().getAccessToken(accountId!)).rejects.toMatchObject({
        code: 'needs-reauth',
        message: expect.stringContaining('signet login github'),
      });
      // Here too, once this process has learnt it (as the refresh recorder notes it), even with a token in memory.
      parts.state.note({ ...parts.accounts.get(accountId!)!, status: 'needs-reauth' });
      expect(parts.tokens.remembered(accountId!)).toBeDefined();
      await expect(access.getAccessToken(accountId!)).rejects.toMatchObject({ code: 'needs-reauth' });
      expect(github.stats.tokenRequests).toBe(0);
    });

    it('reads the row again for an account it knew as needing sign-in: another process may have signed it in', async () => {
      const [accountId] = await signInPeople(1);
      parts.state.note({ ...parts.accounts.get(accountId!)!, status: 'needs-reauth' });
      parts.accounts.gets = 0;
      // The row says active: signed in again elsewhere.
      await expect(access.getAccessToken(accountId!)).resolves.toMatchObject({ tokenType: 'bearer' });
      expect(parts.accounts.gets).toBe(1);
    });

    it('answers not-found for an account that does not exist', async () => {
      await expect(access.getAccessToken('no-such-account')).rejects.toMatchObject({ code: 'not-found' });
    });
  });

  describe('refresh', () => {
    it('refreshes now, even a token that is still good, and returns the view', async () => {
      const [accountId] = await signInPeople(1);
      const before = parts.tokens.remembered(accountId!)!.accessToken;
      const view = await access.refresh(accountId!);
      expect(github.stats.refreshRequests).toBe(1);
      expect(view).toMatchObject({ id: accountId, login: 'user1' });
      expect(parts.tokens.remembered(accountId!)!.accessToken).not.toBe(before);
    });

    it('refuses an account that needs sign-in without asking the provider', async () => {
      const [accountId] = await signInPeople(1);
      parts.accounts.setStatus(accountId!, 'needs-reauth', 'invalid_grant');
      await expect(access.refresh(accountId!)).rejects.toMatchObject({ code: 'needs-reauth' });
      expect(github.stats.tokenRequests).toBe(0);
    });
  });

  describe('refreshAll', () => {
    it('refreshes only what expires within withinSeconds, leaving out tokens that never expire and accounts that need sign-in', async () => {
      const [soon, later, never, uncached, reauth] = await signInPeople(5);
      await expireIn(soon!, 100);
      await expireIn(later!, 1000);
      await expireIn(never!, null);
      await expireIn(uncached!, undefined);
      parts.accounts.setStatus(reauth!, 'needs-reauth', 'invalid_grant');

      await expect(access.refreshAll({ withinSeconds: 300 })).resolves.toEqual({
        refreshed: 2,
        failed: 0,
        skipped: 2,
      });
      expect(github.stats.refreshRequests).toBe(2);
      expect(parts.tokens.remembered(soon!, 300)).toBeDefined();
      expect(parts.tokens.remembered(uncached!, 300)).toBeDefined();
    });

    it('takes five minutes as the window when none is given', async () => {
      const [inside, outside] = await signInPeople(2);
      await expireIn(inside!, 299);
      await expireIn(outside!, 301);
      await expect(access.refreshAll()).resolves.toEqual({ refreshed: 1, failed: 0, skipped: 1 });
    });

    it('with force, refreshes every account that can be refreshed, due or not', async () => {
      const [later, never, reauth] = await signInPeople(3);
      await expireIn(later!, 7200);
      await expireIn(never!, null);
      parts.accounts.setStatus(reauth!, 'needs-reauth', 'invalid_grant');
      await expect(access.refreshAll({ force: true })).resolves.toEqual({
        refreshed: 2,
        failed: 0,
        skipped: 0,
      });
      expect(github.stats.refreshRequests).toBe(2);
    });

    it('counts a refresh that fails and carries on with the rest', async () => {
      const ids = await signInPeople(3);
      for (const id of ids) await expireIn(id, undefined);
      github.pushFault('token', { kind: 'status', status: 503 });
      await expect(access.refreshAll({ concurrency: 1 })).resolves.toEqual({
        refreshed: 2,
        failed: 1,
        skipped: 0,
      });
    });

    it('runs no more refreshes at once than its concurrency', async () => {
      const ids = await signInPeople(6);
      for (const id of ids) await expireIn(id, undefined);
      holdTokenRequests(ids.length);
      await expect(access.refreshAll({ concurrency: 2 })).resolves.toMatchObject({ refreshed: 6 });
      expect(github.stats.maxInFlight).toBe(2);
    });

    it('by default runs many at once, up to its launch bound', async () => {
      expect(launchRefreshConcurrency).toBeGreaterThan(5);
      const ids = await signInPeople(5);
      for (const id of ids) await expireIn(id, undefined);
      holdTokenRequests(ids.length);
      await access.refreshAll();
      expect(github.stats.maxInFlight).toBe(5);
    });

    it('starts no new refresh once closed; the one under way finishes', async () => {
      const ids = await signInPeople(3);
      for (const id of ids) await expireIn(id, undefined);
      github.pushFault('token', { kind: 'delay', ms: 150 });
      const pass = access.refreshAll({ concurrency: 1 });
      await expect.poll(() => github.stats.inFlight).toBe(1);
      access.close();
      await expect(pass).resolves.toEqual({ refreshed: 1, failed: 0, skipped: 0 });
      expect(github.stats.refreshRequests).toBe(1);
    });
  });
});
