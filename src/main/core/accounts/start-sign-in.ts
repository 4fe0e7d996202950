import type { SignInMethod } from '../../../shared/domain.js';
import type { CompletedSignIn, SignInManager } from '../flows/sign-in-manager.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import type { AccountState } from './account-state.js';

export interface StartSignInDeps {
  state: AccountState;
  providers: ProviderRegistry;
  signIns: SignInManager;
}

/**
 * Starts a new sign-in with a provider. With an account of this provider already here, the
 * provider is asked to let the person choose (so a second account can be added); `scopes` are
 * asked for beside the provider's own.
 */
export function startSignIn(
  deps: StartSignInDeps,
  providerId: string,
  options: { method?: SignInMethod; scopes?: readonly string[] } = {},
): { flowId: string; result: Promise<CompletedSignIn> } {
  const selectAccount = deps.state.summaries().some((account) => account.provider === providerId);
  const scopes = options.scopes && [
    ...new Set([...deps.providers.require(providerId).scopes, ...options.scopes]),
  ];
  return deps.signIns.start(providerId, options.method ?? 'browser', {
    selectAccount,
    ...(scopes ? { scopes } : {}),
  });
}
