import * as oauth from 'oauth4webapi';
import { z } from 'zod';
import type { SignInMethod } from '../../../shared/domain.js';
import { SignetError } from '../../../shared/errors.js';
import type { FetchLike } from '../http/http-client.js';
import { clockSkewToleranceSeconds } from './id-token-policy.js';
import { clientAuthFor, isLoopbackUrl, oauthHttpOptions } from './oauth-options.js';
import type { Provider, ProviderProfile } from './provider.js';
import { revokeAtEndpoint } from './revoke-token.js';

export interface OidcProviderOptions {
  id: string;
  name: string;
  issuer: string;
  /** Endpoints known in advance; when absent, OIDC discovery on the issuer. */
  staticMetadata?: oauth.AuthorizationServer;
  /** The provider documents no revocation for this kind of client. */
  cannotRevoke?: boolean;
  clientId: string | null;
  clientSecret: string | null;
  /** How the client authenticates at the token endpoint; default `client_secret_post` with a secret, else `none`. */
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  scopes: string[];
  redirectPort: number | null;
  authorizationParams?: Record<string, string>;
  /** What makes the provider show its account chooser; default `prompt=select_account`. */
  selectAccountParams?: Record<string, string>;
  /** See `Provider.promptsDocumented`; default: when the endpoints are known in advance. */
  promptsDocumented?: boolean;
  missing: string[];
  http: FetchLike;
  /**
   * Whether the discovery document's `issuer` is acceptable, for a provider whose metadata names
   * another issuer than the URL it is fetched from (Microsoft's `/common/v2.0` publishes the
   * template `…/{tenantid}/v2.0`). Default: it must equal `issuer` (OpenID Discovery §4.3).
   */
  acceptDiscoveredIssuer?: (discovered: string) => boolean;
  /** See `Provider.idTokenIssuer`. */
  idTokenIssuer?: Provider['idTokenIssuer'];
  /** Who signed in comes from the ID token alone, never the userinfo endpoint. */
  profileFromIdToken?: boolean;
  rotatesRefreshTokens?: boolean;
  /**
   * Offer the device flow (RFC 8628) once the metadata names a `device_authorization_endpoint`
   * (default true). Google's lists one that its Desktop clients cannot use.
   */
  offerDeviceFlow?: boolean;
}

/** Client authentication at the token endpoint, by its registered name (RFC 7591 §2). */
export type TokenEndpointAuthMethod = 'none' | 'client_secret_basic' | 'client_secret_post';

/**
 * The ID-token signing algorithms Signet verifies: asymmetric ones oauth4webapi supports. A
 * discovery document's list is narrowed to these; symmetric (HS*) and `none` are never taken.
 */
export const idTokenSigningAlgorithms = ['RS256', 'PS256', 'ES256', 'EdDSA'] as const;

const userinfoSchema = z.looseObject({
  sub: z.string().min(1).max(255),
  email: z.string().max(320).optional(),
  name: z.string().max(256).optional(),
  preferred_username: z.string().max(256).optional(),
  picture: z.string().max(2048).optional(),
});

