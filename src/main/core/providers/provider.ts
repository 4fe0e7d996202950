import type * as oauth from 'oauth4webapi';
import type { SignInMethod } from '../../../shared/domain.js';
import type { FetchLike } from '../http/http-client.js';

/** Who signed in, as the provider describes them. */
export interface ProviderProfile {
  providerUserId: string;
  login: string;
  displayName: string | null;
  email: string | null;
  avatarUrl: string | null;
}

/**
 * How a provider answers the checks of the authorization response.
 * - `iss`: `required` — the response must carry `iss` (RFC 9207) equal to the issuer;
 *   `checked-if-present` — absent is fine, present must match.
 * @see RFC 9207 §2.4
 */
export interface ProviderPolicy {
  iss: 'required' | 'checked-if-present';
  /** OIDC: send a nonce and require a valid ID token in the code exchange. */
  oidc: boolean;
  /** Refresh tokens are single-use: each refresh returns a new one that replaces the old. */
  rotatesRefreshTokens: boolean;
}

/**
 * Everything Signet knows of one authorization server. The flows are generic; what differs
 * between Google, GitHub, Discord and other OIDC providers lives here.
 */
export interface Provider {
  readonly id: string;
  readonly name: string;
  /** The issuer identifier stored with accounts: (provider, issuer, user id) is an identity. */
  readonly issuer: string;
  readonly clientId: string | null;
  readonly configured: boolean;
  /** Variables to set when it is not configured. */
  readonly missing: string[];
  readonly methods: SignInMethod[];
  /** The methods are known only once discovery has answered (an OpenID provider's device flow). */
  readonly discoversMethods?: boolean;
  readonly scopes: string[];
  /** A fixed loopback port, for providers whose registration needs an exact redirect URI. */
  readonly redirectPort: number | null;
  readonly policy: ProviderPolicy;
  /** Extra authorization request parameters, such as Google's `access_type=offline`. */
  readonly authorizationParams: Record<string, string>;
  /**
   * What makes the provider show its account chooser instead of signing the browser's current
   * user in again (for "Add account" when one exists); laid over `authorizationParams`. Empty
   * where the provider documents no such parameter.
   */
  readonly selectAccountParams: Record<string, string>;
  /**
   * The provider documents the `prompt` values it takes (select_account…). Otherwise they are
   * sent only if its metadata lists them in `prompt_values_supported`: a server that does not
   * know one refuses the request (oidc-provider does).
   */
  readonly promptsDocumented?: boolean;
  /**
   * The issuer this ID token must carry, for providers with more than one correct value
   * (Microsoft's per-tenant template, Google's two spellings). It is given the token's claims as
   * sent, before validation; oauth4webapi then checks `iss` against the answer, and the signature
   * and every other claim as usual. Absent: the metadata's `issuer`. Throws `id-token-invalid`
   * when no issuer can be right.
   */
  idTokenIssuer?(claims: Readonly<Record<string, unknown>>, as: oauth.AuthorizationServer): string;
  /** AS metadata: static, or from discovery (cached after the first call). */
  metadata(): Promise<oauth.AuthorizationServer>;
  client(): oauth.Client;
  clientAuth(): oauth.ClientAuth;
  /**
   * Client authentication for the device flow (RFC 8628 §3.1, §3.4). Absent: none, as GitHub's
   * device flow takes the client id alone.
   */
  deviceClientAuth?(): oauth.ClientAuth;
  /** The fetch oauth4webapi uses for this provider: where response quirks are smoothed out. */
  readonly fetch: FetchLike;
  /** True when the endpoints are plain http on loopback (local test servers). */
  readonly insecureLoopback: boolean;
  fetchProfile(accessToken: string, idTokenClaims: oauth.IDToken | undefined): Promise<ProviderProfile>;
  /** Revokes the grant where the provider can; false where it cannot. */
  revoke(tokens: { accessToken: string | null; refreshToken: string | null }): Promise<boolean>;
  /** The provider documents no way for this client to revoke a grant: sign-out only forgets. */
  readonly cannotRevoke?: boolean;
}

/** What every built-in provider's factory takes: the registered client and the HTTP client. */
export interface ProviderClientOptions {
  clientId: string | null;
  clientSecret: string | null;
  /** The scopes to ask for; null: the provider's defaults. */
  scopes: string[] | null;
  redirectPort: number | null;
  http: FetchLike;
}
