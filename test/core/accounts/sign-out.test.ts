import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGithubEmulator, type GithubEmulator } from '../../../emulators/index.js';
import { signOut } from '../../../src/main/core/accounts/sign-out.js';
import type { AccountView } from '../../../src/shared/domain.js';
import { makeCoreParts, signInThroughBrowser, type CoreParts } from '../../helpers/core-parts.js';
import { githubEnv } from '../../helpers/test-core.js';

describe('signOut', () => {
  let github: GithubEmulator;
  let parts: CoreParts;
  let accountId: string;
  let accessToken: string;

  beforeEach(async () => {
    // An OAuth app: the access token never expires and is the credential, so it is what is revoked.
    github = await startGithubEmulator({ mode: 'oauth-app' });
    parts = makeCoreParts({ env: githubEnv(github) });
    accountId = await signInThroughBrowser(parts, 'github');
    accessToken = (await parts.secrets.getCredential(accountId))!.token;
    github.resetStats();
  });
  afterEach(async () => {
    await parts.close();
    await github.close();
  });

  const ref = () => ({ accountId, provider: 'github' });

  /** Everything this machine kept of the account. */
  async function whatIsLeft() {
    return {
      row: parts.accounts.get(accountId) ?? null,
      credential: await parts.secrets.getCredential(accountId),
      cached: await parts.sync.get(ref()),
      inMemory: parts.tokens.remembered(accountId) ?? null,
      known: parts.state.remembered(accountId) ?? null,
    };
  }
  const nothing = { row: null, credential: null, cached: null, inMemory: null, known: null };

  it('revokes at the provider, forgets everything locally and records a sign-out', async () => {
    const emissions: AccountView[][] = [];
    parts.state.on('accounts-changed', (accounts) => emissions.push(accounts));
    expect(github.isAccessTokenValid(accessToken)).toBe(true);

    await expect(signOut(parts, accountId)).resolves.toEqual({ revoked: true });

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
    const signingOut = signOut(parts, accountId);
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
    await expect(signOut(parts, accountId)).resolves.toEqual({ revoked: false });
    expect(github.stats.revokeRequests).toBe(1);
    expect(github.isAccessTokenValid(accessToken)).toBe(true);
    expect(await whatIsLeft()).toEqual(nothing);
    expect(parts.authEvents.recent(1)).toMatchObject([{ kind: 'sign-out', outcome: 'success' }]);
  });

  it('counts a token the provider no longer knows as revoked', async () => {
    github.pushFault('revoke', { kind: 'status', status: 404 });
    await expect(signOut(parts, accountId)).resolves.toEqual({ revoked: true });
  });

  it('asks the provider nothing when no token is left to revoke', async () => {
    // After the grant died, the credential and the cached token are already gone.
    await parts.secrets.deleteCredential(accountId);
    await parts.sync.delete(ref());
    await expect(signOut(parts, accountId)).resolves.toEqual({ revoked: false });
    expect(github.stats.revokeRequests).toBe(0);
    expect(parts.accounts.get(accountId)).toBeUndefined();
  });

  it('answers not-found for an account that is not there', async () => {
    await signOut(parts, accountId);
    await expect(signOut(parts, accountId)).rejects.toMatchObject({ code: 'not-found' });
    expect(github.stats.revokeRequests).toBe(1);
  });
});
