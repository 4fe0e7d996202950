// Discord emulator: OAuth2 with PKCE, rotating refresh tokens, revocation, /users/@me and the
// avatar CDN.
//
// Quirks reproduced:
// - the token endpoint only understands application/x-www-form-urlencoded: a JSON body answers
//   400 { error: 'unsupported_grant_type' } (it never sees the grant_type);
// - every refresh rotates the refresh token, the old one answers 400 invalid_grant;
// - revocation revokes the whole authorization and answers 200 {} even for unknown tokens;
// - API paths work with or without a version (/api/v10/users/@me = /api/users/@me);
// - rate limiting (429 + Retry-After + { retry_after }) is injected with pushFault.

import { randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import {
  EmulatorBase,
  NO_STORE,
  parseBody,
  readClientCredentials,
  sendHtml,
  sendJson,
  sendPng,
} from './emulator-base.js';
import type { BaseEmulator, EmulatorOptions } from './emulator-base.js';

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
        iss: this.sendIss ? this.url : null,
        requirePkce: true,
        requireResponseType: true,
        requireScope: true,
        defaultScope: 'identify',
        newCode,
      });
      return;
    }
    if (method === 'POST' && path === '/api/oauth2/token') return this.handleToken(req, res);
    if (method === 'POST' && path === '/api/oauth2/token/revoke') return this.handleRevoke(req, res);
    if (method === 'GET' && path === '/api/users/@me') return this.handleMe(req, res);
    if (method === 'GET' && /^(\/cdn)?\/avatars\/\d+\/[A-Za-z0-9_]+\.png$/.test(path)) return sendPng(res);
    if (path.startsWith('/api/')) {
      sendJson(res, 404, { message: '404: Not Found', code: 0 });
      return;
    }
    sendHtml(res, 404, 'Discord', 'Page not found.');
  }

  private async handleToken(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = await this.beginTokenRequest(req, res, {
      missingFieldsBody: { token_type: 'Bearer', expires_in: 604800, scope: 'identify email' },
    });
    if (!request) return;
    const fail = (status: number, error: string, description?: string): void =>
      sendJson(
        res,
        status,
        description === undefined ? { error } : { error, error_description: description },
        NO_STORE,
      );
    const { params, body } = request;

    if (body.type !== 'form') {
      // Discord parses only form bodies, so it sees no grant_type at all.
      return fail(400, 'unsupported_grant_type', 'Grant type None is not supported');
    }
    if (this.checkClient(request.credentials) !== 'ok') return fail(401, 'invalid_client');

    if (request.grantType === 'authorization_code') {
      const redemption = this.redeemCode(params, this.clientId, { redirectUriRequired: true });
      if (!redemption.ok) {
        switch (redemption.reason) {
          case 'invalid_request':
            return fail(400, 'invalid_request', redemption.description);
          case 'redirect_uri_mismatch':
            return fail(400, 'invalid_grant', 'Invalid "redirect_uri" in request.');
          case 'pkce':
            return fail(400, 'invalid_grant', 'Invalid "code_verifier"');
          case 'invalid_grant':
            return fail(400, 'invalid_grant', 'Invalid "code" in request.');
        }
      }
      const { code } = redemption;
      return this.sendTokens(res, code.scope, code.user, undefined);
    }
    if (request.grantType === 'refresh_token') {
      const old = this.useRefreshToken(params.get('refresh_token'), this.clientId, true);
      if (!old) return fail(400, 'invalid_grant', 'Invalid "refresh_token" in request.');
      return this.sendTokens(res, old.scope, old.user, old.grantId);
    }
    fail(400, 'unsupported_grant_type', `Grant type ${request.grantType ?? 'None'} is not supported`);
  }

  private sendTokens(
    res: ServerResponse,
    scope: string,
    user: DiscordUser,
    grantId: string | undefined,
  ): void {
    const issued = this.issueTokens({
      clientId: this.clientId,
      scope,
      user,
      accessPrefix: 'dsc_at_',
      refreshPrefix: 'dsc_rt_',
      ...(grantId === undefined ? {} : { grantId }),
    });
    sendJson(
      res,
      200,
      {
        access_token: issued.accessToken,
        token_type: 'Bearer',
        ...(issued.expiresIn === null ? {} : { expires_in: issued.expiresIn }),
        refresh_token: issued.refreshToken,
        scope,
      },
      NO_STORE,
    );
  }

  private async handleRevoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.stats.revokeRequests++;
    const body = await parseBody(req);
    if (await this.applyFault('revoke', req, res, {})) return;
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
    if (await this.applyFault('api', req, res, {})) return;
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
