// Google emulator: an OpenID Connect provider with discovery, RS256 ID tokens and a JWKS, the
// userinfo endpoint and token revocation.
//
// Quirks reproduced:
// - a refresh token only when the authorization asked for access_type=offline;
// - refresh does not rotate: the same refresh token stays valid and the refresh response has no
//   refresh_token (but a fresh id_token, without nonce);
// - scopes come back in their long form (https://www.googleapis.com/auth/userinfo.email, ...),
//   and the authorization response also carries scope, authuser and prompt;
// - authorization codes look like `4/0A...` (a slash the client must URL-decode);
// - revoking an access token or a refresh token revokes the whole grant.

import { createHash, generateKeyPair, sign } from 'node:crypto';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';

import {
  EmulatorBase,
  makeIdenticon,
  NO_STORE,
  base64url,
  parseBody,
  randomToken,
  sendHtml,
  sendJson,
  sendPng,
} from './emulator-base.js';
import type { BaseEmulator, EmulatorOptions, TokenRecord } from './emulator-base.js';

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
}

export type IdTokenClaims = Record<string, unknown>;
export type IdTokenSigning = 'valid' | 'none' | 'wrong-key';

export interface GoogleEmulator extends BaseEmulator<GoogleUser> {
  /** The OIDC issuer (= url). */
  readonly issuer: string;
  /** `${url}/.well-known/openid-configuration` */
  readonly discoveryUrl: string;
  /** Claims of the last ID token issued (after overrides), or null. */
  readonly lastIdTokenClaims: IdTokenClaims | null;
  /**
   * Tamper with the next ID token only: merge these claims (a value of undefined deletes the claim)
   * or map the claims with a function.
   */
  idTokenOverrides(next: IdTokenClaims | ((claims: IdTokenClaims) => IdTokenClaims)): void;
  /** How the next ID token is signed: 'none' (alg none), 'wrong-key' (same kid, other key). */
  signWith(mode: IdTokenSigning): void;
  /** New signing key with a new kid; the JWKS keeps the previous key too. */
  rotateSigningKey(): Promise<void>;
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

// --- signing keys -------------------------------------------------------------------------------

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: JsonWebKey;
}

const generateRsa = promisify(generateKeyPair);

async function newSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateRsa('rsa', { modulusLength: 2048 });
  const exported = publicKey.export({ format: 'jwk' });
  const kid = createHash('sha256')
    .update(String(exported.n ?? ''))
    .digest('hex')
    .slice(0, 40);
  return {
    kid,
    privateKey,
    jwk: { kty: exported.kty, n: exported.n, e: exported.e, alg: 'RS256', use: 'sig', kid },
  };
}

/** Keys are slow to make; emulators in one process share the first two. */
let sharedKeys: Promise<[SigningKey, SigningKey]> | null = null;
function sharedSigningKeys(): Promise<[SigningKey, SigningKey]> {
  sharedKeys ??= Promise.all([newSigningKey(), newSigningKey()]);
  return sharedKeys;
}

function signJwt(header: Record<string, unknown>, claims: IdTokenClaims, key: KeyObject | null): string {
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  if (key === null) return `${input}.`;
  return `${input}.${sign('sha256', Buffer.from(input, 'ascii'), key).toString('base64url')}`;
}

/** OIDC Core §3.1.3.6: left half of SHA-256 of the access token, base64url. */
function atHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest().subarray(0, 16).toString('base64url');
}

// --- the server ---------------------------------------------------------------------------------

class GoogleEmulatorServer extends EmulatorBase<GoogleUser> implements GoogleEmulator {
  lastIdTokenClaims: IdTokenClaims | null = null;
  private readonly sendIss: boolean;
  private activeKey: SigningKey;
  private readonly wrongKey: SigningKey;
  private readonly publishedKeys: SigningKey[];
  private nextOverrides: IdTokenClaims | ((claims: IdTokenClaims) => IdTokenClaims) | null = null;
  private nextSigning: IdTokenSigning = 'valid';

