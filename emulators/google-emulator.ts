// Google emulator: an OpenID Connect provider with discovery, RS256 ID tokens and a JWKS, the
// userinfo endpoint and token revocation.
//
// Quirks reproduced, each with the Google page that states it (all read 2026-12-02):
// [native]    https://developers.google.com/identity/protocols/oauth2/native-app
// [webserver] https://developers.google.com/identity/protocols/oauth2/web-server#offline
// [oidc]      https://developers.google.com/identity/openid-connect/openid-connect
// [oidc-ref]  https://developers.google.com/identity/openid-connect/reference
// [backend-auth] https://developers.google.com/identity/sign-in/web/backend-auth
// - a refresh token only when the authorization asked for access_type=offline: that is the
//   web-server rule [webserver]. For installed apps [native] says "refresh tokens are always
//   returned for installed applications", so for a Desktop client this emulator is stricter
//   than Google (a known discrepancy);
// - refresh does not rotate: the refresh response carries a new access token and no
//   refresh_token, and the refresh token stays valid until revoked [native]; the fresh id_token
//   has no nonce (OpenID Connect Core §12.2 leaves it out);
// - the ID token claims iss, azp, aud, sub, email, email_verified, at_hash, nonce, name,
//   picture, given_name, family_name, iat, exp [oidc]; discovery, the JWKS, userinfo and
//   code_challenge_methods_supported ["plain", "S256"] [oidc-ref]. Google's issuer is
//   https://accounts.google.com; this emulator's is its own URL;
// - the ID token's iss is "equal to accounts.google.com or https://accounts.google.com"
//   [backend-auth]; `idTokenIss: 'schemeless'` sends the legacy form (here the URL without
//   `http://`);
// - `iss` in the authorization response: [oidc-ref] lists authorization_response_iss_parameter_
//   supported among the discovery fields ('declared', the default, sends both); Google has also
//   been seen sending `iss` to some users while its metadata did not declare it
//   (https://github.com/openiddict/openiddict-core/issues/2428, read 2026-12-02): 'undeclared';
//   'absent' sends neither;
// - the Desktop client has a client_secret that is sent but "is assumed not to be confidential"
//   [native]; a missing one answers "client_secret is missing.";
// - revoking an access token or a refresh token revokes the whole grant, answered 200, or 400
//   with an error [native];
// - not documented, kept as observed behaviour (an assumption): scopes answered in their long
//   form (https://www.googleapis.com/auth/userinfo.email, ...), `authuser` and `prompt` in the
//   authorization response, and codes that look like `4/0A...` (a slash the client must decode);
// - incremental authorization: with include_granted_scopes=true "the new access token also covers
//   any scopes to which the user previously granted the application access"; without it, only
//   the scopes of this request
//   (https://developers.google.com/identity/protocols/oauth2/web-server#incrementalAuth);
// - granular consent: the person may untick scopes, and the token's `scope` lists only those
//   granted (https://developers.google.com/identity/protocols/oauth2/resources/granular-permissions):
//   setDeclinedScopes.

import type { IncomingMessage, ServerResponse } from 'node:http';

import { makeIdenticon } from './avatars.js';
import type { BaseEmulator, EmulatorOptions } from './emulator-base.js';
import { parseBody } from './http/request-body.js';
import { sendHtml, sendJson, sendPng } from './http/responses.js';
import { ConsentedScopes } from './oauth/consented-scopes.js';
import { randomToken } from './oauth/secret-values.js';
import { TokenRefusal } from './oauth/token-endpoint.js';
import type { TokenEndpointRules } from './oauth/token-endpoint.js';
import { atHash, IdTokenSigner } from './oidc/id-token-signer.js';
import { OidcEmulatorBase } from './oidc/oidc-emulator-base.js';
import type { IdTokenControls } from './oidc/oidc-emulator-base.js';
import { sharedSigningKeys } from './oidc/signing-keys.js';

export type { IdTokenClaims, IdTokenSigning } from './oidc/id-token-signer.js';

export interface GoogleUser {
  sub: string;
  email: string;
  emailVerified: boolean;
  name: string;
  givenName: string;
  familyName: string;
}

