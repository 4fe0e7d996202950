// GitHub emulator: OAuth apps and GitHub Apps (user-to-server tokens), device flow, the REST API
// under /api/v3 (GitHub Enterprise Server layout) and token revocation.
//
// Quirks reproduced, each with the GitHub page that states it (all read 2026-12-02):
// [authorizing] https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
// [user-token]  https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-user-access-token-for-a-github-app
// [refreshing]  https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens
// [token-errors] https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors
// [pkce]        https://github.blog/changelog/2025-07-14-pkce-support-for-oauth-and-github-app-authentication
// [rest]        https://docs.github.com/en/rest/using-the-rest-api/getting-started-with-the-rest-api#user-agent
// [emails]      https://docs.github.com/en/rest/users/emails#list-email-addresses-for-the-authenticated-user
// [oauth-apps-api] https://docs.github.com/en/rest/apps/oauth-applications#delete-an-app-token
// [discovery]   https://docs.github.com/en/apps/github-authentication-discovery-endpoints
// [scopes]      https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps#requested-scopes-and-granted-scopes
// - a token's `scope` is what the person granted for the request it answers: normally every
//   scope asked (so asking for more means asking for the combined list), less any the person
//   edited out (setDeclinedScopes) [scopes];
// - the token endpoint answers a form body by default, JSON with `Accept: application/json`
//   [authorizing];
// - its errors come back as HTTP 200 with { error, error_description, error_uri }: stated for
//   the device flow ("will respond with a 200 status and an `error`" [user-token]); for the code
//   exchange the error bodies are documented [token-errors] but their status is not, and 200 is
//   this emulator's assumption;
// - the code exchange takes client_id, client_secret, code and redirect_uri, no grant_type
//   [authorizing]; GitHub documents them as query parameters [refreshing], so both are read;
// - PKCE is optional and only S256 is accepted [pkce];
// - `iss=<url>/login/oauth` in every authorization response (RFC 9207), as github.com has sent
//   since April 2026: GitHub documents its issuer as https://github.com/login/oauth [discovery],
//   and reports of the change quote the callback it sends,
//   `?code=…&iss=https%3A%2F%2Fgithub.com%2Flogin%2Foauth&state=…`
//   (https://github.com/openiddict/openiddict-core/issues/2548, read 2026-12-02; also
//   nextauthjs/next-auth#13409, langfuse/langfuse#13091). [authorizing] still lists
//   `code` and `state` only, as the Enterprise Server versions of that page do: `iss: null` is
//   such a server, which sends none;
// - OAuth-app tokens (gho_) carry no expires_in and no refresh token [authorizing]; GitHub-App
//   user tokens (ghu_) expire after 8 hours, with a ghr_ refresh token that lasts 6 months and is
//   single use: "Once you use a refresh token, that refresh token and the old user access token
//   will no longer work" [refreshing], [user-token];
// - the device flow: 900 s codes, a 5 s interval, slow_down adds 5 s, and its error codes
//   [authorizing];
// - the REST API rejects requests without a User-Agent [rest]; /user/emails lists
//   { email, primary, verified, visibility } [emails]; tokens are revoked with
//   DELETE /applications/{client_id}/token (or /grant), Basic client credentials, 204 [oauth-apps-api].

import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { makeIdenticon } from './avatars.js';
import { EmulatorBase } from './emulator-base.js';
import type { BaseEmulator, EmulatorOptions } from './emulator-base.js';
import { parseBody, withQueryParams } from './http/request-body.js';
import {
  NO_STORE,
  sendBody,
  sendForm,
  sendHtml,
  sendJson,
  sendNoContent,
  sendPng,
} from './http/responses.js';
import { readBearer, readClientCredentials } from './oauth/client-authentication.js';
import { safeEqual } from './oauth/secret-values.js';
import type { TokenRecord } from './oauth/token-store.js';

export type GithubMode = 'oauth-app' | 'github-app';

export interface GithubUser {
  id: number;
  login: string;
  name: string | null;
  /** Public profile email (null when the user keeps it private, as by default). */
  email: string | null;
  /** What /user/emails lists as the primary, verified address. */
  primaryEmail: string;
}

