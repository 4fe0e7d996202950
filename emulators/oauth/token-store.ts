// Issued access and refresh tokens: their lifetimes, their grant (one authorization and its
// refreshes), single-use refresh tokens where a provider rotates them, and server-side expiry.

import { randomUUID } from 'node:crypto';

import { randomToken } from './secret-values.js';

export interface TokenRecord<P> {
  kind: 'access' | 'refresh';
  clientId: string;
  scope: string;
  user: P;
  /** Epoch ms, or null when it never expires. */
  expiresAt: number | null;
  /** Tokens from one authorization (and its refreshes) share a grant id. */
  grantId: string;
  /** Free-form data a provider attaches (for example the OIDC request's nonce, or the tenant). */
  extra: Record<string, string>;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string | null;
  /** Seconds, or null when the access token never expires. */
  expiresIn: number | null;
  refreshExpiresIn: number | null;
  grantId: string;
}

export interface IssueRequest<P> {
  clientId: string;
  scope: string;
  user: P;
  accessPrefix: string;
  /** Prefix of the refresh token; null issues none. */
  refreshPrefix: string | null;
  /** The grant the tokens continue (a refresh); a new grant when absent. */
  grantId?: string;
  extra?: Record<string, string>;
  /** Expiry of the refresh token when it continues an existing one (epoch ms or null). */
  refreshExpiresAt?: number | null;
}

export interface TokenLifetimes {
  /** Seconds; null = never expires. Changeable while running (setAccessTokenTtl). */
  accessTokenTtlSeconds: number | null;
  refreshTokenTtlSeconds: number | null;
}

export class TokenStore<P> {
  private readonly tokens = new Map<string, TokenRecord<P>>();

  constructor(
    private readonly now: () => number,
    readonly lifetimes: TokenLifetimes,
  ) {}

  /** Issue an access token (and optionally a refresh token) under a grant. */
  issue(request: IssueRequest<P>): IssuedTokens {
    const now = this.now();
    const grantId = request.grantId ?? randomUUID();
    const base = { clientId: request.clientId, scope: request.scope, user: request.user, grantId };
    const extra = request.extra ?? {};
    const accessToken = randomToken(request.accessPrefix);
    const expiresIn = this.lifetimes.accessTokenTtlSeconds;
    this.tokens.set(accessToken, {
      ...base,
      kind: 'access',
      expiresAt: expiresIn === null ? null : now + expiresIn * 1000,
      extra,
    });
    if (request.refreshPrefix === null) {
      return { accessToken, refreshToken: null, expiresIn, refreshExpiresIn: null, grantId };
    }
    const refreshToken = randomToken(request.refreshPrefix);
    const refreshTtl = this.lifetimes.refreshTokenTtlSeconds;
    const refreshExpiresAt =
      request.refreshExpiresAt !== undefined
        ? request.refreshExpiresAt
        : refreshTtl === null
          ? null
          : now + refreshTtl * 1000;
    this.tokens.set(refreshToken, { ...base, kind: 'refresh', expiresAt: refreshExpiresAt, extra });
    const refreshExpiresIn =
      refreshExpiresAt === null ? null : Math.max(0, Math.round((refreshExpiresAt - now) / 1000));
    return { accessToken, refreshToken, expiresIn, refreshExpiresIn, grantId };
  }

  /**
   * A valid refresh token of this client, or null. With rotate, the presented token is removed
   * (single use) before the caller issues the next one.
   */
  useRefreshToken(token: string | undefined, clientId: string, rotate: boolean): TokenRecord<P> | null {
    if (!token) return null;
    const record = this.get(token, 'refresh');
    if (!record || record.clientId !== clientId) return null;
    if (rotate) this.tokens.delete(token);
    return record;
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
    return this.deleteWhere((record) => record.grantId === grantId);
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

  /** Takes scopes out of every grant: tokens refreshed from now on carry the rest. */
  removeScopes(scopes: readonly string[]): void {
    for (const record of this.tokens.values()) {
      record.scope = record.scope
        .split(/[\s,]+/)
        .filter((item) => item !== '' && !scopes.includes(item))
        .join(record.scope.includes(',') ? ',' : ' ');
    }
  }

  get size(): number {
    return this.tokens.size;
  }
}