/** An OpenID Connect provider: Google, or any issuer declared in config.json. */
export function createOidcProvider(options: OidcProviderOptions): Provider {
  let metadata: Promise<oauth.AuthorizationServer> | undefined;
  /** Known once the metadata is: discovery may name a device authorization endpoint. */
  let offersDevice = false;
  const provider: Provider = {
    id: options.id,
    name: options.name,
    issuer: options.issuer,
    clientId: options.clientId,
    configured: options.missing.length === 0,
    missing: options.missing,
    get methods(): SignInMethod[] {
      return offersDevice ? ['browser', 'device'] : ['browser'];
    },
    discoversMethods: !options.staticMetadata,
    ...(options.cannotRevoke ? { cannotRevoke: true } : {}),
    scopes: options.scopes,
    redirectPort: options.redirectPort,
    policy: {
      iss: 'checked-if-present',
      oidc: true,
      rotatesRefreshTokens: options.rotatesRefreshTokens ?? false,
    },
    authorizationParams: options.authorizationParams ?? {},
    selectAccountParams: options.selectAccountParams ?? { prompt: 'select_account' },
    promptsDocumented: options.promptsDocumented ?? options.staticMetadata !== undefined,
    ...(options.idTokenIssuer ? { idTokenIssuer: options.idTokenIssuer } : {}),
    fetch: options.http,
    insecureLoopback: isLoopbackUrl(options.issuer),
    metadata() {
      metadata ??= (options.staticMetadata ? Promise.resolve(options.staticMetadata) : discover())
        .then(withVerifiableAlgorithms)
        .then((as) => {
          offersDevice =
            (options.offerDeviceFlow ?? true) && typeof as.device_authorization_endpoint === 'string';
          return as;
        })
        .catch((error: unknown) => {
          metadata = undefined;
          throw error;
        });
      return metadata;
    },
    client: () => ({
      client_id: options.clientId ?? '',
      // No fixed algorithm: oauth4webapi takes the metadata's list (narrowed above), else RS256.
      // A laptop clock can be minutes off; exp/nbf checks allow for it (iat: id-token-policy.ts).
      [oauth.clockTolerance]: clockSkewToleranceSeconds,
    }),
    clientAuth: () => clientAuthentication(options.tokenEndpointAuthMethod, options.clientSecret),
    // An OpenID provider authenticates its client at every endpoint, the device ones included.
    deviceClientAuth: () => clientAuthentication(options.tokenEndpointAuthMethod, options.clientSecret),
    async fetchProfile(accessToken, claims): Promise<ProviderProfile> {
      const as = await provider.metadata();
      let info: z.infer<typeof userinfoSchema> | undefined;
      if (as.userinfo_endpoint && !options.profileFromIdToken) {
        const response = await oauth.userInfoRequest(
          as,
          provider.client(),
          accessToken,
          oauthHttpOptions(provider),
        );
        const raw = await oauth.processUserInfoResponse(
          as,
          provider.client(),
          claims?.sub ?? oauth.skipSubjectCheck,
          response,
        );
        const parsed = userinfoSchema.safeParse(raw);
        if (!parsed.success)
          throw new SignetError('provider-error', `${options.name} sent a malformed profile.`);
        info = parsed.data;
      }
      const sub = info?.sub ?? claims?.sub;
      if (!sub) throw new SignetError('provider-error', `${options.name} did not say who signed in.`);
      const email = info?.email ?? stringClaim(claims, 'email');
      const name = info?.name ?? stringClaim(claims, 'name');
      return {
        providerUserId: sub,
        login: email ?? info?.preferred_username ?? stringClaim(claims, 'preferred_username') ?? sub,
        displayName: name ?? null,
        email: email ?? null,
        avatarUrl: info?.picture ?? stringClaim(claims, 'picture') ?? null,
      };
    },
    revoke: async (tokens) => revokeAtEndpoint(provider, await provider.metadata(), tokens),
  };

  async function discover(): Promise<oauth.AuthorizationServer> {
    const issuer = new URL(options.issuer);
    const response = await oauth.discoveryRequest(issuer, {
      algorithm: 'oidc',
      ...oauthHttpOptions(provider),
    });
    if (!options.acceptDiscoveredIssuer) return oauth.processDiscoveryResponse(issuer, response);
    // oauth4webapi checks the document's issuer against the one it is given: give it the one
    // the document names, once this provider's own rule has accepted it.
    const discovered = await discoveredIssuer(response.clone());
    if (discovered === null || !options.acceptDiscoveredIssuer(discovered)) {
      throw new SignetError('provider-error', `${options.name}'s discovery document names another issuer.`);
    }
    return oauth.processDiscoveryResponse(new URL(discovered), response);
  }

  return provider;
}

function clientAuthentication(
  method: TokenEndpointAuthMethod | undefined,
  clientSecret: string | null,
): oauth.ClientAuth {
  if (method === 'none') return oauth.None();
  return clientAuthFor(clientSecret, method === 'client_secret_basic' ? 'basic' : 'post');
}

function withVerifiableAlgorithms(as: oauth.AuthorizationServer): oauth.AuthorizationServer {
  const listed = as.id_token_signing_alg_values_supported;
  if (!Array.isArray(listed)) return as;
  const usable = listed.filter((alg) => (idTokenSigningAlgorithms as readonly string[]).includes(alg));
  // Nothing Signet can verify: leave oauth4webapi its RS256 default rather than an empty list.
  if (usable.length === 0) {
    const { id_token_signing_alg_values_supported: _dropped, ...rest } = as;
    return rest;
  }
  return { ...as, id_token_signing_alg_values_supported: usable };
}

async function discoveredIssuer(response: Response): Promise<string | null> {
  try {
    const body = (await response.json()) as unknown;
    const issuer = body && typeof body === 'object' ? (body as { issuer?: unknown }).issuer : undefined;
    return typeof issuer === 'string' ? issuer : null;
  } catch {
    return null;
  }
}

function stringClaim(claims: oauth.IDToken | undefined, name: string): string | undefined {
  const value = claims?.[name];
  return typeof value === 'string' ? value : undefined;
}
