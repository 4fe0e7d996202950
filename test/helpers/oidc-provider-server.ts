// A real, certified OpenID Provider (panva's oidc-provider) on 127.0.0.1 and an ephemeral port, for
// end-to-end tests of the Google path (discovery, ID tokens, userinfo, refresh, revocation).
//
// One native client (RFC 8252 §7.3: the loopback redirect is registered without a port and any
// port is accepted), PKCE required, refresh tokens issued to it and rotated on every use, and
// revocation. Login and consent are answered at once, as "alice", without a human; the browser
// must keep cookies, as oidc-provider ties an interaction to the browser by cookie.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import Provider, { type Interaction, type StoredToken } from 'oidc-provider';

export interface OidcUser {
  sub: string;
  email: string;
  name: string;
}

export const OIDC_DEFAULT_USER: OidcUser = {
  sub: 'alice',
  email: 'alice@oidc.test',
  name: 'Alice Liddell',
};

export interface OidcProviderServerOptions {
  /** Lifetime of access tokens issued from now on (default 600 s); see setAccessTokenTtl. */
  accessTokenTtlSeconds?: number;
  /**
   * oidc-provider's own policy: a refresh token only for the offline_access scope (which it keeps
   * only with prompt=consent). Default false: one for every authorization code, as Google does
   * for access_type=offline.
   */
  refreshTokenOnlyForOfflineAccess?: boolean;
  /** The algorithm ID tokens are signed with (default RS256), the one the discovery lists. */
  signingAlg?: 'RS256' | 'PS256' | 'ES256' | 'EdDSA';
  /** How the client authenticates at the token endpoint (default client_secret_post). */
  tokenEndpointAuthMethod?: 'client_secret_post' | 'client_secret_basic' | 'none';
}

export interface OidcProviderStats {
  /** Every POST to the token endpoint, whatever its grant type or outcome. */
  tokenRequests: number;
  /** Successful token endpoint answers by grant type. */
  codeExchanges: number;
  refreshRequests: number;
  /** Token endpoint errors (any grant type). */
  tokenErrors: string[];
  /** Grants revoked (through the revocation endpoint, or for refresh token reuse). */
  revokedGrants: string[];
  /** Every POST to the revocation endpoint. */
  revokeRequests: number;
}

export interface OidcProviderServer {
  /** The issuer: http://127.0.0.1:PORT */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly provider: Provider;
  readonly stats: OidcProviderStats;
  /** Every access and refresh token issued so far (opaque values), for leak scans. */
  readonly issuedTokens: string[];
  /** Query of the last authorization request (before any interaction). */
  readonly lastAuthorizationRequest: URLSearchParams | null;
  /** Errors oidc-provider reported as server errors: a test should expect none. */
  readonly serverErrors: string[];
  resetStats(): void;
  setAccessTokenTtl(seconds: number): void;
  isAccessTokenValid(token: string): Promise<boolean>;
  /** Unexpired, not consumed by a rotation, not revoked. */
  isRefreshTokenValid(token: string): Promise<boolean>;
  /** Whether the grant of a token it issued was revoked since the last resetStats(). */
  wasRevoked(token: string): boolean;
  /** Who logs in at the next interactions (another person at the browser); alice by default. */
  signInAs(sub: string): void;
  close(): Promise<void>;
}

function emptyStats(): OidcProviderStats {
  return {
    tokenRequests: 0,
    codeExchanges: 0,
    refreshRequests: 0,
    tokenErrors: [],
    revokedGrants: [],
    revokeRequests: 0,
  };
}

function signingKey(alg: NonNullable<OidcProviderServerOptions['signingAlg']>): Record<string, unknown> {
  const { privateKey } =
    alg === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : alg === 'EdDSA'
        ? generateKeyPairSync('ed25519')
        : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: `test-${alg.toLowerCase()}`, alg, use: 'sig' };
}