export interface GithubEmulatorOptions extends EmulatorOptions<GithubUser> {
  /** 'oauth-app' (default): gho_ tokens, no expiry, no refresh. 'github-app': ghu_/ghr_ with rotation. */
  mode?: GithubMode;
  /** Device flow polling interval in seconds (default 5). */
  deviceInterval?: number;
  /** Device code lifetime in seconds (default 900). */
  deviceCodeTtlSeconds?: number;
  /** Approve a device code by itself after this many polls (answered authorization_pending). */
  autoApproveDeviceAfterPolls?: number;
  /** Device flow enabled for the app (default true); else { error: 'device_flow_disabled' }. */
  deviceFlowEnabled?: boolean;
  /** Answer 403 to API requests without a User-Agent, as github.com does (default true). */
  requireUserAgent?: boolean;
  /**
   * The `iss` of authorization responses: `<url>/login/oauth` when omitted, as github.com sends;
   * null sends none, as an older Enterprise Server; any other value is sent as is (a wrong one).
   */
  iss?: string | null;
}

export interface GithubEmulator extends BaseEmulator<GithubUser> {
  readonly mode: GithubMode;
  /** `${url}/api/v3` */
  readonly apiUrl: string;
  /** user_code of the latest device authorization, or null. */
  readonly lastUserCode: string | null;
  /** Approve a pending device code (the latest when omitted) as the current user. */
  approveDevice(userCode?: string): void;
  /** Deny a pending device code (the latest when omitted): the next poll gets access_denied. */
  denyDevice(userCode?: string): void;
  /** Expire a device code (the latest when omitted): the next poll gets expired_token. */
  expireDevice(userCode?: string): void;
}

export const GITHUB_DEFAULT_USER: GithubUser = {
  id: 12345,
  login: 'octocat',
  name: 'The Octocat',
  email: null,
  primaryEmail: 'octocat@github.test',
};

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** Where GitHub's error_uri points (a path on docs.github.com in [token-errors]'s examples). */
const DOCS =
  'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors';
const REST_DOCS = 'https://docs.github.com/rest';
/** Clock slack when checking the device polling interval (timers may fire a few ms early). */
const POLL_TOLERANCE_MS = 100;

/** GitHub's own wording, from [token-errors] (code exchange) and [authorizing] (device flow). */
const ERROR_DESCRIPTIONS: Record<string, string> = {
  incorrect_client_credentials: 'The client_id and/or client_secret passed are incorrect.',
  redirect_uri_mismatch: 'The redirect_uri MUST match the registered callback URL for this application.',
  bad_verification_code: 'The code passed is incorrect or expired.',
  bad_refresh_token: 'The refresh token passed is incorrect or expired.',
  unsupported_grant_type: 'The grant type is not supported.',
  authorization_pending: 'The authorization request is still pending.',
  slow_down: 'Too many requests have been made in the same timeframe.',
  expired_token: 'The `device_code` has expired.',
  access_denied: 'The authorization request was denied.',
  incorrect_device_code: 'The device_code provided is not valid.',
  device_flow_disabled: 'Device Flow must be explicitly enabled for this App',
};

interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  clientId: string;
  scope: string;
  expiresAt: number;
  /** Current required interval in seconds (raised by slow_down). */
  interval: number;
  lastPollAt: number;
  /** Polls answered authorization_pending. */
  pendingPolls: number;
  status: 'pending' | 'approved' | 'denied' | 'consumed';
  user: GithubUser | null;
}

function newUserCode(): string {
  const letters = 'BCDFGHJKLMNPQRSTVWXZ';
  const bytes = randomBytes(8);
  let code = '';
  for (let i = 0; i < 4; i++) code += letters[(bytes[i] ?? 0) % letters.length] ?? 'B';
  code += '-';
  for (let i = 4; i < 8; i++) code += String((bytes[i] ?? 0) % 10);
  return code;
}

