import type { Provider } from '../providers/provider.js';
import type { ExpectedIdentity, SignInOptions } from './sign-in-manager.js';

/** The account whose permissions grow: what it holds and who it is. */
export interface ConsentAccount extends ExpectedIdentity {
  scopes: readonly string[];
  email: string | null;
}

/**
 * How to ask a provider for more scopes on an account it already granted some (incremental
 * consent), so the answer covers the union and comes back as the same person:
 *
 * - Google: the provider's scopes and the added ones with `include_granted_scopes=true`, so the
 *   new grant also covers everything granted before, and `login_hint` to pick the account
 *   (https://developers.google.com/identity/protocols/oauth2/web-server#incrementalAuth, read 2026-12-02).
 * - Microsoft: the added scopes beside the base ones; consent to a resource's scopes accumulates
 *   and the token carries all of them (https://learn.microsoft.com/en-us/entra/identity-platform/permissions-consent-overview#incremental-and-dynamic-user-consent,
 *   read 2026-12-02), with `login_hint`.
 * - GitHub, Discord and other providers: the combined list, as the token carries the scopes of
 *   the request it answers (https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps#requested-scopes-and-granted-scopes,
 *   https://discord.com/developers/docs/topics/oauth2#authorization-code-grant, read 2026-12-02).
 *   An OpenID provider gets `login_hint` (OpenID Connect Core §3.1.2.1).
 */
export function consentRequest(
  provider: Provider,
  account: ConsentAccount,
  added: readonly string[],
): SignInOptions {
  const union = (...lists: (readonly string[])[]) => [...new Set(lists.flat())];
  const expected = { providerUserId: account.providerUserId, login: account.login };
  const hint: Record<string, string> =
    provider.policy.oidc && account.email ? { login_hint: account.email } : {};
  switch (provider.id) {
    case 'google':
      return {
        // Asking again for what was granted is harmless, and keeps the union where a Google-path
        // server does not know include_granted_scopes.
        scopes: union(provider.scopes, account.scopes, added),
        extraParams: { ...hint, include_granted_scopes: 'true' },
        expected,
      };
    case 'microsoft':
      return { scopes: union(provider.scopes, added), extraParams: hint, expected };
    default:
      return { scopes: union(provider.scopes, account.scopes, added), extraParams: hint, expected };
  }
}
