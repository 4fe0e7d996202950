import { SignetError } from '../../../shared/errors.js';
import { createOidcProvider } from './oidc-provider.js';
import type { Provider, ProviderClientOptions } from './provider.js';

export interface MicrosoftProviderOptions extends Omit<ProviderClientOptions, 'clientSecret'> {
  /** `https://login.microsoftonline.com`, or a loopback `http` authority for local servers. */
  authority: string;
  /** `common` (work, school and personal accounts), `organizations`, `consumers`, or a tenant id. */
  tenant: string;
}

export const microsoftAuthority = 'https://login.microsoftonline.com';
export const multiTenantNames = ['common', 'organizations', 'consumers'] as const;

/** Scopes every Microsoft sign-in asks for: an ID token, the profile, the email, a refresh token. */
const baseScopes = ['openid', 'profile', 'email', 'offline_access'];

const tenantIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Microsoft Entra ID (work and school accounts) and personal Microsoft accounts, as a public
 * client: "Public clients, which include native applications and single page apps, must not use
 * secrets or certificates when redeeming an authorization code", so no secret is ever sent.
 *
 * - Tenants: the `{tenant}` path segment is `common`, `organizations`, `consumers` or a tenant id.
 * - Issuer: the multi-tenant metadata's `issuer` is the template
 *   `https://login.microsoftonline.com/{tenantid}/v2.0`; an app "must validate that the issuer
 *   property in the published metadata matches the iss claim in the token, in addition to the
 *   usual check that the iss claim in the token contains the tenant ID (tid)". The ID token's
 *   `iss` must be the template filled with the token's own `tid`; one naming another tenant is
 *   refused.
 * - Refresh tokens (`offline_access`) "replace themselves with a fresh token upon every use"; the
 *   old one is not revoked, and the new one is kept.
 * - No revocation endpoint for public clients: signing out forgets locally.
 * - Redirect: the port of a loopback redirect "is ignored for the purposes of matching", so any
 *   port works once `http://127.0.0.1/callback` is registered (through the app manifest's
 *   `replyUrlsWithType`: the portal takes `http://localhost` only); `[::1]` "isn't currently
 *   supported".
 * - `prompt=select_account` "interrupts single sign-on providing account selection experience".
 *
 * @see https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow
 * @see https://learn.microsoft.com/en-us/entra/identity-platform/howto-convert-app-to-be-multi-tenant#update-your-code-to-handle-multiple-issuer-values
 * @see https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference
 * @see https://learn.microsoft.com/en-us/entra/identity-platform/refresh-tokens
 * @see https://learn.microsoft.com/en-us/entra/identity-platform/reply-url#localhost-exceptions
 * (all read 2026-12-02)
 */
export function createMicrosoftProvider(options: MicrosoftProviderOptions): Provider {
  const issuer = `${options.authority}/${options.tenant}/v2.0`;
  return createOidcProvider({
    id: 'microsoft',
    name: 'Microsoft',
    issuer,
    clientId: options.clientId,
    clientSecret: null,
    tokenEndpointAuthMethod: 'none',
    scopes: [...new Set([...baseScopes, ...(options.scopes ?? [])])],
    redirectPort: options.redirectPort,
    selectAccountParams: { prompt: 'select_account' },
    // "prompt=select_account interrupts single sign-on providing account selection experience"
    // (Microsoft identity platform, OAuth 2.0 authorization code flow, read 2026-12-02).
    promptsDocumented: true,
    missing: options.clientId ? [] : ['SIGNET_MICROSOFT_CLIENT_ID'],
    http: options.http,
    acceptDiscoveredIssuer: (discovered) => acceptableMicrosoftIssuer(options, discovered),
    idTokenIssuer: (claims, as) => microsoftIdTokenIssuer(options.authority, claims, as.issuer),
    // The access token is for Microsoft Graph, or for whatever resource the user asked scopes of:
    // who signed in comes from the ID token, not a userinfo call that needs a Graph token.
    profileFromIdToken: true,
    rotatesRefreshTokens: true,
    // Entra has no revocation endpoint for public clients (see above): sign-out forgets locally.
    cannotRevoke: true,
  });
}

/**
 * The discovery document's issuer, for the configured tenant: the `{tenantid}` template for
 * `common` and `organizations`, a tenant id for `consumers` (personal accounts live in one
 * tenant) or a tenant named by domain, and exactly that tenant for a tenant id.
 */
function acceptableMicrosoftIssuer(options: MicrosoftProviderOptions, discovered: string): boolean {
  if (tenantIdPattern.test(options.tenant)) {
    return discovered === `${options.authority}/${options.tenant}/v2.0`;
  }
  if (discovered === `${options.authority}/{tenantid}/v2.0`) {
    return options.tenant === 'common' || options.tenant === 'organizations';
  }
  const prefix = `${options.authority}/`;
  const tenant = discovered.startsWith(prefix) ? discovered.slice(prefix.length, -'/v2.0'.length) : '';
  return discovered.endsWith('/v2.0') && tenantIdPattern.test(tenant);
}

/**
 * The issuer a Microsoft ID token must carry: the metadata's issuer with `{tenantid}` filled by
 * the token's own `tid`. A token without a tenant id, or (for a single-tenant metadata) with
 * another tenant's, cannot be right whatever its `iss` says.
 */
export function microsoftIdTokenIssuer(
  authority: string,
  claims: Readonly<Record<string, unknown>>,
  metadataIssuer: string,
): string {
  const tid = claims['tid'];
  if (typeof tid !== 'string' || !tenantIdPattern.test(tid)) {
    throw new SignetError('id-token-invalid', 'Microsoft sent an ID token without a tenant id (tid).');
  }
  const expected = metadataIssuer.replace('{tenantid}', tid);
  if (expected !== `${authority}/${tid}/v2.0`) {
    throw new SignetError(
      'id-token-invalid',
      'Microsoft sent an ID token whose tenant (tid) is not the configured one.',
    );
  }
  return expected;
}