export interface GoogleEmulatorOptions extends EmulatorOptions<GoogleUser> {
  /** Send `iss` in authorization responses and advertise it in discovery (default true). */
  sendIss?: boolean;
  /**
   * `iss` in authorization responses, finer than sendIss: 'declared' (sent and advertised in
   * discovery, the default), 'undeclared' (sent, not advertised), 'absent' (neither).
   */
  authorizationResponseIss?: 'declared' | 'undeclared' | 'absent';
  /** The ID token's iss: 'url' (default, the issuer) or 'schemeless' (Google's legacy form). */
  idTokenIss?: 'url' | 'schemeless';
}

export interface GoogleEmulator extends BaseEmulator<GoogleUser>, IdTokenControls {
  /** The OIDC issuer (= url). */
  readonly issuer: string;
  /** `${url}/.well-known/openid-configuration` */
  readonly discoveryUrl: string;
}

export const GOOGLE_DEFAULT_USER: GoogleUser = {
  sub: '1098765432100',
  email: 'jane.doe@gmail.test',
  emailVerified: true,
  name: 'Jane Doe',
  givenName: 'Jane',
  familyName: 'Doe',
};

const SCOPE_EMAIL = 'https://www.googleapis.com/auth/userinfo.email';
const SCOPE_PROFILE = 'https://www.googleapis.com/auth/userinfo.profile';
/** [oidc]'s example ID token lives one hour (exp - iat = 3600). */
const ID_TOKEN_TTL_SECONDS = 3600;

/** Google answers with the long form of the short OIDC scopes. */
function expandScope(scope: string): string {
  const expanded = scope
    .split(/\s+/)
    .filter(Boolean)
    .map((item) => (item === 'email' ? SCOPE_EMAIL : item === 'profile' ? SCOPE_PROFILE : item));
  return [...new Set(expanded)].join(' ');
}

function hasScope(scope: string, wanted: 'openid' | 'email' | 'profile'): boolean {
  const items = scope.split(/\s+/);
  if (wanted === 'openid') return items.includes('openid');
  return items.includes(wanted) || items.includes(wanted === 'email' ? SCOPE_EMAIL : SCOPE_PROFILE);
}

class GoogleEmulatorServer extends OidcEmulatorBase<GoogleUser> implements GoogleEmulator {
  override removeGrantedScopes(scopes: readonly string[]): void {
    super.removeGrantedScopes(scopes);
    this.consented.remove(scopes);
  }

  private readonly responseIss: 'declared' | 'undeclared' | 'absent';
  private readonly consented = new ConsentedScopes();
  private readonly idTokenIss: 'url' | 'schemeless';

  constructor(options: GoogleEmulatorOptions, signer: IdTokenSigner) {
    super(
      {
        name: 'google',
        clientId: 'google-test-client.apps.googleusercontent.com',
        clientSecret: 'google-test-secret',
        // [native]: the lifetime comes in expires_in and no number is promised; about an hour.
        accessTokenTtlSeconds: 3599,
        refreshTokenTtlSeconds: null,
        user: GOOGLE_DEFAULT_USER,
      },
      options,
      signer,
    );
    this.responseIss =
      options.authorizationResponseIss ?? (options.sendIss === false ? 'absent' : 'declared');
    this.idTokenIss = options.idTokenIss ?? 'url';
  }

  get issuer(): string {
    return this.url;
  }

