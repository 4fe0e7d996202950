// Shared machinery for the local OAuth provider emulators (test code only).
//
// Each emulator is a real node:http server on 127.0.0.1 and an ephemeral port. This module holds
// what they share: the server lifecycle (close() destroys open sockets, so hanging requests never
// keep a test alive), body parsing, response helpers, the fault queue, the counters, the stores of
// issued authorization codes and tokens, PKCE and client authentication, and the auto-consenting
// authorization endpoint. Provider files only add their own routes, formats and quirks.
//
// Nothing here ever logs a token, a code or a secret.

import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleepTimer } from 'node:timers/promises';
import { deflateSync } from 'node:zlib';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

/** Endpoints whose answers can be replaced by an injected fault. */
export type FaultEndpoint = 'token' | 'api' | 'revoke' | 'device';

export type Fault =
  | {
      kind: 'status';
      status: number;
      body?: string;
      contentType?: string;
      headers?: Record<string, string>;
    }
  /** 200 text/html page instead of JSON. */
  | { kind: 'html' }
  /** 200 application/json whose body is not valid JSON. */
  | { kind: 'malformed' }
  /** 200 application/json without the expected fields (no access_token, empty profile). */
  | { kind: 'missing-fields' }
  /** 200 application/json of 20 MiB, streamed in chunks without a Content-Length. */
  | { kind: 'huge' }
  /** Destroy the socket without answering. */
  | { kind: 'reset' }
  /** Never answer (until close()). */
  | { kind: 'hang' }
  /** Answer normally after a delay. */
  | { kind: 'delay'; ms: number };

export interface EmulatorStats {
  /** Every POST to the token endpoint, whatever its grant type or outcome. */
  tokenRequests: number;
  /** Token requests with grant_type=refresh_token. */
  refreshRequests: number;
  /** Token requests with grant_type=authorization_code. */
  codeExchanges: number;
  /** Token requests being answered right now (including latency, delays and hangs). */
  inFlight: number;
  /** Highest inFlight seen since the last resetStats(). */
  maxInFlight: number;
  /** tokenId() of every token revoked through the provider's revocation endpoint. */
  revoked: string[];
  /** Requests to the profile API (user, emails, userinfo, @me); not avatars. */
  apiRequests: number;
  /** Requests to the authorization endpoint. */
  authorizeRequests: number;
  /** Requests to the revocation endpoint(s). */
  revokeRequests: number;
  /** Requests to the device authorization endpoint. */
  deviceCodeRequests: number;
  /** Token requests with the device_code grant type. */
  devicePolls: number;
}

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
   * Otherwise any loopback http://127.0.0.1:<port>/<path> (or [::1]) is accepted (RFC 8252 §7.3).
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

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

/** Random base64url string with a prefix (tokens are recognisable so tests can scan for leaks). */
export function randomToken(prefix: string, bytes = 32): string {
  return prefix + randomBytes(bytes).toString('base64url');
}

/** Stable, non-secret identifier of a token (what stats.revoked holds). */
export function tokenId(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}

export function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

/** Constant-time string comparison. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const VERIFIER_RE = /^[A-Za-z0-9\-._~]{43,128}$/;
const S256_CHALLENGE_RE = /^[A-Za-z0-9_-]{43}$/;

export function isValidS256Challenge(challenge: string): boolean {
  return S256_CHALLENGE_RE.test(challenge);
}

/** RFC 7636 §4.6 with S256: BASE64URL(SHA256(verifier)) == challenge. */
export function verifyPkceS256(verifier: string | null | undefined, challenge: string): boolean {
  if (typeof verifier !== 'string' || !VERIFIER_RE.test(verifier)) return false;
  return safeEqual(createHash('sha256').update(verifier, 'ascii').digest('base64url'), challenge);
}

