import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TokenSet } from '../../../src/main/core/flows/oauth-operations.js';
import type { Provider } from '../../../src/main/core/providers/provider.js';
import { MemorySecretStore } from '../../../src/main/core/secrets/memory-secret-store.js';
import type { StoredCredential } from '../../../src/main/core/secrets/secret-store.js';
import { SignetError } from '../../../src/shared/errors.js';
import type { AccountView } from '../../../src/shared/domain.js';
import { makeCoreParts, profile, type CoreParts } from '../../helpers/core-parts.js';

const hour = 3_600_000;
const env = { SIGNET_GITHUB_CLIENT_ID: 'client-id', SIGNET_GITHUB_CLIENT_SECRET: 'client-secret' };

/** What GitHub App user tokens look like: short-lived, with a refresh token that expires too. */
function tokenSet(overrides: Partial<TokenSet> = {}): TokenSet {
  return {
    accessToken: 'ghu_access',
    tokenType: 'bearer',
    scope: 'read:user,user:email',
    expiresAt: new Date(Date.now() + 8 * hour),
    refreshToken: 'ghr_refresh',
    refreshTokenExpiresAt: new Date('2027-06-01T00:00:00.000Z'),
    idTokenClaims: undefined,
    ...overrides,
  };
}

/** A keychain that notes, at each write, whether the account's row already existed. */
class OrderingSecretStore extends MemorySecretStore {
  readonly writes: string[] = [];
  parts: CoreParts | undefined;
  failWith: SignetError | undefined;

  override async setCredential(accountId: string, credential: StoredCredential): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.writes.push(
      this.parts?.accounts.get(accountId) ? 'keychain after the row' : 'keychain before the row',
    );
    await super.setCredential(accountId, credential);
  }
}

