// What every provider emulator is: a local HTTP server (http/emulator-http-server.ts) with a
// registered client, a user who consents at once (oauth/authorize-endpoint.ts), stores of codes and
// tokens (oauth/authorization-codes.ts, oauth/token-store.ts), injected faults (http/faults.ts) and
// counters (emulator-stats.ts). A provider's file adds its routes, formats and documented quirks.
//
// Nothing here ever logs a token, a code or a secret.

import type { IncomingMessage, ServerResponse } from 'node:http';

import { emptyStats } from './emulator-stats.js';
import type { EmulatorStats } from './emulator-stats.js';
import { EmulatorHttpServer } from './http/emulator-http-server.js';
import { FaultQueue } from './http/faults.js';
import type { Fault, FaultEndpoint } from './http/faults.js';
import { parseBody, withQueryParams } from './http/request-body.js';
import type { ParsedBody } from './http/request-body.js';
import { AuthorizationCodes } from './oauth/authorization-codes.js';
import { answerAuthorization } from './oauth/authorize-endpoint.js';
import type { AuthorizePolicy } from './oauth/authorize-endpoint.js';
import { checkClient, readBearer, readClientCredentials } from './oauth/client-authentication.js';
import type { ClientAuthMethod, ClientCheck, ClientCredentials } from './oauth/client-authentication.js';
import { isLoopbackRedirectUri } from './oauth/loopback-redirect.js';
import { tokenId } from './oauth/secret-values.js';
import { answerTokenRequest } from './oauth/token-endpoint.js';
import type { TokenEndpointRules, TokenRequest } from './oauth/token-endpoint.js';
import { TokenStore } from './oauth/token-store.js';
import type { TokenRecord } from './oauth/token-store.js';

export interface EmulatorOptions<P> {
  /** The registered client id (each emulator has its own default). */
  clientId?: string;
  /** The client secret; null makes a public client that authenticates with client_id alone. */
  clientSecret?: string | null;
  /** Lifetime of issued access tokens; null = never expires. Per-emulator default. */
  accessTokenTtlSeconds?: number | null;
  /** Lifetime of issued refresh tokens; null = never expires. Per-emulator default. */
  refreshTokenTtlSeconds?: number | null;
  /** Delay before answering every token endpoint request. */
  latencyMs?: number;
  /** The identity the auto-approving consent page signs in as (merged over the default). */
  user?: Partial<P>;
  /** Lifetime of authorization codes (default 60 s). */
  codeTtlSeconds?: number;
  /**
   * When set, redirect_uri must be one of these exactly (a provider with an exact-redirect rule).
   * Otherwise the emulator's loopback rule applies (by default any http://127.0.0.1:<port>/<path>
   * or [::1], RFC 8252 §7.3).
   */
  allowedRedirectUris?: string[];
  /** Clock in milliseconds (default Date.now), for expiry checks. */
  now?: () => number;
  /** Listen on this port of 127.0.0.1 (the demo's fixed address); default an ephemeral one. */
  port?: number;
}

/** What the tests see of any emulator. */
export interface BaseEmulator<P> {
  /** Base URL, http://127.0.0.1:PORT (no trailing slash). */
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string | null;
  close(): Promise<void>;
  readonly stats: EmulatorStats;
  resetStats(): void;
  /** Queue a fault for the next request to that endpoint; consumed once, FIFO. */
  pushFault(endpoint: FaultEndpoint, fault: Fault): void;
  /** Drop every queued fault. */
  clearFaults(): void;
  /** Who approves from now on (merged over the emulator's default user). */
  setUser(profile: Partial<P>): void;
  /** While true, every authorization answers error=access_denied. */
  setDeny(next: boolean): void;
  /**
   * Simulate the user revoking the app: every refresh token issued so far stops working
   * (invalid_grant). Access tokens keep working unless includeAccessTokens is set.
   * Not recorded in stats.revoked (that list is for the revocation endpoint).
   */
  revokeAllRefreshTokens(options?: { includeAccessTokens?: boolean }): void;
  /** Make every access token issued so far expired (server-side). */
  expireAccessTokens(): void;
  /**
   * The person unticks these scopes on the consent screen from now on: the code grants what was
   * asked without them (Google's granular consent, a GitHub user editing the requested scopes).
   */
  setDeclinedScopes(scopes: readonly string[]): void;
  /**
   * The person (or an administrator) takes these scopes back from the app: every grant so far
   * loses them, so the next refresh answers a narrower `scope` (RFC 6749 §5.1, §6).
   */
  removeGrantedScopes(scopes: readonly string[]): void;
  isAccessTokenValid(token: string): boolean;
  isRefreshTokenValid(token: string): boolean;
  /** Lifetime of access tokens issued from now on; null = never expires. */
  setAccessTokenTtl(seconds: number | null): void;
  /** Query parameters of the last authorization request (state, nonce, scope, ...). */
  readonly lastAuthorizationRequest: URLSearchParams | null;
  /** Shape of the last token request, without any value (safe to print). */
  readonly lastTokenRequest: TokenRequestSummary | null;
}