class GithubEmulatorServer extends EmulatorBase<GithubUser> implements GithubEmulator {
  readonly mode: GithubMode;
  lastUserCode: string | null = null;
  private readonly deviceInterval: number;
  private readonly deviceCodeTtlSeconds: number;
  private readonly autoApproveAfter: number | null;
  private readonly deviceFlowEnabled: boolean;
  private readonly requireUserAgent: boolean;
  private readonly iss: string | null | undefined;
  private readonly devices = new Map<string, DeviceAuthorization>();

  constructor(options: GithubEmulatorOptions) {
    const mode = options.mode ?? 'oauth-app';
    super(
      {
        name: 'github',
        clientId: 'github-test-client',
        clientSecret: 'github-test-secret',
        // [user-token]: expires_in "will always be 28800 (8 hours)"; OAuth-app tokens carry none.
        accessTokenTtlSeconds: mode === 'github-app' ? 28800 : null,
        // [user-token]: refresh_token_expires_in "will always be 15811200" (about six months).
        refreshTokenTtlSeconds: 15811200,
        user: GITHUB_DEFAULT_USER,
      },
      options,
    );
    this.mode = mode;
    // [authorizing]: "The default is 900 seconds", and an interval of 5 seconds.
    this.deviceInterval = options.deviceInterval ?? 5;
    this.deviceCodeTtlSeconds = options.deviceCodeTtlSeconds ?? 900;
    this.autoApproveAfter = options.autoApproveDeviceAfterPolls ?? null;
    this.deviceFlowEnabled = options.deviceFlowEnabled ?? true;
    this.requireUserAgent = options.requireUserAgent ?? true;
    this.iss = options.iss;
  }

  get apiUrl(): string {
    return `${this.url}/api/v3`;
  }

  // --- controls -------------------------------------------------------------------------------

  /** The device authorization still waiting for its token (throws for unknown or used codes). */
  private findDevice(userCode: string | undefined): DeviceAuthorization {
    const wanted = userCode ?? this.lastUserCode;
    for (const device of this.devices.values()) {
      if (device.userCode !== wanted) continue;
      if (device.status === 'consumed') throw new Error('device code already used');
      return device;
    }
    throw new Error(userCode === undefined ? 'no device authorization yet' : 'unknown user code');
  }

  approveDevice(userCode?: string): void {
    const device = this.findDevice(userCode);
    device.status = 'approved';
    device.user = { ...this.user };
  }

  denyDevice(userCode?: string): void {
    this.findDevice(userCode).status = 'denied';
  }

  expireDevice(userCode?: string): void {
    this.findDevice(userCode).expiresAt = this.now() - 1;
  }

  /** An OAuth app has no refresh token: its access token is the long-lived credential. */
  override revokeAllRefreshTokens(options: { includeAccessTokens?: boolean } = {}): void {
    super.revokeAllRefreshTokens({
      includeAccessTokens: options.includeAccessTokens === true || this.mode === 'oauth-app',
    });
  }

  // --- routing --------------------------------------------------------------------------------