describe('SignInRecorder', () => {
  let secrets: OrderingSecretStore;
  let parts: CoreParts;
  let github: Provider;

  beforeEach(() => {
    secrets = new OrderingSecretStore();
    parts = makeCoreParts({ env, secrets });
    secrets.parts = parts;
    github = parts.providers.require('github');
  });
  afterEach(() => parts.close());

  it('writes the keychain before the row, so a crash between them leaves nothing half-kept', async () => {
    await parts.recorder.record(github, tokenSet(), profile(1));
    expect(secrets.writes).toEqual(['keychain before the row']);
  });

  it('keeps nothing when the keychain refuses the credential', async () => {
    secrets.failWith = new SignetError('keychain-unavailable', 'The keychain is locked');
    await expect(parts.recorder.record(github, tokenSet(), profile(1))).rejects.toMatchObject({
      code: 'keychain-unavailable',
    });
    expect(parts.accounts.list()).toEqual([]);
    expect(parts.authEvents.recent()).toEqual([]);
  });

  it('keeps the refresh token, the row, the access token and a sign-in event, then says the accounts changed', async () => {
    const emissions: AccountView[][] = [];
    parts.state.on('accounts-changed', (accounts) => emissions.push(accounts));
    const tokens = tokenSet();
    const { accountId: accountId } = await parts.recorder.record(github, tokens, profile(1));

    expect(await secrets.getCredential(accountId)).toEqual({
      kind: 'refresh_token',
      token: 'ghr_refresh',
      expiresAt: '2027-06-01T00:00:00.000Z',
      identity: { provider: 'github', issuer: github.issuer, providerUserId: '1001', login: 'person1' },
    });
    expect(parts.accounts.get(accountId)).toMatchObject({
      provider: 'github',
      issuer: github.issuer,
      providerUserId: '1001',
      login: 'person1',
      displayName: 'Person 1',
      email: 'person1@example.test',
      // GitHub writes scopes with commas.
      scopes: ['read:user', 'user:email'],
      status: 'active',
    });
    const cached = {
      accessToken: 'ghu_access',
      tokenType: 'bearer',
      scope: tokens.scope,
      expiresAt: tokens.expiresAt,
    };
    expect(await parts.sync.get({ accountId, provider: 'github' })).toEqual(cached);
    expect(parts.tokens.remembered(accountId)).toEqual(cached);
    expect(parts.state.remembered(accountId)).toEqual({
      provider: 'github',
      login: 'person1',
      status: 'active',
    });
    expect(parts.authEvents.recent()).toMatchObject([{ accountId, kind: 'sign-in', outcome: 'success' }]);
    // record() returns after the emission: a caller that lists next sees the account.
    expect(emissions).toMatchObject([[{ id: accountId, login: 'person1' }]]);
  });

  it('updates the account on a second sign-in with the same identity, never duplicating it', async () => {
    const { accountId: first } = await parts.recorder.record(github, tokenSet(), profile(1));
    parts.accounts.setStatus(first, 'needs-reauth', 'invalid_grant');
    const again = await parts.recorder.record(
      github,
      tokenSet({ accessToken: 'ghu_second', refreshToken: 'ghr_second' }),
      profile(1, { login: 'renamed', email: 'renamed@example.test' }),
    );
    expect(again).toEqual({ accountId: first, created: false });
    expect(parts.accounts.list()).toHaveLength(1);
    expect(parts.accounts.get(first)).toMatchObject({
      login: 'renamed',
      email: 'renamed@example.test',
      status: 'active',
      lastErrorCode: null,
    });
    expect((await secrets.getCredential(first))?.token).toBe('ghr_second');
    expect(parts.tokens.remembered(first)?.accessToken).toBe('ghu_second');
  });

  it('keeps a second person of the same provider as a second account', async () => {
    const { accountId: one } = await parts.recorder.record(github, tokenSet(), profile(1));
    // Same login, another user id: GitHub logins can be renamed and reused.
    const { accountId: two } = await parts.recorder.record(
      github,
      tokenSet(),
      profile(2, { login: 'person1' }),
    );
    expect(two).not.toBe(one);
    expect(parts.accounts.list()).toHaveLength(2);
  });

  it('keeps a token that never expires and comes with no refresh token as the credential itself', async () => {
    // What a GitHub OAuth app issues: no expires_in, no refresh token.
    const { accountId: accountId } = await parts.recorder.record(
      github,
      tokenSet({
        accessToken: 'gho_forever',
        expiresAt: null,
        refreshToken: null,
        refreshTokenExpiresAt: null,
      }),
      profile(1),
    );
    expect(await secrets.getCredential(accountId)).toEqual({
      kind: 'access_token',
      token: 'gho_forever',
      identity: { provider: 'github', issuer: github.issuer, providerUserId: '1001', login: 'person1' },
    });
  });

  it('keeps no credential for a short-lived token without a refresh token, but serves it while it lasts', async () => {
    const { accountId: accountId } = await parts.recorder.record(
      github,
      tokenSet({ accessToken: 'ghu_brief', expiresAt: new Date(Date.now() + hour), refreshToken: null }),
      profile(1),
    );
    expect(await secrets.getCredential(accountId)).toBeNull();
    expect(secrets.writes).toEqual([]);
    expect(parts.accounts.get(accountId)).toBeDefined();
    expect((await parts.sync.get({ accountId, provider: 'github' }))?.accessToken).toBe('ghu_brief');
  });

  it('asks for the provider’s default scopes when the token response names none', async () => {
    const { accountId: accountId } = await parts.recorder.record(
      github,
      tokenSet({ scope: null }),
      profile(1),
    );
    expect(parts.accounts.get(accountId)?.scopes).toEqual(github.scopes);
    expect(github.scopes.length).toBeGreaterThan(0);
  });

  describe('recoverFromKeychain', () => {
    it('rebuilds the accounts the keychain knows, with the same ids, into an empty database', async () => {
      const { accountId: refreshing } = await parts.recorder.record(github, tokenSet(), profile(1));
      const { accountId: forever } = await parts.recorder.record(
        github,
        tokenSet({ expiresAt: null, refreshToken: null, refreshTokenExpiresAt: null }),
        profile(2),
      );
      // A credential written before identities were kept cannot be placed: it is left alone.
      await secrets.setCredential('pre-identity', { kind: 'refresh_token', token: 'ghr_old' });

      // The database is lost; the keychain is not.
      const rebuilt = makeCoreParts({ env, secrets });
      try {
        const emissions: AccountView[][] = [];
        rebuilt.state.on('accounts-changed', (accounts) => emissions.push(accounts));
        await expect(rebuilt.recorder.recoverFromKeychain()).resolves.toBe(2);
        const rows = rebuilt.accounts.list();
        expect(rows.map((row) => row.id).sort()).toEqual([refreshing, forever].sort());
        expect(rebuilt.accounts.get(refreshing)).toMatchObject({
          provider: 'github',
          issuer: github.issuer,
          providerUserId: '1001',
          login: 'person1',
          displayName: null,
          email: null,
          status: 'active',
        });
        expect(rebuilt.state.remembered(forever)?.login).toBe('person2');
        expect(emissions).toHaveLength(1);
        // Once rebuilt, nothing more to do.
        await expect(rebuilt.recorder.recoverFromKeychain()).resolves.toBe(0);
        expect(rebuilt.accounts.list()).toHaveLength(2);
      } finally {
        await rebuilt.close();
      }
    });

    it('leaves accounts that are still in the database as they are', async () => {
      const { accountId: accountId } = await parts.recorder.record(
        github,
        tokenSet(),
        profile(1, { email: 'kept@example.test' }),
      );
      await expect(parts.recorder.recoverFromKeychain()).resolves.toBe(0);
      expect(parts.accounts.get(accountId)?.email).toBe('kept@example.test');
    });
  });
});