export interface TokenRequestSummary {
  grantType: string | null;
  clientAuth: ClientAuthMethod;
  bodyType: ParsedBody['type'];
  paramNames: string[];
}

/** What a provider's emulator starts from when the test passes no option. */
export interface EmulatorDefaults<P> {
  name: string;
  clientId: string;
  clientSecret: string | null;
  accessTokenTtlSeconds: number | null;
  refreshTokenTtlSeconds: number | null;
  user: P;
}

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export abstract class EmulatorBase<P extends object> implements BaseEmulator<P> {
  readonly name: string;
  readonly clientId: string;
  readonly clientSecret: string | null;
  readonly stats: EmulatorStats = emptyStats();
  lastAuthorizationRequest: URLSearchParams | null = null;
  lastTokenRequest: TokenRequestSummary | null = null;

  protected readonly now: () => number;
  protected readonly defaultUser: P;
  protected user: P;
  protected deny = false;
  protected declinedScopes: readonly string[] = [];
  protected readonly latencyMs: number;
  protected readonly allowedRedirectUris: readonly string[] | null;
  protected readonly tokens: TokenStore<P>;
  protected readonly codes: AuthorizationCodes<P>;
  protected readonly faults: FaultQueue;
  private readonly server: EmulatorHttpServer;
  private readonly port: number;

  protected constructor(defaults: EmulatorDefaults<P>, options: EmulatorOptions<P>) {
    this.name = defaults.name;
    this.clientId = options.clientId ?? defaults.clientId;
    this.clientSecret = options.clientSecret === undefined ? defaults.clientSecret : options.clientSecret;
    this.latencyMs = options.latencyMs ?? 0;
    this.allowedRedirectUris = options.allowedRedirectUris ?? null;
    this.now = options.now ?? Date.now;
    this.defaultUser = { ...defaults.user };
    this.user = { ...defaults.user, ...options.user };
    this.tokens = new TokenStore<P>(this.now, {
      accessTokenTtlSeconds:
        options.accessTokenTtlSeconds === undefined
          ? defaults.accessTokenTtlSeconds
          : options.accessTokenTtlSeconds,
      refreshTokenTtlSeconds:
        options.refreshTokenTtlSeconds === undefined
          ? defaults.refreshTokenTtlSeconds
          : options.refreshTokenTtlSeconds,
    });
    this.codes = new AuthorizationCodes<P>(this.now, options.codeTtlSeconds ?? 60);
    this.server = new EmulatorHttpServer(this.name, (req, res, url) => this.handle(req, res, url));
    this.faults = new FaultQueue((ms) => this.sleep(ms));
    this.port = options.port ?? 0;
  }

  /** Route one request; throw for an internal error (answered 500). */
  protected abstract handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;

  // --- lifecycle ----------------------------------------------------------------------------

  get url(): string {
    return this.server.url;
  }

  async start(): Promise<this> {
    await this.server.listen(this.port);
    return this;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  get closed(): boolean {
    return this.server.closed;
  }

  /** Sleep that ends early (rejects) when the emulator closes. */
  protected sleep(ms: number): Promise<void> {
    return this.server.sleep(ms);
  }

  // --- controls -----------------------------------------------------------------------------

  resetStats(): void {
    const inFlight = this.stats.inFlight;
    Object.assign(this.stats, emptyStats(), { inFlight, maxInFlight: inFlight });
  }

  pushFault(endpoint: FaultEndpoint, fault: Fault): void {
    this.faults.push(endpoint, fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  setUser(profile: Partial<P>): void {
    this.user = { ...this.defaultUser, ...profile };
  }

  setDeny(next: boolean): void {
    this.deny = next;
  }

  revokeAllRefreshTokens(options: { includeAccessTokens?: boolean } = {}): void {
    const includeAccess = options.includeAccessTokens === true;
    this.tokens.deleteWhere((record) => record.kind === 'refresh' || includeAccess);
  }

  expireAccessTokens(): void {
    this.tokens.expireWhere((record) => record.kind === 'access');
  }

  setDeclinedScopes(scopes: readonly string[]): void {
    this.declinedScopes = [...scopes];
  }

  removeGrantedScopes(scopes: readonly string[]): void {
    this.tokens.removeScopes(scopes);
  }

  isAccessTokenValid(token: string): boolean {
    return this.tokens.get(token, 'access') !== null;
  }

  isRefreshTokenValid(token: string): boolean {
    return this.tokens.get(token, 'refresh') !== null;
  }

  setAccessTokenTtl(seconds: number | null): void {
    this.tokens.lifetimes.accessTokenTtlSeconds = seconds;
  }

  // --- authorization endpoint ---------------------------------------------------------------

  protected isRedirectAllowed(redirectUri: string): boolean {
    if (this.allowedRedirectUris) return this.allowedRedirectUris.includes(redirectUri);
    return isLoopbackRedirectUri(redirectUri);
  }

  /** The auto-consenting authorization endpoint, with the provider's policy. */
  protected handleAuthorize(res: ServerResponse, url: URL, policy: AuthorizePolicy<P>): void {
    this.stats.authorizeRequests++;
    this.lastAuthorizationRequest = new URLSearchParams(url.searchParams);
    answerAuthorization(res, url.searchParams, policy, {
      clientId: this.clientId,
      isRedirectAllowed: (redirectUri) => this.isRedirectAllowed(redirectUri),
      denies: this.deny,
      declinedScopes: this.declinedScopes,
      user: this.user,
      codes: this.codes,
    });
  }

  // --- token endpoint -----------------------------------------------------------------------

  /** Grant type of a token request (GitHub overrides: its code exchange needs no grant_type). */
  protected grantTypeOf(params: Map<string, string>): string | null {
    return params.get('grant_type') ?? null;
  }

  /**
   * Common start of every token request: counts, in-flight tracking, body parsing, latency and the
   * fault queue. Returns null when the request has been answered (or deliberately left hanging).
   */
  protected async beginTokenRequest(
    req: IncomingMessage,
    res: ServerResponse,
    options: { query?: URLSearchParams; missingFieldsBody?: unknown } = {},
  ): Promise<TokenRequest | null> {
    this.stats.tokenRequests++;
    this.stats.inFlight++;
    this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.stats.inFlight);
    res.once('close', () => {
      this.stats.inFlight--;
    });

    const body = await parseBody(req);
    if (options.query) withQueryParams(body, options.query);
    const grantType = this.grantTypeOf(body.params);
    if (grantType === 'refresh_token') this.stats.refreshRequests++;
    if (grantType === 'authorization_code') this.stats.codeExchanges++;
    if (grantType === DEVICE_GRANT) this.stats.devicePolls++;
    const credentials = readClientCredentials(req, body.params);
    this.lastTokenRequest = {
      grantType,
      clientAuth: credentials.method,
      bodyType: body.type,
      paramNames: [...body.params.keys()].sort(),
    };

    if (this.latencyMs > 0) await this.sleep(this.latencyMs);
    if (await this.faults.apply('token', req, res, options.missingFieldsBody ?? { token_type: 'Bearer' })) {
      return null;
    }
    return { body, params: body.params, grantType, credentials };
  }

  /** Check client authentication. A public client (clientSecret null) needs only its client_id. */
  protected checkClient(
    credentials: ClientCredentials,
    options: { secretRequired?: boolean } = {},
  ): ClientCheck {
    return checkClient(credentials, this, options);
  }

  /** A JSON token endpoint (code and refresh grants), worded by the provider's rules. */
  protected async serveTokenEndpoint(
    req: IncomingMessage,
    res: ServerResponse,
    rules: TokenEndpointRules<P>,
  ): Promise<void> {
    const request = await this.beginTokenRequest(req, res, { missingFieldsBody: rules.missingFieldsBody });
    if (request)
      answerTokenRequest(res, request, rules, { client: this, codes: this.codes, tokens: this.tokens });
  }

  // --- APIs and revocation ------------------------------------------------------------------

  /** Valid access token record behind an Authorization header, or null. */
  protected authenticateApi(
    req: IncomingMessage,
    schemes: readonly string[] = ['bearer'],
  ): TokenRecord<P> | null {
    const token = readBearer(req, schemes);
    return token === null ? null : this.tokens.get(token, 'access');
  }

  /** Revoke one token (or its whole grant). Records tokenId(token) in stats.revoked. */
  protected revokeToken(token: string, scope: 'token' | 'grant'): boolean {
    const record = this.tokens.peek(token);
    if (!record) return false;
    if (scope === 'grant') this.tokens.deleteGrant(record.grantId);
    else this.tokens.delete(token);
    this.stats.revoked.push(tokenId(token));
    return true;
  }
}