  protected override grantTypeOf(params: Map<string, string>): string | null {
    return params.get('grant_type') ?? (params.has('code') ? 'authorization_code' : null);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === '/login/oauth/authorize') {
      this.handleAuthorize(res, url, {
        // github.com's issuer [discovery], sent since April 2026; see the header.
        iss: this.iss === undefined ? `${this.url}/login/oauth` : this.iss,
        // [pkce]: "GitHub is not requiring PKCE for any authentication flow at this time".
        requirePkce: false,
        requireResponseType: false,
        requireScope: false,
        defaultScope: '',
        newCode: () => randomBytes(10).toString('hex'),
        extraErrorParams: (error) => ({ error_uri: `${DOCS}/#${error.replace(/_/g, '-')}` }),
      });
      return;
    }
    if (method === 'POST' && path === '/login/oauth/access_token') return this.handleToken(req, res, url);
    if (method === 'POST' && path === '/login/device/code') return this.handleDeviceCode(req, res, url);
    if (method === 'GET' && path === '/login/device') return this.handleDevicePage(res, url);
    const avatar = /^\/avatars\/(\d+)\.png$/.exec(path);
    if (method === 'GET' && avatar) return sendPng(res, makeIdenticon(`github:${avatar[1]}`));
    if (path === '/api/v3' || path.startsWith('/api/v3/'))
      return this.handleApi(req, res, path.slice('/api/v3'.length));
    sendHtml(res, 404, 'Not Found', 'No such page.');
  }

  // --- token endpoint -------------------------------------------------------------------------

  private replyFor(
    req: IncomingMessage,
    res: ServerResponse,
  ): (body: Record<string, string | number | null>) => void {
    // [authorizing]: "By default, the response takes the following form" (a form body); JSON
    // with Accept: application/json. Errors too answer 200 ([user-token], device flow).
    const wantsJson = /\bapplication\/json\b/i.test(req.headers.accept ?? '');
    return (body) => {
      const clean: Record<string, string | number> = {};
      for (const [key, value] of Object.entries(body)) if (value !== null) clean[key] = value;
      if (wantsJson) sendJson(res, 200, clean, NO_STORE);
      else sendForm(res, 200, clean, NO_STORE);
    };
  }

  private errorBody(
    error: string,
    extra: Record<string, string | number> = {},
  ): Record<string, string | number> {
    return {
      error,
      error_description: ERROR_DESCRIPTIONS[error] ?? error,
      error_uri: `${DOCS}/#${error.replace(/_/g, '-')}`,
      ...extra,
    };
  }

  private async handleToken(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const request = await this.beginTokenRequest(req, res, {
      query: url.searchParams,
      missingFieldsBody: { token_type: 'bearer', scope: '' },
    });
    if (!request) return;
    const reply = this.replyFor(req, res);
    const fail = (error: string, extra?: Record<string, string | number>): void =>
      reply(this.errorBody(error, extra));
    const { params, credentials } = request;

    if (request.grantType === DEVICE_GRANT) {
      // The device flow authenticates with client_id alone.
      const check = this.checkClient(credentials, { secretRequired: false });
      if (check !== 'ok') return fail('incorrect_client_credentials');
      return this.pollDevice(params.get('device_code'), reply, fail);
    }
    if (this.checkClient(credentials) !== 'ok') return fail('incorrect_client_credentials');

    if (request.grantType === 'authorization_code') {
      const redemption = this.codes.redeem(params, this.clientId, { redirectUriRequired: false });
      if (!redemption.ok) {
        return fail(
          redemption.reason === 'redirect_uri_mismatch' ? 'redirect_uri_mismatch' : 'bad_verification_code',
        );
      }
      const { code } = redemption;
      return reply(this.tokenBody(code.scope, code.user));
    }
    if (request.grantType === 'refresh_token') {
      if (this.mode !== 'github-app') return fail('bad_refresh_token');
      const old = this.tokens.useRefreshToken(params.get('refresh_token'), this.clientId, true);
      if (!old) return fail('bad_refresh_token');
      return reply(this.tokenBody(old.scope, old.user, old));
    }
    fail('unsupported_grant_type');
  }

  private tokenBody(
    scope: string,
    user: GithubUser,
    previous?: TokenRecord<GithubUser>,
  ): Record<string, string | number | null> {
    if (this.mode === 'oauth-app') {
      const issued = this.tokens.issue({
        clientId: this.clientId,
        scope,
        user,
        accessPrefix: 'gho_',
        refreshPrefix: null,
      });
      return { access_token: issued.accessToken, token_type: 'bearer', scope };
    }
    const issued = this.tokens.issue({
      clientId: this.clientId,
      scope: '',
      user,
      accessPrefix: 'ghu_',
      refreshPrefix: 'ghr_',
      ...(previous ? { grantId: previous.grantId } : {}),
    });
    return {
      access_token: issued.accessToken,
      expires_in: issued.expiresIn,
      refresh_token: issued.refreshToken,
      refresh_token_expires_in: issued.refreshExpiresIn,
      token_type: 'bearer',
      scope: '',
    };
  }

  // --- device flow ----------------------------------------------------------------------------

  private async handleDeviceCode(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    this.stats.deviceCodeRequests++;
    const body = withQueryParams(await parseBody(req), url.searchParams);
    if (await this.faults.apply('device', req, res, { interval: this.deviceInterval })) return;
    const reply = this.replyFor(req, res);
    const credentials = readClientCredentials(req, body.params);
    if (this.checkClient(credentials, { secretRequired: false }) !== 'ok') {
      return reply(this.errorBody('incorrect_client_credentials'));
    }
    if (!this.deviceFlowEnabled) return reply(this.errorBody('device_flow_disabled'));
    const now = this.now();
    const device: DeviceAuthorization = {
      deviceCode: randomBytes(20).toString('hex'),
      userCode: newUserCode(),
      clientId: this.clientId,
      scope: body.params.get('scope') ?? '',
      expiresAt: now + this.deviceCodeTtlSeconds * 1000,
      interval: this.deviceInterval,
      lastPollAt: now,
      pendingPolls: 0,
      status: 'pending',
      user: null,
    };
    this.devices.set(device.deviceCode, device);
    this.lastUserCode = device.userCode;
    reply({
      device_code: device.deviceCode,
      user_code: device.userCode,
      verification_uri: `${this.url}/login/device`,
      expires_in: this.deviceCodeTtlSeconds,
      interval: device.interval,
    });
  }

  private pollDevice(
    deviceCode: string | undefined,
    reply: (body: Record<string, string | number | null>) => void,
    fail: (error: string, extra?: Record<string, string | number>) => void,
  ): void {
    const device = deviceCode === undefined ? undefined : this.devices.get(deviceCode);
    if (!device || device.status === 'consumed') return fail('incorrect_device_code');
    const now = this.now();
    if (device.expiresAt <= now) return fail('expired_token');
    if (device.status === 'denied') return fail('access_denied');
    const early = now - device.lastPollAt < device.interval * 1000 - POLL_TOLERANCE_MS;
    device.lastPollAt = now;
    if (early) {
      // [authorizing]: "The slow_down error response adds 5 seconds to the last interval", and
      // "The error response includes the new interval".
      device.interval += 5;
      return fail('slow_down', { interval: device.interval });
    }
    if (device.status === 'pending') {
      device.pendingPolls++;
      if (this.autoApproveAfter !== null && device.pendingPolls > this.autoApproveAfter) {
        this.approveDevice(device.userCode);
      } else {
        return fail('authorization_pending');
      }
    }
    device.status = 'consumed';
    reply(this.tokenBody(device.scope, device.user ?? { ...this.user }));
  }

  /** The verification page. With ?user_code=..., the auto-consenting user approves that code. */
  private handleDevicePage(res: ServerResponse, url: URL): void {
    const userCode = url.searchParams.get('user_code');
    if (userCode !== null) {
      try {
        this.approveDevice(userCode.toUpperCase());
      } catch {
        sendHtml(res, 404, 'Device activation', 'Unknown code.');
        return;
      }
      sendHtml(res, 200, 'Device activated', 'Congratulations, you are all set!');
      return;
    }
    // A form a person can use (the demo); tests approve with ?user_code= or approveDevice().
    const html =
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Device activation</title></head>' +
      '<body><h1>Device activation</h1><form method="get" action="/login/device">' +
      '<label for="user_code">Enter the code displayed on your device</label> ' +
      '<input id="user_code" name="user_code" autocomplete="off" autofocus required> ' +
      '<button type="submit">Continue</button></form></body></html>';
    sendBody(res, 200, html, 'text/html; charset=utf-8');
  }

  // --- REST API -------------------------------------------------------------------------------

  private async handleApi(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    const apiHeaders = { 'x-github-media-type': 'github.v3; format=json' };
    const profileRequest = method === 'GET' && (path === '/user' || path === '/user/emails');
    if (profileRequest) this.stats.apiRequests++;
    // [rest]: "Requests with no User-Agent header will be rejected" (403 for an invalid one).
    if (this.requireUserAgent && !req.headers['user-agent']) {
      sendBody403(res);
      return;
    }
    const revoke = /^\/applications\/([^/]+)\/(token|grant)$/.exec(path);
    if (revoke && method === 'DELETE')
      return this.handleRevoke(req, res, decodeURIComponent(revoke[1] ?? ''), revoke[2] === 'grant');

    if (profileRequest) {
      if (await this.faults.apply('api', req, res, {})) return;
      if (readBearer(req, ['bearer', 'token']) === null) {
        sendJson(res, 401, { message: 'Requires authentication', documentation_url: REST_DOCS }, apiHeaders);
        return;
      }
      // [authorizing] shows `Authorization: Bearer`; earlier versions of that page showed
      // `Authorization: token`, which GitHub still accepts.
      const record = this.authenticateApi(req, ['bearer', 'token']);
      if (!record) {
        sendJson(res, 401, { message: 'Bad credentials', documentation_url: REST_DOCS }, apiHeaders);
        return;
      }
      const headers = {
        ...apiHeaders,
        'x-oauth-scopes': record.scope
          .split(/[\s,]+/)
          .filter(Boolean)
          .join(', '),
      };
      const user = record.user;
      if (path === '/user/emails') {
        sendJson(
          res,
          200,
          [{ email: user.primaryEmail, primary: true, verified: true, visibility: 'private' }],
          headers,
        );
        return;
      }
      sendJson(
        res,
        200,
        {
          login: user.login,
          id: user.id,
          node_id: Buffer.from(`04:User${user.id}`).toString('base64'),
          avatar_url: `${this.url}/avatars/${user.id}.png`,
          html_url: `${this.url}/${user.login}`,
          type: 'User',
          site_admin: false,
          name: user.name,
          company: null,
          blog: '',
          location: null,
          email: user.email,
          bio: null,
          created_at: '2011-01-25T18:44:36Z',
          updated_at: '2024-01-01T00:00:00Z',
        },
        headers,
      );
      return;
    }
    sendJson(res, 404, { message: 'Not Found', documentation_url: REST_DOCS }, apiHeaders);
  }

  /**
   * DELETE /applications/{client_id}/token|grant with Basic client credentials and
   * { access_token }; 204 on success. Deleting the grant deletes every token of the app for the
   * user [oauth-apps-api].
   */
  private async handleRevoke(
    req: IncomingMessage,
    res: ServerResponse,
    pathClientId: string,
    wholeGrant: boolean,
  ): Promise<void> {
    this.stats.revokeRequests++;
    const body = await parseBody(req);
    if (await this.faults.apply('revoke', req, res, {})) return;
    const header = req.headers.authorization ?? '';
    const credentials = /^basic\s/i.test(header) ? readClientCredentials(req, new Map()) : null;
    const authorized =
      credentials !== null &&
      this.clientSecret !== null &&
      credentials.clientId === this.clientId &&
      pathClientId === this.clientId &&
      credentials.clientSecret !== null &&
      safeEqual(credentials.clientSecret, this.clientSecret);
    if (!authorized) {
      sendJson(res, 401, { message: 'Bad credentials', documentation_url: REST_DOCS });
      return;
    }
    const token = body.params.get('access_token');
    const record = token === undefined ? null : this.tokens.peek(token);
    if (token === undefined || !record || record.kind !== 'access') {
      sendJson(res, token === undefined ? 422 : 404, {
        message: token === undefined ? 'Invalid request.' : 'Not Found',
        documentation_url: REST_DOCS,
      });
      return;
    }
    this.revokeToken(token, wholeGrant ? 'grant' : 'token');
    sendNoContent(res);
  }
}

function sendBody403(res: ServerResponse): void {
  sendHtml(
    res,
    403,
    'Request forbidden by administrative rules',
    'Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required).',
  );
}

/** Start a GitHub emulator on 127.0.0.1 and an ephemeral port. */
export async function startGithubEmulator(options: GithubEmulatorOptions = {}): Promise<GithubEmulator> {
  return new GithubEmulatorServer(options).start();
}
