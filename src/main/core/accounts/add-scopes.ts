import type { SignInMethod } from '../../../shared/domain.js';
import { SignetError } from '../../../shared/errors.js';
import { consentRequest } from '../flows/consent-request.js';
import type { CompletedSignIn, SignInManager } from '../flows/sign-in-manager.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import type { AccountState } from './account-state.js';

export interface AddScopesDeps {
  state: AccountState;
  providers: ProviderRegistry;
  signIns: SignInManager;
}

/**
 * Starts an incremental consent on an account: a sign-in that asks its provider for the union of
 * what the account holds and `scopes` (`consentRequest`), and must come back as the same person.
 * The finished sign-in updates that account, never a new one; someone else is refused
 * (`wrong-account`) and nothing changes.
 */
export function addScopes(
  deps: AddScopesDeps,
  accountId: string,
  scopes: readonly string[],
  method: SignInMethod = 'browser',
): { flowId: string; result: Promise<CompletedSignIn> } {
  const wanted = [...new Set(scopes.map((scope) => scope.trim()).filter(Boolean))];
  if (wanted.length === 0) throw new SignetError('invalid-input', 'Name at least one scope to add.');
  const account = deps.state.require(accountId);
  const provider = deps.providers.require(account.provider);
  return deps.signIns.start(provider.id, method, consentRequest(provider, account, wanted));
}