/** Loopback redirect per RFC 8252 §7.3: http, 127.0.0.1 or [::1], any port, no fragment. */
export function isLoopbackRedirectUri(raw: string): boolean {
  if (raw.includes('#')) return false;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'http:' &&
    (parsed.hostname === '127.0.0.1' || parsed.hostname === '[::1]') &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The path and query of a URL without the query (for messages). */
export function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

// --- PNG ----------------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** A valid size×size RGBA PNG of one colour. */
export function makePng(
  size = 4,
  rgba: readonly [number, number, number, number] = [88, 101, 242, 255],
): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  header[10] = 0; // compression
  header[11] = 0; // filter
  header[12] = 0; // interlace
  const row = Buffer.alloc(1 + size * 4);
  for (let x = 0; x < size; x++) row.set(rgba, 1 + x * 4);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export const TINY_PNG: Buffer = makePng();

/**
 * A GitHub-style identicon: a 5×5 grid mirrored left to right, in a colour drawn from `seed`, on a
 * light background; `size`×`size` pixels. Providers hand out such avatars to users without a
 * photo, and they make the window's screenshots tell accounts apart.
 */
export function makeIdenticon(seed: string, size = 80): Buffer {
  const hash = createHash('sha256').update(seed).digest();
  const colour = IDENTICON_COLOURS[(hash[0] ?? 0) % IDENTICON_COLOURS.length]!;
  const on = (col: number, row: number) => ((hash[1 + row * 3 + Math.min(col, 4 - col)] ?? 0) & 1) === 1;
  const margin = Math.round(size / 10);
  const cell = (size - 2 * margin) / 5;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(size * (1 + size * 4));
  for (let y = 0; y < size; y++) {
    const offset = y * (1 + size * 4);
    for (let x = 0; x < size; x++) {
      const col = Math.floor((x - margin) / cell);
      const row = Math.floor((y - margin) / cell);
      const inside = col >= 0 && col < 5 && row >= 0 && row < 5;
      raw.set(inside && on(col, row) ? colour : [240, 240, 240, 255], offset + 1 + x * 4);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const IDENTICON_COLOURS: readonly (readonly [number, number, number, number])[] = [
  [130, 80, 223, 255],
  [9, 105, 218, 255],
  [26, 127, 55, 255],
  [207, 34, 46, 255],
  [191, 135, 0, 255],
  [225, 111, 36, 255],
  [27, 124, 131, 255],
  [191, 57, 137, 255],
];

// ---------------------------------------------------------------------------------------------
// Request bodies
// ---------------------------------------------------------------------------------------------

export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super('request body too large');
    this.name = 'BodyTooLargeError';
  }
}

export interface ParsedBody {
  /** form: x-www-form-urlencoded; json: a JSON object; invalid-json: JSON content type, unparsable. */
  type: 'form' | 'json' | 'invalid-json' | 'empty' | 'other';
  /** First value of each parameter (JSON: top-level strings, numbers and booleans as strings). */
  params: Map<string, string>;
  /** Parameters that appeared more than once (RFC 6749 §3.1 forbids it). */
  duplicates: string[];
  /** The parsed JSON value, when type is json. */
  json: unknown;
}

export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > limit) throw new BodyTooLargeError();
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export async function parseBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<ParsedBody> {
  const raw = (await readBody(req, limit)).toString('utf8');
  const type = mediaType(req);
  const params = new Map<string, string>();
  const duplicates: string[] = [];
  const put = (key: string, value: string): void => {
    if (params.has(key)) duplicates.push(key);
    else params.set(key, value);
  };
  if (type === 'application/x-www-form-urlencoded') {
    for (const [key, value] of new URLSearchParams(raw)) put(key, value);
    return { type: 'form', params, duplicates, json: undefined };
  }
  if (type === 'application/json' || type.endsWith('+json')) {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return { type: 'invalid-json', params, duplicates, json: undefined };
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      return { type: 'invalid-json', params, duplicates, json };
    }
    for (const [key, value] of Object.entries(json)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        put(key, String(value));
      }
    }
    return { type: 'json', params, duplicates, json };
  }
  return { type: raw.length === 0 ? 'empty' : 'other', params, duplicates, json: undefined };
}

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

/** Headers RFC 6749 §5.1 requires on token responses. */
export const NO_STORE: Readonly<Record<string, string>> = { 'cache-control': 'no-store', pragma: 'no-cache' };

