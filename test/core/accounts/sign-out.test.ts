import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGithubEmulator, type GithubEmulator, type GithubMode } from '../../../emulators/index.js';
import { signOut } from '../../../src/main/core/accounts/sign-out.js';
import { PendingWorkRepository } from '../../../src/main/core/storage/pending-work-repository.js';
import type { StoredCredential } from '../../../src/main/core/secrets/secret-store.js';
import type { AccountView } from '../../../src/shared/domain.js';
import { makeCoreParts, signInThroughBrowser, type CoreParts } from '../../helpers/core-parts.js';
import { githubEnv } from '../../helpers/test-core.js';

describe('signOut', () => {
  // Set by signedIn(), which every test's beforeEach calls.
  let github: GithubEmulator;
  let parts: CoreParts;
  let accountId: string;

  /** Signs octocat in through the GitHub emulator in `mode`; returns the long-lived credential. */
  async function signedIn(mode: GithubMode): Promise<StoredCredential> {
    github = await startGithubEmulator({ mode });
    parts = makeCoreParts({ env: githubEnv(github) });
    accountId = await signInThroughBrowser(parts, 'github');
    github.resetStats();
    return (await parts.secrets.getCredential(accountId))!;
  }
  afterEach(async () => {
    await parts.close();
    await github.close();
  });

  const ref = () => ({ accountId, provider: 'github' });
  const deps = () => ({ ...parts, pending: new PendingWorkRepository(parts.db) });

  /** Everything this machine kept of the account, named but never quoted: a failure prints no token. */
  async function whatIsLeft() {
    const credential = await parts.secrets.getCredential(accountId);
    const cached = await parts.sync.get(ref());
    return {
      row: parts.accounts.get(accountId)?.status ?? null,
      credential: credential ? `a ${credential.kind}` : null,
      cached: cached ? 'an access token' : null,
      inMemory: parts.tokens.remembered(accountId) ? 'an access token' : null,
      known: parts.state.remembered(accountId)?.status ?? null,
    };
  }
  const nothing = { row: null, credential: null, cached: null, inMemory: null, known: null };

  describe('an OAuth app, whose access token is the credential and is what gets revoked', () => {
    let accessToken: string;
    beforeEach(async () => {
      accessToken = (await signedIn('oauth-app')).token;
    });

    it('revokes at the provider, forgets everything locally and records a sign-out', async () => {
      const emissions: AccountView[][] = [];
      parts.state.on('accounts-changed', (accounts) => emissions.push(accounts));
      expect(github.isAccessTokenValid(accessToken)).toBe(true);

      await expect(signOut(deps(), accountId)).resolves.toEqual({ revoked: true });

      expect(github.stats.revokeRequests).toBe(1);
      expect(github.isAccessTokenValid(accessToken)).toBe(false);
      expect(await whatIsLeft()).toEqual(nothing);
      // The event outlives the row, so it names no account.
      expect(parts.authEvents.recent(1)).toMatchObject([
        { accountId: null, provider: 'github', kind: 'sign-out', outcome: 'success' },
      ]);
      expect(emissions).toEqual([[]]);
    });

    it('has forgotten the tokens locally before it asks the provider to revoke them', async () => {
      github.pushFault('revoke', { kind: 'delay', ms: 300 });
      const signingOut = signOut(deps(), accountId);
      await expect.poll(() => github.stats.revokeRequests).toBe(1);
      expect(await whatIsLeft()).toMatchObject({ credential: null, cached: null, inMemory: null });
      expect(parts.accounts.get(accountId)).toMatchObject({
        status: 'needs-reauth',
        lastErrorCode: 'signed-out',
      });
      await signingOut;
    });

    it.each([
      { fault: { kind: 'status', status: 500 } as const, why: 'the provider fails' },
      { fault: { kind: 'reset' } as const, why: 'the provider cannot be reached' },
    ])('still forgets everything locally when $why, and says nothing was revoked', async ({ fault }) => {
      github.pushFault('revoke', fault);
      await expect(signOut(deps(), accountId)).resolves.toEqual({ revoked: false });
      expect(github.stats.revokeRequests).toBe(1);
      expect(github.isAccessTokenValid(accessToken)).toBe(true);
      expect(await whatIsLeft()).toEqual(nothing);
      expect(parts.authEvents.recent(1)).toMatchObject([{ kind: 'sign-out', outcome: 'success' }]);
    });

    it('counts a token the provider no longer knows as revoked', async () => {
      github.pushFault('revoke', { kind: 'status', status: 404 });
      await expect(signOut(deps(), accountId)).resolves.toEqual({ revoked: true });
    });

    it('asks the provider nothing when no token is left to revoke', async () => {
      // After the grant died, the credential and the cached token are already gone.
      await parts.secrets.deleteCredential(accountId);
      await parts.sync.delete(ref());
      await expect(signOut(deps(), accountId)).resolves.toEqual({ revoked: false });
      expect(github.stats.revokeRequests).toBe(0);
      expect(parts.accounts.get(accountId)).toBeUndefined();
    });

    it('answers not-found for an account that is not there', async () => {
      await signOut(deps(), accountId);
      await expect(signOut(deps(), accountId)).rejects.toMatchObject({ code: 'not-found' });
      expect(github.stats.revokeRequests).toBe(1);
    });
  });

  describe('a GitHub App, whose refresh token rotates', () => {
    beforeEach(async () => {
      await signedIn('github-app');
    });

    it('leaves no credential behind when the account signs out while a refresh is running', async () => {
      github.pushFault('token', { kind: 'delay', ms: 300 });
      const refreshing = parts.tokens.refresh(ref(), { force: true }).catch(() => undefined);
      await expect.poll(() => github.stats.inFlight).toBe(1);
      await signOut(deps(), accountId);
      await refreshing;
      // The refresh's rotated refresh token must not outlive the sign-out: it would be a live grant
      // nobody revoked, and recovery from the keychain would bring the signed-out account back.
      expect(await whatIsLeft()).toEqual(nothing);
      expect((await parts.secrets.listCredentials()).map((entry) => entry.accountId)).not.toContain(
        accountId,
      );
    });
  });
});