  get discoveryUrl(): string {
    return `${this.url}/.well-known/openid-configuration`;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === '/.well-known/openid-configuration') return this.sendDiscovery(res);
    if (method === 'GET' && path === '/oauth2/v3/certs') {
      sendJson(res, 200, this.signer.jwks, { 'cache-control': 'public, max-age=300' });
      return;
    }
    if (method === 'GET' && (path === '/o/oauth2/v2/auth' || path === '/o/oauth2/auth')) {
      this.handleAuthorize(res, url, {
        // [oidc-ref] lists authorization_response_iss_parameter_supported among the discovery
        // fields; openiddict-core#2428 reports it sent without being declared (see the header).
        iss: this.responseIss === 'absent' ? null : this.url,
        // Stricter than Google, which accepts a request without PKCE [native]: Signet always sends it.
        requirePkce: true,
        requireResponseType: true,
        requireScope: true,
        defaultScope: 'openid',
        newCode: () => randomToken('4/0A', 48),
        extraSuccessParams: (request) => ({
          scope: expandScope(request.get('scope') ?? ''),
          authuser: '0',
          prompt: 'consent',
        }),
      });
      return;
    }
    if (method === 'POST' && path === '/token') return this.serveTokenEndpoint(req, res, this.tokenRules);
    if ((method === 'GET' || method === 'POST') && ['/v1/userinfo', '/oauth2/v3/userinfo'].includes(path)) {
      return this.handleUserinfo(req, res);
    }
    if ((method === 'POST' || method === 'GET') && (path === '/revoke' || path === '/o/oauth2/revoke')) {
      return this.handleRevoke(req, res, url);
    }
    if (method === 'GET' && path === '/avatar.png')
      return sendPng(res, makeIdenticon(`google:${this.user.sub}`));
    sendHtml(res, 404, 'Error 404 (Not Found)', 'The requested URL was not found on this server.');
  }

  private sendDiscovery(res: ServerResponse): void {
    const url = this.url;
    sendJson(res, 200, {
      issuer: url,
      authorization_endpoint: `${url}/o/oauth2/v2/auth`,
      token_endpoint: `${url}/token`,
      userinfo_endpoint: `${url}/v1/userinfo`,
      revocation_endpoint: `${url}/revoke`,
      jwks_uri: `${url}/oauth2/v3/certs`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'email', 'profile'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      claims_supported: [
        'aud',
        'email',
        'email_verified',
        'exp',
        'family_name',
        'given_name',
        'iat',
        'iss',
        'name',
        'picture',
        'sub',
      ],
      code_challenge_methods_supported: ['plain', 'S256'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      ...(this.responseIss === 'declared' ? { authorization_response_iss_parameter_supported: true } : {}),
    });
  }

  // --- token endpoint -------------------------------------------------------------------------

  private readonly tokenRules: TokenEndpointRules<GoogleUser> = {
    missingFieldsBody: { token_type: 'Bearer', expires_in: 3599, scope: 'openid' },
    checkBody: (body) => {
      if (body.type !== 'form' && body.type !== 'json') {
        return new TokenRefusal(400, 'invalid_request', 'Invalid request body.');
      }
      return body.duplicates.length > 0
        ? new TokenRefusal(400, 'invalid_request', 'Duplicate parameters.')
        : null;
    },
    clientRefusal: (check) => {
      switch (check) {
        case 'missing':
          return new TokenRefusal(400, 'invalid_request', 'Could not determine client ID from request.');
        case 'missing-secret':
          return new TokenRefusal(400, 'invalid_request', 'client_secret is missing.');
        case 'unknown-client':
          return new TokenRefusal(401, 'invalid_client', 'The OAuth client was not found.');
        case 'bad-secret':
        case 'malformed':
          return new TokenRefusal(401, 'invalid_client', 'Unauthorized');
      }
    },
    redirectUriRequired: true,
    codeRefusals: {
      invalid_request: { error: 'invalid_request' },
      redirect_uri_mismatch: { error: 'redirect_uri_mismatch', description: 'Bad Request' },
      pkce: { error: 'invalid_grant' },
      invalid_grant: { error: 'invalid_grant', description: 'Bad Request' },
    },
    exchangeCode: (code) => {
      const asked = expandScope(code.scope);
      const consented = this.consented.grant(code.user.sub, asked);
      const scope = code.request.get('include_granted_scopes') === 'true' ? consented : asked;
      // [webserver]'s access_type=offline rule; see the header for [native]'s installed apps.
      const offline = code.request.get('access_type') === 'offline';
      return this.tokenResponse(scope, code.user, offline, undefined, code.request.get('nonce') ?? undefined);
    },
    // [native]: the refresh response has no refresh_token; the old one keeps working.
    rotateRefreshTokens: false,
    refreshRefusal: new TokenRefusal(400, 'invalid_grant', 'Token has been expired or revoked.'),
    refresh: (record) => this.tokenResponse(record.scope, record.user, false, record.grantId, undefined),
    unsupportedGrant: (grantType) =>
      new TokenRefusal(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`),
  };

  /** The body of a code exchange (refreshToken: whether to issue one) or of a refresh (grantId set). */
  private tokenResponse(
    scope: string,
    user: GoogleUser,
    refreshToken: boolean,
    grantId: string | undefined,
    nonce: string | undefined,
  ): Record<string, unknown> {
    const issued = this.tokens.issue({
      clientId: this.clientId,
      scope,
      user,
      accessPrefix: 'ya29.',
      refreshPrefix: refreshToken ? '1//0' : null,
      ...(grantId === undefined ? {} : { grantId }),
    });
    return {
      access_token: issued.accessToken,
      ...(issued.expiresIn === null ? {} : { expires_in: issued.expiresIn }),
      ...(issued.refreshToken === null ? {} : { refresh_token: issued.refreshToken }),
      scope,
      token_type: 'Bearer',
      ...(hasScope(scope, 'openid')
        ? { id_token: this.makeIdToken(user, scope, issued.accessToken, nonce) }
        : {}),
    };
  }

  private makeIdToken(
    user: GoogleUser,
    scope: string,
    accessToken: string,
    nonce: string | undefined,
  ): string {
    const iat = Math.floor(this.now() / 1000);
    return this.signer.sign({
      // [backend-auth]: accounts.google.com or https://accounts.google.com.
      iss: this.idTokenIss === 'schemeless' ? this.url.replace(/^https?:\/\//, '') : this.url,
      azp: this.clientId,
      aud: this.clientId,
      sub: user.sub,
      ...(hasScope(scope, 'email') ? { email: user.email, email_verified: user.emailVerified } : {}),
      at_hash: atHash(accessToken),
      ...(nonce === undefined ? {} : { nonce }),
      ...(hasScope(scope, 'profile')
        ? {
            name: user.name,
            picture: `${this.url}/avatar.png`,
            given_name: user.givenName,
            family_name: user.familyName,
          }
        : {}),
      iat,
      exp: iat + ID_TOKEN_TTL_SECONDS,
    });
  }

  // --- userinfo and revocation ----------------------------------------------------------------

  private async handleUserinfo(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.stats.apiRequests++;
    if (await this.faults.apply('api', req, res, {})) return;
    const record = this.authenticateApi(req);
    if (!record) {
      sendJson(
        res,
        401,
        { error: 'invalid_request', error_description: 'Invalid Credentials' },
        { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
      );
      return;
    }
    const user = record.user;
    sendJson(res, 200, {
      sub: user.sub,
      ...(hasScope(record.scope, 'profile')
        ? {
            name: user.name,
            given_name: user.givenName,
            family_name: user.familyName,
            picture: `${this.url}/avatar.png`,
          }
        : {}),
      ...(hasScope(record.scope, 'email') ? { email: user.email, email_verified: user.emailVerified } : {}),
    });
  }

  private async handleRevoke(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    this.stats.revokeRequests++;
    const body = await parseBody(req);
    if (await this.faults.apply('revoke', req, res, {})) return;
    const token = body.params.get('token') ?? url.searchParams.get('token');
    if (!token) {
      sendJson(res, 400, {
        error: 'invalid_request',
        error_description: 'Missing required parameter: token',
      });
      return;
    }
    // [native]: revoking an access token revokes its refresh token too; 200 on success, 400 else.
    if (!this.revokeToken(token, 'grant')) {
      sendJson(res, 400, { error: 'invalid_token', error_description: 'Token expired or revoked' });
      return;
    }
    sendJson(res, 200, {});
  }
}

/** Start a Google (OIDC) emulator on 127.0.0.1 and an ephemeral port. */
export async function startGoogleEmulator(options: GoogleEmulatorOptions = {}): Promise<GoogleEmulator> {
  return new GoogleEmulatorServer(options, new IdTokenSigner(await sharedSigningKeys())).start();
}
