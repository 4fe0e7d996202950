// Discord emulator: OAuth2 with PKCE, rotating refresh tokens, revocation, /users/@me and the
// avatar CDN.
//
// Quirks reproduced, each with the Discord page that states it (all read 2026-12-02):
// [oauth2]   https://discord.com/developers/docs/topics/oauth2
// [metadata] https://discord.com/.well-known/oauth-authorization-server (RFC 8414 metadata)
// [linking]  https://discord.com/developers/docs/discord-social-sdk/development-guides/account-linking-with-discord
// [limits]   https://discord.com/developers/docs/topics/rate-limits
// - the token and revocation URLs "will only accept a content type of
//   application/x-www-form-urlencoded. JSON content is not permitted and will return an error"
//   [oauth2]; which error is not stated: this emulator answers 400 unsupported_grant_type (it
//   never sees the grant_type), an assumption;
// - clients authenticate with HTTP Basic or client_id and client_secret in the body [oauth2]; a
//   public client (clientSecret null) sends client_id alone, and the metadata lists "none"
//   [metadata];
// - access tokens last 7 days (expires_in 604800) [oauth2], [linking]; no refresh-token lifetime
//   is documented, so refresh tokens never expire here;
// - `iss` in the authorization response and S256 PKCE: [oauth2] is silent, but [metadata]
//   declares authorization_response_iss_parameter_supported and code_challenge_methods_supported
//   ["S256"], with issuer https://discord.com (here: this emulator's URL);
// - every refresh returns a new refresh token [oauth2]; that the old one then answers 400
//   invalid_grant ("Invalid \"refresh_token\" in request" [linking]) at once is this emulator's
//   assumption: Discord does not say whether the old one dies;
// - revocation (token, optional token_type_hint) revokes every access and refresh token of that
//   authorization [oauth2]; 200 {} for an unknown token too follows RFC 7009 §2.2;
// - a token's `scope` is the scopes of the authorization it answers; asking for more is a new
//   authorization with the combined list (https://discord.com/developers/docs/topics/oauth2#authorization-code-grant);
// - /users/@me returns email (and verified) only with the `email` scope [oauth2];
// - API paths work with or without a version (/api/v10/users/@me = /api/users/@me): the
//   examples use /api/v10;
// - rate limiting (429, Retry-After, { message, retry_after, global }) [limits] is injected
//   with pushFault.

import { randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { TINY_PNG } from './avatars.js';
import { EmulatorBase } from './emulator-base.js';
import type { BaseEmulator, EmulatorOptions } from './emulator-base.js';
import { parseBody } from './http/request-body.js';
import { sendHtml, sendJson, sendPng } from './http/responses.js';
import { readClientCredentials } from './oauth/client-authentication.js';
import { TokenRefusal } from './oauth/token-endpoint.js';
import type { TokenEndpointRules } from './oauth/token-endpoint.js';

export interface DiscordUser {
  id: string;
  username: string;
  globalName: string | null;
  email: string | null;
  verified: boolean;
  /** Avatar hash, or null for the default avatar. */
  avatar: string | null;
}

export interface DiscordEmulatorOptions extends EmulatorOptions<DiscordUser> {
  /** Send `iss` in authorization responses (default true). */
  sendIss?: boolean;
}

export interface DiscordEmulator extends BaseEmulator<DiscordUser> {
  /** `${url}/api` */
  readonly apiUrl: string;
  /** `${url}/cdn`: avatars at `${cdnUrl}/avatars/<id>/<hash>.png` (also served at `${url}/avatars/...`). */
  readonly cdnUrl: string;
}

export const DISCORD_DEFAULT_USER: DiscordUser = {
  id: '80351110224678912',
  username: 'nelly',
  globalName: 'Nelly',
  email: 'nelly@discord.test',
  verified: true,
  avatar: '8342729096ea3675442027381ff50dfe',
};

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function newCode(): string {
  let code = '';
  for (let i = 0; i < 30; i++) code += ALNUM.charAt(randomInt(ALNUM.length));
  return code;
}

class DiscordEmulatorServer extends EmulatorBase<DiscordUser> implements DiscordEmulator {
  private readonly sendIss: boolean;

  constructor(options: DiscordEmulatorOptions) {
    super(
      {
        name: 'discord',
        clientId: '1100000000000000001',
        clientSecret: 'discord-test-secret',
        // [oauth2]: "expires_in": 604800 (7 days); no refresh-token lifetime is documented.
        accessTokenTtlSeconds: 604800,
        refreshTokenTtlSeconds: null,
        user: DISCORD_DEFAULT_USER,
      },
      options,
    );
    this.sendIss = options.sendIss ?? true;
  }

  get apiUrl(): string {
    return `${this.url}/api`;
  }

  get cdnUrl(): string {
    return `${this.url}/cdn`;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.replace(/^\/api\/v\d+\//, '/api/');
    const method = req.method ?? 'GET';
    if (method === 'GET' && (path === '/oauth2/authorize' || path === '/api/oauth2/authorize')) {
      this.handleAuthorize(res, url, {
        // [metadata]: authorization_response_iss_parameter_supported: true.
        iss: this.sendIss ? this.url : null,
        // [metadata] lists S256 only. Stricter than Discord, which documents no PKCE requirement
        // for apps with a secret: Signet always sends it.
        requirePkce: true,
        requireResponseType: true,
        requireScope: true,
        defaultScope: 'identify',
        newCode,
      });
      return;
    }
    if (method === 'POST' && path === '/api/oauth2/token')
      return this.serveTokenEndpoint(req, res, this.tokenRules);
    if (method === 'POST' && path === '/api/oauth2/token/revoke') return this.handleRevoke(req, res);
    if (method === 'GET' && path === '/api/users/@me') return this.handleMe(req, res);
    if (method === 'GET' && /^(\/cdn)?\/avatars\/\d+\/[A-Za-z0-9_]+\.png$/.test(path))
      return sendPng(res, TINY_PNG);
    if (path.startsWith('/api/')) {
      sendJson(res, 404, { message: '404: Not Found', code: 0 });
      return;
    }
    sendHtml(res, 404, 'Discord', 'Page not found.');
  }

  private readonly tokenRules: TokenEndpointRules<DiscordUser> = {
    missingFieldsBody: { token_type: 'Bearer', expires_in: 604800, scope: 'identify email' },
    checkBody: (body) =>
      // Discord parses only form bodies, so it sees no grant_type at all.
      body.type === 'form'
        ? null
        : new TokenRefusal(400, 'unsupported_grant_type', 'Grant type None is not supported'),
    clientRefusal: () => new TokenRefusal(401, 'invalid_client'),
    redirectUriRequired: true,
    codeRefusals: {
      invalid_request: { error: 'invalid_request' },
      redirect_uri_mismatch: { error: 'invalid_grant', description: 'Invalid "redirect_uri" in request.' },
      pkce: { error: 'invalid_grant', description: 'Invalid "code_verifier"' },
      invalid_grant: { error: 'invalid_grant', description: 'Invalid "code" in request.' },
    },
    exchangeCode: (code) => this.tokenResponse(code.scope, code.user, undefined),
    // Assumption (see the header): the used refresh token dies at once.
    rotateRefreshTokens: true,
    refreshRefusal: new TokenRefusal(400, 'invalid_grant', 'Invalid "refresh_token" in request.'),
    refresh: (record) => this.tokenResponse(record.scope, record.user, record.grantId),
    unsupportedGrant: (grantType) =>
      new TokenRefusal(400, 'unsupported_grant_type', `Grant type ${grantType ?? 'None'} is not supported`),
  };

  private tokenResponse(
    scope: string,
    user: DiscordUser,
    grantId: string | undefined,
  ): Record<string, unknown> {
    const issued = this.tokens.issue({
      clientId: this.clientId,
      scope,
      user,
      accessPrefix: 'dsc_at_',
      refreshPrefix: 'dsc_rt_',
      ...(grantId === undefined ? {} : { grantId }),
    });
    return {
      access_token: issued.accessToken,
      token_type: 'Bearer',
      ...(issued.expiresIn === null ? {} : { expires_in: issued.expiresIn }),
      refresh_token: issued.refreshToken,
      scope,
    };
  }

  private async handleRevoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.stats.revokeRequests++;
    const body = await parseBody(req);
    if (await this.faults.apply('revoke', req, res, {})) return;
    if (body.type !== 'form') {
      sendJson(res, 400, { error: 'invalid_request' });
      return;
    }
    if (this.checkClient(readClientCredentials(req, body.params)) !== 'ok') {
      sendJson(res, 401, { error: 'invalid_client' });
      return;
    }
    const token = body.params.get('token');
    if (!token) {
      sendJson(res, 400, { error: 'invalid_request', error_description: 'Missing "token" in request.' });
      return;
    }
    // RFC 7009 §2.2: an unknown token is answered 200 as well.
    this.revokeToken(token, 'grant');
    sendJson(res, 200, {});
  }

  private async handleMe(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.stats.apiRequests++;
    if (await this.faults.apply('api', req, res, {})) return;
    const record = this.authenticateApi(req);
    if (!record) {
      sendJson(res, 401, { message: '401: Unauthorized', code: 0 });
      return;
    }
    const user = record.user;
    const withEmail = record.scope.split(/\s+/).includes('email');
    sendJson(res, 200, {
      id: user.id,
      username: user.username,
      discriminator: '0',
      global_name: user.globalName,
      avatar: user.avatar,
      bot: false,
      mfa_enabled: false,
      locale: 'en-US',
      flags: 0,
      premium_type: 0,
      public_flags: 0,
      ...(withEmail ? { email: user.email, verified: user.verified } : {}),
    });
  }
}

/** Start a Discord emulator on 127.0.0.1 and an ephemeral port. */
export async function startDiscordEmulator(options: DiscordEmulatorOptions = {}): Promise<DiscordEmulator> {
  return new DiscordEmulatorServer(options).start();
}
