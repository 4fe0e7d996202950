import * as oauth from 'oauth4webapi';
import { z } from 'zod';
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
  clientId: string | null;
  clientSecret: string | null;
  clientAuthMethod?: 'post' | 'basic';
  scopes: string[];
  redirectPort: number | null;
  authorizationParams?: Record<string, string>;
  missing: string[];
  http: FetchLike;
}

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
  const provider: Provider = {
    id: options.id,
    name: options.name,
    issuer: options.issuer,
    clientId: options.clientId,
    configured: options.missing.length === 0,
    missing: options.missing,
    methods: ['browser'],
    scopes: options.scopes,
    redirectPort: options.redirectPort,
    policy: { iss: 'checked-if-present', oidc: true, rotatesRefreshTokens: false },
    authorizationParams: options.authorizationParams ?? {},
    fetch: options.http,
    insecureLoopback: isLoopbackUrl(options.issuer),
    metadata() {
      metadata ??= (options.staticMetadata ? Promise.resolve(options.staticMetadata) : discover()).catch(
        (error: unknown) => {
          metadata = undefined;
          throw error;
        },
      );
      return metadata;
    },
    client: () => ({
      client_id: options.clientId ?? '',
      id_token_signed_response_alg: 'RS256',
      // A laptop clock can be minutes off; exp/nbf checks allow for it (iat: id-token-policy.ts).
      [oauth.clockTolerance]: clockSkewToleranceSeconds,
    }),
    clientAuth: () => clientAuthFor(options.clientSecret, options.clientAuthMethod),
    async fetchProfile(accessToken, claims): Promise<ProviderProfile> {
      const as = await provider.metadata();
      let info: z.infer<typeof userinfoSchema> | undefined;
      if (as.userinfo_endpoint) {
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
    return oauth.processDiscoveryResponse(issuer, response);
  }

  return provider;
}

function stringClaim(claims: oauth.IDToken | undefined, name: string): string | undefined {
  const value = claims?.[name];
  return typeof value === 'string' ? value : undefined;
}