  constructor(options: GoogleEmulatorOptions, keys: [SigningKey, SigningKey]) {
    super(
      {
        name: 'google',
        clientId: 'google-test-client.apps.googleusercontent.com',
        clientSecret: 'google-test-secret',
        accessTokenTtlSeconds: 3599,
        refreshTokenTtlSeconds: null,
        user: GOOGLE_DEFAULT_USER,
      },
      options,
    );
    this.sendIss = options.sendIss ?? true;
    [this.activeKey, this.wrongKey] = keys;
    this.publishedKeys = [this.activeKey];
  }

  get issuer(): string {
    return this.url;
  }

  get discoveryUrl(): string {
    return `${this.url}/.well-known/openid-configuration`;
  }

  idTokenOverrides(next: IdTokenClaims | ((claims: IdTokenClaims) => IdTokenClaims)): void {
    this.nextOverrides = next;
  }

  signWith(mode: IdTokenSigning): void {
    this.nextSigning = mode;
  }

  async rotateSigningKey(): Promise<void> {
    this.activeKey = await newSigningKey();
    this.publishedKeys.unshift(this.activeKey);
    if (this.publishedKeys.length > 2) this.publishedKeys.length = 2;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === '/.well-known/openid-configuration') return this.sendDiscovery(res);
    if (method === 'GET' && path === '/oauth2/v3/certs') {
      sendJson(
        res,
        200,
        { keys: this.publishedKeys.map((key) => key.jwk) },
        { 'cache-control': 'public, max-age=300' },
      );
      return;
    }
    if (method === 'GET' && (path === '/o/oauth2/v2/auth' || path === '/o/oauth2/auth')) {
      this.handleAuthorize(res, url, {
        iss: this.sendIss ? this.url : null,
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
    if (method === 'POST' && path === '/token') return this.handleToken(req, res);
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
      ...(this.sendIss ? { authorization_response_iss_parameter_supported: true } : {}),
    });
  }

  // --- token endpoint -------------------------------------------------------------------------

