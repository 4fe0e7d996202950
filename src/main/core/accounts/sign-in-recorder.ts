import { randomUUID } from 'node:crypto';
import type { SignetError } from '../../../shared/errors.js';
import { parseScopeValue } from '../../../shared/scope-coverage.js';
import { crashPoint } from '../faults/crash-points.js';
import type { CompletedSignIn, SignInStore } from '../flows/sign-in-manager.js';
import type { TokenSet } from '../flows/oauth-operations.js';
import type { FetchLike } from '../http/http-client.js';
import type { Logger } from '../logging/logger.js';
import { currentIssuer } from '../providers/current-issuer.js';
import type { Provider, ProviderProfile } from '../providers/provider.js';
import { cachedTokenFrom, type TokenService } from '../refresh/token-service.js';
import type { SecretStore, StoredCredential } from '../secrets/secret-store.js';
import type { AccountsRepository } from '../storage/accounts-repository.js';
import type { AuthEventsRepository } from '../storage/auth-events-repository.js';
import type { SyncServer } from '../sync/sync-server.js';
import type { AccountState } from './account-state.js';
import { fetchAvatar } from './avatar.js';
import { applyGrantedScopes } from './granted-scopes.js';

export interface SignInRecorderDeps {
  accounts: AccountsRepository;
  authEvents: AuthEventsRepository;
  secrets: SecretStore;
  sync: SyncServer;
  tokens: TokenService;
  state: AccountState;
  http: FetchLike;
  logger: Logger;
}

/**
 * Keeps what a finished sign-in obtained, in the order that survives a crash at any step:
 * keychain first, then SQLite, then the cache. And, after a damaged database was rebuilt, puts
 * the accounts the keychain still knows back.
 */
export class SignInRecorder implements SignInStore {
  constructor(private readonly deps: SignInRecorderDeps) {}

  async record(provider: Provider, tokens: TokenSet, profile: ProviderProfile): Promise<CompletedSignIn> {
    const { accounts, secrets, sync, state } = this.deps;
    const started = Date.now();
    const existing = accounts.findByIdentity(provider.id, provider.issuer, profile.providerUserId);
    const accountId = existing?.id ?? randomUUID();
    crashPoint('sign-in:after-exchange');
    const credential = credentialFor(provider, tokens, profile);
    if (credential) await secrets.setCredential(accountId, credential);
    crashPoint('sign-in:after-keychain');
    const avatar = await fetchAvatar(this.deps.http, profile.avatarUrl, provider.insecureLoopback);
    const { account } = accounts.upsert(
      {
        provider: provider.id,
        issuer: provider.issuer,
        providerUserId: profile.providerUserId,
        login: profile.login,
        displayName: profile.displayName,
        email: profile.email,
        avatar,
        // A new account starts with what was granted; a known one changes through applyGrantedScopes.
        scopes: existing?.scopes ?? parseScopeValue(tokens.scope ?? provider.scopes.join(' ')),
      },
      accountId,
    );
    if (existing) applyGrantedScopes(this.deps, account, tokens.scope ?? provider.scopes.join(' '));
    state.note(account);
    crashPoint('sign-in:after-database');
    const token = cachedTokenFrom(tokens);
    await sync.set({ accountId, provider: provider.id }, token).catch((error: unknown) => {
      this.deps.logger.warn('could not cache the new access token', {
        errorCode: (error as SignetError).code,
      });
    });
    this.deps.tokens.remember(accountId, token);
    this.deps.tokens.backoff.succeed(accountId);
    this.deps.authEvents.record({
      accountId,
      provider: provider.id,
      kind: 'sign-in',
      outcome: 'success',
      durationMs: Date.now() - started,
    });
    await state.changed();
    return { accountId, created: existing === undefined };
  }

  /**
   * After a damaged database was quarantined and replaced, puts back every account whose
   * credential is still in the keychain (same id, so nothing else changes). Profiles come back
   * as the keychain knew them; the next sign-in refreshes names and avatars.
   */
  async recoverFromKeychain(): Promise<number> {
    const { accounts, secrets, state } = this.deps;
    let recovered = 0;
    for (const { accountId, credential } of await secrets.listCredentials()) {
      const identity = credential.identity;
      if (!identity || accounts.get(accountId)) continue;
      const { account } = accounts.upsert(
        {
          provider: identity.provider,
          // Identities stored by an older Signet carry the issuer it knew then (GitHub's, say).
          issuer: currentIssuer(identity.provider, identity.issuer),
          providerUserId: identity.providerUserId,
          login: identity.login,
          displayName: null,
          email: null,
          avatar: null,
          scopes: [],
        },
        accountId,
      );
      state.note(account);
      recovered += 1;
    }
    if (recovered > 0) await state.changed();
    return recovered;
  }
}

/**
 * What goes to the keychain: the refresh token, or the access token itself where it never
 * expires and no refresh token exists (GitHub OAuth apps). A short-lived token with no refresh
 * token is not worth keeping past its life: nothing.
 */
function credentialFor(
  provider: Provider,
  tokens: TokenSet,
  profile: ProviderProfile,
): StoredCredential | null {
  const identity = {
    provider: provider.id,
    issuer: provider.issuer,
    providerUserId: profile.providerUserId,
    login: profile.login,
  };
  if (tokens.refreshToken) {
    return {
      kind: 'refresh_token',
      token: tokens.refreshToken,
      expiresAt: tokens.refreshTokenExpiresAt?.toISOString() ?? null,
      identity,
    };
  }
  return tokens.expiresAt === null ? { kind: 'access_token', token: tokens.accessToken, identity } : null;
}