export function sendBody(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, {
    ...headers,
    'content-type': contentType,
    'content-length': String(payload.length),
  });
  res.end(payload);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendBody(res, status, JSON.stringify(body), 'application/json; charset=utf-8', headers);
}

export function sendForm(
  res: ServerResponse,
  status: number,
  body: Record<string, string | number | null | undefined>,
  headers: Record<string, string> = {},
): void {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(body)) {
    if (value !== null && value !== undefined) form.set(key, String(value));
  }
  sendBody(res, status, form.toString(), 'application/x-www-form-urlencoded; charset=utf-8', headers);
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  title: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
    `<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`;
  sendBody(res, status, html, 'text/html; charset=utf-8', headers);
}

export function sendNoContent(res: ServerResponse, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(204, headers);
  res.end();
}

export function sendPng(res: ServerResponse, png: Buffer = TINY_PNG): void {
  sendBody(res, 200, png, 'image/png', { 'cache-control': 'public, max-age=86400' });
}

export function redirect(res: ServerResponse, location: string, status = 302): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { location, 'content-length': '0', 'cache-control': 'no-store' });
  res.end();
}

/** Stream `totalBytes` of a valid-but-useless JSON object, honouring backpressure. */
async function streamHugeJson(res: ServerResponse, totalBytes: number): Promise<void> {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  const head = Buffer.from('{"padding":"');
  const tail = Buffer.from('"}');
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  let remaining = totalBytes - head.length - tail.length;
  res.write(head);
  while (remaining > 0) {
    if (res.destroyed) return;
    const piece = remaining >= chunk.length ? chunk : chunk.subarray(0, remaining);
    remaining -= piece.length;
    if (!res.write(piece)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  if (!res.destroyed) res.end(tail);
}

// ---------------------------------------------------------------------------------------------
// Client authentication and bearer tokens
// ---------------------------------------------------------------------------------------------

export type ClientAuthMethod = 'basic' | 'post' | 'none';

export interface ClientCredentials {
  method: ClientAuthMethod;
  clientId: string | null;
  clientSecret: string | null;
  /** The Authorization header was Basic but could not be decoded, or disagreed with the body. */
  malformed: boolean;
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/** HTTP Basic (RFC 6749 §2.3.1: form-urlencoded id and secret) or the body's client_id/client_secret. */
export function readClientCredentials(req: IncomingMessage, params: Map<string, string>): ClientCredentials {
  const header = req.headers.authorization;
  const bodyId = params.get('client_id') ?? null;
  if (header !== undefined && /^basic\s+/i.test(header)) {
    const decoded = Buffer.from(header.replace(/^basic\s+/i, '').trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { method: 'basic', clientId: null, clientSecret: null, malformed: true };
    const clientId = formDecode(decoded.slice(0, colon));
    const clientSecret = formDecode(decoded.slice(colon + 1));
    const malformed = bodyId !== null && bodyId !== clientId;
    return { method: 'basic', clientId, clientSecret, malformed };
  }
  const bodySecret = params.get('client_secret') ?? null;
  return {
    method: bodySecret !== null ? 'post' : 'none',
    clientId: bodyId,
    clientSecret: bodySecret,
    malformed: false,
  };
}

/** The token of `Authorization: <scheme> <token>` for one of the given (lowercase) schemes. */
export function readBearer(req: IncomingMessage, schemes: readonly string[] = ['bearer']): string | null {
  const header = req.headers.authorization;
  if (header === undefined) return null;
  const match = /^(\S+)\s+(\S+)\s*$/.exec(header);
  if (!match || !match[1] || !match[2]) return null;
  return schemes.includes(match[1].toLowerCase()) ? match[2] : null;
}

// ---------------------------------------------------------------------------------------------
// Stores
// ---------------------------------------------------------------------------------------------

export interface AuthorizationCode<P> {
  clientId: string;
  redirectUri: string;
  codeChallenge: string | null;
  scope: string;
  user: P;
  expiresAt: number;
  used: boolean;
  /** Every query parameter of the authorization request (nonce, access_type, ...). */
  request: URLSearchParams;
}

export interface TokenRecord<P> {
  kind: 'access' | 'refresh';
  clientId: string;
  scope: string;
  user: P;
  /** Epoch ms, or null when it never expires. */
  expiresAt: number | null;
  /** Tokens from one authorization (and its refreshes) share a grant id. */
  grantId: string;
  /** Free-form data a provider attaches (for example the OIDC request's nonce). */
  extra: Record<string, string>;
}

export class TokenStore<P> {
  private readonly tokens = new Map<string, TokenRecord<P>>();

  constructor(private readonly now: () => number) {}

  add(token: string, record: TokenRecord<P>): void {
    this.tokens.set(token, record);
  }

  /** A valid (known, unexpired) token of that kind, or null. */
  get(token: string, kind: TokenRecord<P>['kind']): TokenRecord<P> | null {
    const record = this.tokens.get(token);
    if (!record || record.kind !== kind) return null;
    if (record.expiresAt !== null && record.expiresAt <= this.now()) return null;
    return record;
  }

  /** Any known token, even expired. */
  peek(token: string): TokenRecord<P> | null {
    return this.tokens.get(token) ?? null;
  }

  delete(token: string): boolean {
    return this.tokens.delete(token);
  }

  deleteGrant(grantId: string): number {
    let count = 0;
    for (const [token, record] of this.tokens) {
      if (record.grantId === grantId) {
        this.tokens.delete(token);
        count++;
      }
    }
    return count;
  }

  deleteWhere(predicate: (record: TokenRecord<P>) => boolean): number {
    let count = 0;
    for (const [token, record] of this.tokens) {
      if (predicate(record)) {
        this.tokens.delete(token);
        count++;
      }
    }
    return count;
  }

  expireWhere(predicate: (record: TokenRecord<P>) => boolean): void {
    const past = this.now() - 1;
    for (const record of this.tokens.values()) if (predicate(record)) record.expiresAt = past;
  }

  get size(): number {
    return this.tokens.size;
  }
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string | null;
  /** Seconds, or null when the access token never expires. */
  expiresIn: number | null;
  refreshExpiresIn: number | null;
  grantId: string;
}

export type CodeRedemption<P> =
  | { ok: true; code: AuthorizationCode<P> }
  | {
      ok: false;
      reason: 'invalid_request' | 'invalid_grant' | 'redirect_uri_mismatch' | 'pkce';
      description: string;
    };

export type ClientCheck = 'ok' | 'missing' | 'unknown-client' | 'missing-secret' | 'bad-secret' | 'malformed';

export interface AuthorizePolicy {
  /** Value of the `iss` authorization response parameter (RFC 9207), or null to omit it. */
  iss: string | null;
  /** Reject authorization requests without a code_challenge. */
  requirePkce: boolean;
  /** Reject requests without response_type=code (GitHub does not need it). */
  requireResponseType: boolean;
  /** Reject requests without a scope. */
  requireScope: boolean;
  /** Scope granted when the request has none. */
  defaultScope: string;
  /** Builds an authorization code. */
  newCode: () => string;
  /** Extra parameters for the success redirect (Google adds scope, authuser, prompt). */
  extraSuccessParams?: (request: URLSearchParams) => Record<string, string>;
  /** Extra parameters for error redirects (GitHub adds error_uri). */
  extraErrorParams?: (error: string) => Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// The base class
// ---------------------------------------------------------------------------------------------

export interface EmulatorDefaults<P> {
  name: string;
  clientId: string;
  clientSecret: string;
  accessTokenTtlSeconds: number | null;
  refreshTokenTtlSeconds: number | null;
  user: P;
}

function emptyStats(): EmulatorStats {
  return {
    tokenRequests: 0,
    refreshRequests: 0,
    codeExchanges: 0,
    inFlight: 0,
    maxInFlight: 0,
    revoked: [],
    apiRequests: 0,
    authorizeRequests: 0,
    revokeRequests: 0,
    deviceCodeRequests: 0,
    devicePolls: 0,
  };
}

export interface TokenRequest {
  body: ParsedBody;
  params: Map<string, string>;
  grantType: string | null;
  credentials: ClientCredentials;
}

export abstract class EmulatorBase<P extends object> implements BaseEmulator<P> {
  url = '';
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
  protected accessTokenTtl: number | null;
  protected readonly refreshTokenTtl: number | null;
  protected readonly latencyMs: number;
  protected readonly codeTtlSeconds: number;
  protected readonly allowedRedirectUris: readonly string[] | null;
  protected readonly tokens: TokenStore<P>;
  protected readonly codes = new Map<string, AuthorizationCode<P>>();

  private readonly faults = new Map<FaultEndpoint, Fault[]>();
  private readonly sockets = new Set<Socket>();
  private readonly closing = new AbortController();
  private server: Server | null = null;
  private closePromise: Promise<void> | null = null;
  private readonly port: number;

  protected constructor(defaults: EmulatorDefaults<P>, options: EmulatorOptions<P>) {
    this.name = defaults.name;
    this.clientId = options.clientId ?? defaults.clientId;
    this.clientSecret = options.clientSecret === undefined ? defaults.clientSecret : options.clientSecret;
    this.accessTokenTtl =
      options.accessTokenTtlSeconds === undefined
        ? defaults.accessTokenTtlSeconds
        : options.accessTokenTtlSeconds;
    this.refreshTokenTtl =
      options.refreshTokenTtlSeconds === undefined
        ? defaults.refreshTokenTtlSeconds
        : options.refreshTokenTtlSeconds;
    this.latencyMs = options.latencyMs ?? 0;
    this.codeTtlSeconds = options.codeTtlSeconds ?? 60;
    this.allowedRedirectUris = options.allowedRedirectUris ?? null;
    this.now = options.now ?? Date.now;
    this.defaultUser = { ...defaults.user };
    this.user = { ...defaults.user, ...options.user };
    this.tokens = new TokenStore<P>(this.now);
    this.port = options.port ?? 0;
  }

  /** Route one request; throw for an internal error (answered 500). */
  protected abstract handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;

  // --- lifecycle ----------------------------------------------------------------------------

  async start(): Promise<this> {
    const server = createServer((req, res) => this.onRequest(req, res));
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('clientError', (_err, socket: Socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    this.server = server;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  close(): Promise<void> {
    if (this.closePromise) return this.closePromise;
    this.closing.abort();
    const server = this.server;
    if (!server) {
      this.closePromise = Promise.resolve();
      return this.closePromise;
    }
    const socketsClosed = [...this.sockets].map(
      (socket) =>
        new Promise<void>((resolve) =>
          socket.destroyed ? resolve() : socket.once('close', () => resolve()),
        ),
    );
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    server.closeAllConnections();
    this.closePromise = Promise.all([serverClosed, ...socketsClosed])
      // Let the aborted responses emit 'close' (which settles stats.inFlight) before resolving.
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)));
    return this.closePromise;
  }

  get closed(): boolean {
    return this.closing.signal.aborted;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url || 'http://127.0.0.1');
    this.handle(req, res, url).catch((error: unknown) => {
      if (this.closed) return;
      if (error instanceof BodyTooLargeError) {
        sendJson(res, 413, { error: 'invalid_request', error_description: 'Request body too large.' });
        return;
      }
      // Our own error messages never contain request values, so this line is safe to print.
      const message = error instanceof Error ? error.message : 'unknown error';
      process.stderr.write(
        `[${this.name}-emulator] internal error on ${req.method} ${url.pathname}: ${message}\n`,
      );
      if (!res.headersSent)
        sendJson(res, 500, { error: 'server_error', error_description: 'Emulator error.' });
      else res.destroy();
    });
  }

  /** Sleep that ends early (rejects) when the emulator closes. */
  protected async sleep(ms: number): Promise<void> {
    await sleepTimer(ms, undefined, { signal: this.closing.signal });
  }

  // --- controls -----------------------------------------------------------------------------

  resetStats(): void {
    const inFlight = this.stats.inFlight;
    Object.assign(this.stats, emptyStats(), { inFlight, maxInFlight: inFlight });
  }

  pushFault(endpoint: FaultEndpoint, fault: Fault): void {
    const queue = this.faults.get(endpoint) ?? [];
    queue.push(fault);
    this.faults.set(endpoint, queue);
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

  isAccessTokenValid(token: string): boolean {
    return this.tokens.get(token, 'access') !== null;
  }

  isRefreshTokenValid(token: string): boolean {
    return this.tokens.get(token, 'refresh') !== null;
  }

  setAccessTokenTtl(seconds: number | null): void {
    this.accessTokenTtl = seconds;
  }

  // --- faults -------------------------------------------------------------------------------

  protected takeFault(endpoint: FaultEndpoint): Fault | undefined {
    return this.faults.get(endpoint)?.shift();
  }

  /**
   * Apply the next queued fault for the endpoint. Returns true when the fault answered (or
   * deliberately did not answer) the request; false when the handler should answer normally.
   */
  protected async applyFault(
    endpoint: FaultEndpoint,
    req: IncomingMessage,
    res: ServerResponse,
    missingFieldsBody: unknown = {},
  ): Promise<boolean> {
    const fault = this.takeFault(endpoint);
    if (!fault) return false;
    switch (fault.kind) {
      case 'delay':
        await this.sleep(fault.ms);
        return false;
      case 'status': {
        const body = fault.body ?? defaultFaultBody(fault.status);
        const contentType =
          fault.contentType ?? (looksLikeJson(body) ? 'application/json' : 'text/html; charset=utf-8');
        sendBody(res, fault.status, body, contentType, fault.headers ?? {});
        return true;
      }
      case 'html':
        sendHtml(res, 200, 'Sign in', 'This is a login page, not an API answer.');
        return true;
      case 'malformed':
        sendBody(res, 200, '{"token_type": "bearer", "scope": ', 'application/json; charset=utf-8');
        return true;
      case 'missing-fields':
        sendJson(res, 200, missingFieldsBody);
        return true;
      case 'huge':
        await streamHugeJson(res, 20 * 1024 * 1024);
        return true;
      case 'reset':
        req.socket.destroy();
        return true;
      case 'hang':
        // Leave the request open; close() destroys the socket.
        return true;
    }
  }

  // --- authorization endpoint ---------------------------------------------------------------

  protected isRedirectAllowed(redirectUri: string): boolean {
    if (this.allowedRedirectUris) return this.allowedRedirectUris.includes(redirectUri);
    return isLoopbackRedirectUri(redirectUri);
  }

  /** The auto-consenting authorization endpoint shared by every provider. */
  protected handleAuthorize(res: ServerResponse, url: URL, policy: AuthorizePolicy): void {
    this.stats.authorizeRequests++;
    const query = url.searchParams;
    this.lastAuthorizationRequest = new URLSearchParams(query);

    const clientId = query.get('client_id');
    if (!clientId) {
      sendHtml(res, 400, 'Error 400: invalid_request', 'Missing required parameter: client_id');
      return;
    }
    if (clientId !== this.clientId) {
      sendHtml(res, 400, 'Error 401: invalid_client', 'The OAuth client was not found.');
      return;
    }
    const redirectUri = query.get('redirect_uri');
    if (!redirectUri) {
      sendHtml(res, 400, 'Error 400: invalid_request', 'Missing required parameter: redirect_uri');
      return;
    }
    if (!this.isRedirectAllowed(redirectUri)) {
      sendHtml(
        res,
        400,
        'Error 400: redirect_uri_mismatch',
        'The redirect_uri is not a registered loopback address of this application.',
      );
      return;
    }

    const state = query.get('state');
    const redirectTo = (params: Record<string, string>): void => {
      const target = new URL(redirectUri);
      for (const [key, value] of Object.entries(params)) target.searchParams.append(key, value);
      if (state !== null) target.searchParams.append('state', state);
      if (policy.iss !== null) target.searchParams.append('iss', policy.iss);
      redirect(res, target.toString());
    };
    const fail = (error: string, description: string): void =>
      redirectTo({ error, error_description: description, ...policy.extraErrorParams?.(error) });

    const duplicated = [...new Set([...query.keys()].filter((key) => query.getAll(key).length > 1))];
    if (duplicated.length > 0) {
      fail('invalid_request', `Parameter included more than once: ${duplicated.join(', ')}`);
      return;
    }
    const responseType = query.get('response_type');
    if (responseType === null ? policy.requireResponseType : responseType !== 'code') {
      fail('unsupported_response_type', 'Only response_type=code is supported.');
      return;
    }
    const challenge = query.get('code_challenge');
    const method = query.get('code_challenge_method');
    if (challenge === null) {
      if (method !== null) {
        fail('invalid_request', 'code_challenge_method without code_challenge.');
        return;
      }
      if (policy.requirePkce) {
        fail('invalid_request', 'Missing required parameter: code_challenge');
        return;
      }
    } else if (method !== 'S256') {
      fail('invalid_request', 'code_challenge_method must be S256.');
      return;
    } else if (!isValidS256Challenge(challenge)) {
      fail('invalid_request', 'Invalid code_challenge.');
      return;
    }
    const scope = query.get('scope');
    if ((scope === null || scope.trim() === '') && policy.requireScope) {
      fail('invalid_scope', 'Missing required parameter: scope');
      return;
    }
    if (this.deny) {
      fail('access_denied', 'The user has denied your application access.');
      return;
    }

    const code = policy.newCode();
    this.codes.set(code, {
      clientId,
      redirectUri,
      codeChallenge: challenge,
      scope: scope?.trim() || policy.defaultScope,
      user: { ...this.user },
      expiresAt: this.now() + this.codeTtlSeconds * 1000,
      used: false,
      request: new URLSearchParams(query),
    });
    redirectTo({ code, ...policy.extraSuccessParams?.(query) });
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
    if (options.query) {
      for (const [key, value] of options.query) if (!body.params.has(key)) body.params.set(key, value);
    }
    const grantType = this.grantTypeOf(body.params);
    if (grantType === 'refresh_token') this.stats.refreshRequests++;
    if (grantType === 'authorization_code') this.stats.codeExchanges++;
    if (grantType === 'urn:ietf:params:oauth:grant-type:device_code') this.stats.devicePolls++;
    const credentials = readClientCredentials(req, body.params);
    this.lastTokenRequest = {
      grantType,
      clientAuth: credentials.method,
      bodyType: body.type,
      paramNames: [...body.params.keys()].sort(),
    };

    if (this.latencyMs > 0) await this.sleep(this.latencyMs);
    if (await this.applyFault('token', req, res, options.missingFieldsBody ?? { token_type: 'Bearer' })) {
      return null;
    }
    return { body, params: body.params, grantType, credentials };
  }

  /** Check client authentication. A public client (clientSecret null) needs only its client_id. */
  protected checkClient(
    credentials: ClientCredentials,
    options: { secretRequired?: boolean } = {},
  ): ClientCheck {
    if (credentials.malformed) return 'malformed';
    if (credentials.clientId === null) return 'missing';
    if (credentials.clientId !== this.clientId) return 'unknown-client';
    const secretRequired = options.secretRequired ?? this.clientSecret !== null;
    if (!secretRequired || this.clientSecret === null) return 'ok';
    if (credentials.clientSecret === null) return 'missing-secret';
    return safeEqual(credentials.clientSecret, this.clientSecret) ? 'ok' : 'bad-secret';
  }

  /**
   * Redeem an authorization code: single use (even a failed attempt burns it), unexpired, same
   * client, same redirect_uri, and a code_verifier matching the S256 challenge.
   */
  protected redeemCode(
    params: Map<string, string>,
    clientId: string,
    options: { redirectUriRequired: boolean },
  ): CodeRedemption<P> {
    const value = params.get('code');
    if (!value)
      return { ok: false, reason: 'invalid_request', description: 'Missing required parameter: code' };
    const code = this.codes.get(value);
    if (!code) return { ok: false, reason: 'invalid_grant', description: 'Unknown authorization code.' };
    if (code.used)
      return { ok: false, reason: 'invalid_grant', description: 'Authorization code already used.' };
    code.used = true;
    if (code.expiresAt <= this.now()) {
      return { ok: false, reason: 'invalid_grant', description: 'Authorization code expired.' };
    }
    if (code.clientId !== clientId) {
      return { ok: false, reason: 'invalid_grant', description: 'Code was issued to another client.' };
    }
    const redirectUri = params.get('redirect_uri');
    if (redirectUri === undefined ? options.redirectUriRequired : redirectUri !== code.redirectUri) {
      return { ok: false, reason: 'redirect_uri_mismatch', description: 'redirect_uri does not match.' };
    }
    const verifier = params.get('code_verifier');
    if (code.codeChallenge !== null) {
      if (verifier === undefined) {
        return { ok: false, reason: 'pkce', description: 'Missing code verifier.' };
      }
      if (!verifyPkceS256(verifier, code.codeChallenge)) {
        return { ok: false, reason: 'pkce', description: 'Invalid code verifier.' };
      }
    } else if (verifier !== undefined) {
      // OAuth 2.0 Security BCP §4.8.2: a verifier without a challenge is a downgrade attempt.
      return { ok: false, reason: 'pkce', description: 'code_verifier sent but no code_challenge was.' };
    }
    return { ok: true, code };
  }

  /** Issue an access token (and optionally a refresh token) under a grant. */
  protected issueTokens(args: {
    clientId: string;
    scope: string;
    user: P;
    accessPrefix: string;
    refreshPrefix: string | null;
    grantId?: string;
    extra?: Record<string, string>;
    /** Expiry of the refresh token when it continues an existing one (epoch ms or null). */
    refreshExpiresAt?: number | null;
  }): IssuedTokens {
    const now = this.now();
    const grantId = args.grantId ?? randomUUID();
    const extra = args.extra ?? {};
    const accessToken = randomToken(args.accessPrefix);
    const expiresIn = this.accessTokenTtl;
    this.tokens.add(accessToken, {
      kind: 'access',
      clientId: args.clientId,
      scope: args.scope,
      user: args.user,
      expiresAt: expiresIn === null ? null : now + expiresIn * 1000,
      grantId,
      extra,
    });
    let refreshToken: string | null = null;
    let refreshExpiresIn: number | null = null;
    if (args.refreshPrefix !== null) {
      refreshToken = randomToken(args.refreshPrefix);
      const refreshExpiresAt =
        args.refreshExpiresAt !== undefined
          ? args.refreshExpiresAt
          : this.refreshTokenTtl === null
            ? null
            : now + this.refreshTokenTtl * 1000;
      refreshExpiresIn =
        refreshExpiresAt === null ? null : Math.max(0, Math.round((refreshExpiresAt - now) / 1000));
      this.tokens.add(refreshToken, {
        kind: 'refresh',
        clientId: args.clientId,
        scope: args.scope,
        user: args.user,
        expiresAt: refreshExpiresAt,
        grantId,
        extra,
      });
    }
    return { accessToken, refreshToken, expiresIn, refreshExpiresIn, grantId };
  }

  /**
   * Look up a refresh token for a client. With rotate, the presented token is removed
   * (single-use) before the caller issues the next one.
   */
  protected useRefreshToken(
    token: string | undefined,
    clientId: string,
    rotate: boolean,
  ): TokenRecord<P> | null {
    if (!token) return null;
    const record = this.tokens.get(token, 'refresh');
    if (!record || record.clientId !== clientId) return null;
    if (rotate) this.tokens.delete(token);
    return record;
  }

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

function looksLikeJson(body: string): boolean {
  const trimmed = body.trimStart();
  return trimmed.startsWith('{') || trimmed.startsWith('[');
}

function defaultFaultBody(status: number): string {
  if (status === 429) return JSON.stringify({ message: 'You are being rate limited.', retry_after: 1 });
  return `<!doctype html><html><head><title>${status}</title></head><body><h1>Error ${status}</h1></body></html>`;
}