  private async handleToken(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = await this.beginTokenRequest(req, res, {
      missingFieldsBody: { token_type: 'Bearer', expires_in: 3599, scope: 'openid' },
    });
    if (!request) return;
    const fail = (status: number, error: string, description: string): void =>
      sendJson(res, status, { error, error_description: description }, NO_STORE);
    const { params, body } = request;

    if (body.type !== 'form' && body.type !== 'json') {
      return fail(400, 'invalid_request', 'Invalid request body.');
    }
    if (body.duplicates.length > 0) return fail(400, 'invalid_request', 'Duplicate parameters.');
    switch (this.checkClient(request.credentials)) {
      case 'ok':
        break;
      case 'missing':
        return fail(400, 'invalid_request', 'Could not determine client ID from request.');
      case 'missing-secret':
        return fail(400, 'invalid_request', 'client_secret is missing.');
      case 'unknown-client':
        return fail(401, 'invalid_client', 'The OAuth client was not found.');
      case 'bad-secret':
      case 'malformed':
        return fail(401, 'invalid_client', 'Unauthorized');
    }

    if (request.grantType === 'authorization_code') {
      const redemption = this.redeemCode(params, this.clientId, { redirectUriRequired: true });
      if (!redemption.ok) {
        switch (redemption.reason) {
          case 'invalid_request':
            return fail(400, 'invalid_request', redemption.description);
          case 'redirect_uri_mismatch':
            return fail(400, 'redirect_uri_mismatch', 'Bad Request');
          case 'pkce':
            return fail(400, 'invalid_grant', redemption.description);
          case 'invalid_grant':
            return fail(400, 'invalid_grant', 'Bad Request');
        }
      }
      const { code } = redemption;
      const scope = expandScope(code.scope);
      const nonce = code.request.get('nonce');
      const issued = this.issueTokens({
        clientId: this.clientId,
        scope,
        user: code.user,
        accessPrefix: 'ya29.',
        refreshPrefix: code.request.get('access_type') === 'offline' ? '1//0' : null,
      });
      sendJson(
        res,
        200,
        {
          access_token: issued.accessToken,
          ...(issued.expiresIn === null ? {} : { expires_in: issued.expiresIn }),
          ...(issued.refreshToken === null ? {} : { refresh_token: issued.refreshToken }),
          scope,
          token_type: 'Bearer',
          ...(hasScope(scope, 'openid')
            ? { id_token: this.makeIdToken(code.user, scope, issued.accessToken, nonce ?? undefined) }
            : {}),
        },
        NO_STORE,
      );
      return;
    }
    if (request.grantType === 'refresh_token') {
      const record: TokenRecord<GoogleUser> | null = this.useRefreshToken(
        params.get('refresh_token'),
        this.clientId,
        false,
      );
      if (!record) return fail(400, 'invalid_grant', 'Token has been expired or revoked.');
      const issued = this.issueTokens({
        clientId: this.clientId,
        scope: record.scope,
        user: record.user,
        accessPrefix: 'ya29.',
        refreshPrefix: null,
        grantId: record.grantId,
      });
      sendJson(
        res,
        200,
        {
          access_token: issued.accessToken,
          ...(issued.expiresIn === null ? {} : { expires_in: issued.expiresIn }),
          scope: record.scope,
          token_type: 'Bearer',
          ...(hasScope(record.scope, 'openid')
            ? { id_token: this.makeIdToken(record.user, record.scope, issued.accessToken, undefined) }
            : {}),
        },
        NO_STORE,
      );
      return;
    }
    fail(400, 'unsupported_grant_type', `Invalid grant_type: ${request.grantType ?? ''}`);
  }

  private makeIdToken(
    user: GoogleUser,
    scope: string,
    accessToken: string,
    nonce: string | undefined,
  ): string {
    const iat = Math.floor(this.now() / 1000);
    let claims: IdTokenClaims = {
      iss: this.url,
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
      exp: iat + 3600,
    };
    const overrides = this.nextOverrides;
    this.nextOverrides = null;
    if (typeof overrides === 'function') {
      claims = overrides({ ...claims });
    } else if (overrides !== null) {
      claims = { ...claims, ...overrides };
      for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete claims[key];
    }
    const signing = this.nextSigning;
    this.nextSigning = 'valid';
    this.lastIdTokenClaims = claims;
    if (signing === 'none') return signJwt({ alg: 'none', typ: 'JWT' }, claims, null);
    const key = signing === 'wrong-key' ? this.wrongKey.privateKey : this.activeKey.privateKey;
    return signJwt({ alg: 'RS256', kid: this.activeKey.kid, typ: 'JWT' }, claims, key);
  }

  // --- userinfo and revocation ----------------------------------------------------------------

  private async handleUserinfo(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.stats.apiRequests++;
    if (await this.applyFault('api', req, res, {})) return;
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
    if (await this.applyFault('revoke', req, res, {})) return;
    const token = body.params.get('token') ?? url.searchParams.get('token');
    if (!token) {
      sendJson(res, 400, {
        error: 'invalid_request',
        error_description: 'Missing required parameter: token',
      });
      return;
    }
    if (!this.revokeToken(token, 'grant')) {
      sendJson(res, 400, { error: 'invalid_token', error_description: 'Token expired or revoked' });
      return;
    }
    sendJson(res, 200, {});
  }
}

/** Start a Google (OIDC) emulator on 127.0.0.1 and an ephemeral port. */
export async function startGoogleEmulator(options: GoogleEmulatorOptions = {}): Promise<GoogleEmulator> {
  return new GoogleEmulatorServer(options, await sharedSigningKeys()).start();
}
