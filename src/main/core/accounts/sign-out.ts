import type { SignetError } from '../../../shared/errors.js';
import { crashPoint } from '../faults/crash-points.js';
import type { Logger } from '../logging/logger.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import type { TokenService } from '../refresh/token-service.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { AccountsRepository } from '../storage/accounts-repository.js';
import type { AuthEventsRepository } from '../storage/auth-events-repository.js';
import type { SyncServer } from '../sync/sync-server.js';
import type { AccountState } from './account-state.js';

export interface SignOutDeps {
  accounts: AccountsRepository;
  authEvents: AuthEventsRepository;
  secrets: SecretStore;
  sync: SyncServer;
  tokens: TokenService;
  providers: ProviderRegistry;
  state: AccountState;
  logger: Logger;
}

/**
 * Signs out: forgets the tokens locally first (so none is served again, whatever happens next),
 * then revokes at the provider where it can, then removes the account. A crash part-way leaves
 * the account marked as needing sign-in, never serving a token.
 * @see RFC 7009
 */
export async function signOut(deps: SignOutDeps, accountId: string): Promise<{ revoked: boolean }> {
  const { accounts, secrets, sync, tokens, state } = deps;
  const account = state.require(accountId);
  const ref = { accountId, provider: account.provider };
  const provider = deps.providers.find(account.provider);
  // No refresh may run while the tokens are forgotten: one answered later would store its
  // rotated refresh token again, live and never revoked.
  const { credential, cached } = await tokens.exclusive(ref, async () => {
    const credential = await secrets.getCredential(accountId).catch(() => null);
    const cached = await sync.get(ref).catch(() => null);
    tokens.forget(accountId);
    await sync.delete(ref).catch(() => undefined);
    await secrets.deleteCredential(accountId);
    const marked = accounts.setStatus(accountId, 'needs-reauth', 'signed-out');
    if (marked) state.note(marked);
    return { credential, cached };
  });
  crashPoint('sign-out:after-local-forget');
  let revoked = false;
  if (provider?.configured && (credential || cached)) {
    try {
      revoked = await provider.revoke({
        accessToken: credential?.kind === 'access_token' ? credential.token : (cached?.accessToken ?? null),
        refreshToken: credential?.kind === 'refresh_token' ? credential.token : null,
      });
    } catch (error) {
      deps.logger.warn('revocation failed; forgetting locally anyway', {
        provider: account.provider,
        errorCode: (error as SignetError).code,
      });
    }
  }
  crashPoint('sign-out:after-revoke');
  state.forget(accountId);
  accounts.delete(accountId);
  deps.authEvents.record({
    accountId: null,
    provider: account.provider,
    kind: 'sign-out',
    outcome: 'success',
  });
  await state.changed();
  return { revoked };
}