/** Starts oidc-provider with one native client and automatic login and consent. */
export async function startOidcProvider(
  options: OidcProviderServerOptions = {},
): Promise<OidcProviderServer> {
  const clientId = 'signet-native';
  const signingAlg = options.signingAlg ?? 'RS256';
  const clientSecret = randomBytes(24).toString('base64url');
  let accessTokenTtl = options.accessTokenTtlSeconds ?? 600;
  let stats = emptyStats();
  const issuedTokens: string[] = [];
  /** The grant behind each issued token: revocation ends a grant, not one token. */
  const grantOf = new Map<string, string>();
  const serverErrors: string[] = [];
  let lastAuthorizationRequest: URLSearchParams | null = null;
  let loginAs = OIDC_DEFAULT_USER.sub;

  const server = createServer();
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        ...(options.tokenEndpointAuthMethod === 'none' ? {} : { client_secret: clientSecret }),
        application_type: 'native',
        redirect_uris: ['http://127.0.0.1/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: options.tokenEndpointAuthMethod ?? 'client_secret_post',
        id_token_signed_response_alg: signingAlg,
      },
    ],
    jwks: { keys: [signingKey(signingAlg)] },
    enabledJWA: { idTokenSigningAlgValues: [signingAlg] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // An API scope beyond OpenID's, for adding a permission to an account by incremental consent.
    scopes: ['openid', 'offline_access', 'api:read'],
    findAccount: (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: () => ({
        sub,
        email: OIDC_DEFAULT_USER.email,
        email_verified: true,
        name: OIDC_DEFAULT_USER.name,
      }),
    }),
    features: {
      devInteractions: { enabled: false },
      revocation: {
        enabled: true,
        // A client revokes only its own tokens.
        allowedPolicy: (_ctx: unknown, client: { clientId: string }, token: { clientId?: string }) =>
          token.clientId === client.clientId,
      },
    },
    pkce: { required: () => true },
    // Signet's Google scopes carry no offline_access (Google uses access_type=offline instead).
    ...(options.refreshTokenOnlyForOfflineAccess
      ? {}
      : {
          issueRefreshToken: (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) =>
            client.grantTypeAllowed('refresh_token'),
        }),
    rotateRefreshToken: true,
    ttl: {
      AccessToken: () => accessTokenTtl,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: 14 * 24 * 3600,
      Interaction: 600,
      Session: 24 * 3600,
      Grant: 14 * 24 * 3600,
    },
    renderError: (ctx: { type: string; body: string }, out: Record<string, string>) => {
      ctx.type = 'text/plain';
      ctx.body = `${out['error'] ?? 'error'}: ${out['error_description'] ?? ''}`;
    },
  });

  provider.on('grant.success', (ctx) => {
    const grantType = ctx.oidc?.params?.['grant_type'];
    if (grantType === 'authorization_code') stats.codeExchanges++;
    if (grantType === 'refresh_token') stats.refreshRequests++;
  });
  provider.on('grant.error', (_ctx, error) => stats.tokenErrors.push(error.message));
  provider.on('grant.revoked', (_ctx, grantId) => stats.revokedGrants.push(grantId));
  const recordIssued = (token: StoredToken) => {
    issuedTokens.push(token.jti);
    if (token.grantId !== undefined) grantOf.set(token.jti, token.grantId);
  };
  provider.on('access_token.saved', recordIssued);
  provider.on('refresh_token.saved', recordIssued);
  provider.on('server_error', (_ctx, error) => serverErrors.push(error.message));

  const handleProvider = provider.callback();

  /** Login and consent, at once, for whatever the client asked. */
  async function interact(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details: Interaction = await provider.interactionDetails(req, res);
    const { prompt, params } = details;
    if (prompt.name === 'login') {
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: loginAs } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    if (prompt.name !== 'consent') throw new Error(`unexpected prompt ${prompt.name}`);
    const grant = new provider.Grant({
      accountId: details.session?.accountId ?? loginAs,
      clientId: String(params['client_id']),
    });
    grant.addOIDCScope(prompt.details.missingOIDCScope?.join(' ') ?? String(params['scope'] ?? 'openid'));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(prompt.details.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', issuer);
    if (req.method === 'GET' && /^\/interaction\/[\w-]+$/.test(url.pathname)) {
      interact(req, res).catch((error: unknown) => {
        serverErrors.push(error instanceof Error ? error.message : String(error));
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('interaction failed');
      });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/auth') {
      lastAuthorizationRequest = new URLSearchParams(url.searchParams);
    }
    if (req.method === 'POST' && url.pathname === '/token') stats.tokenRequests++;
    if (req.method === 'POST' && url.pathname === '/token/revocation') stats.revokeRequests++;
    handleProvider(req, res);
  });

  const isValid = async (model: Provider['AccessToken'], value: string): Promise<boolean> => {
    const token = await model.find(value);
    return token !== undefined && !token.isExpired && !token.consumed;
  };

  return {
    issuer,
    clientId,
    clientSecret,
    provider,
    get stats() {
      return stats;
    },
    issuedTokens,
    get lastAuthorizationRequest() {
      return lastAuthorizationRequest;
    },
    serverErrors,
    resetStats: () => {
      stats = emptyStats();
    },
    setAccessTokenTtl: (seconds) => {
      accessTokenTtl = seconds;
    },
    isAccessTokenValid: (token) => isValid(provider.AccessToken, token),
    isRefreshTokenValid: (token) => isValid(provider.RefreshToken, token),
    wasRevoked: (token) => {
      const grantId = grantOf.get(token);
      return grantId !== undefined && stats.revokedGrants.includes(grantId);
    },
    signInAs: (sub) => {
      loginAs = sub;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
