/** An access token as cached: the token and what a caller needs to decide whether to use it. */
export interface CachedAccessToken {
  accessToken: string;
  tokenType: string;
  scope: string | null;
  /** null: the token does not expire. */
  expiresAt: Date | null;
}

export interface AccountRef {
  accountId: string;
  provider: string;
}

export type CacheBackend = 'sqlite' | 'redis';

/**
 * Where access tokens wait between uses: sealed in SQLite, or in Redis when a sync server is
 * configured. Implementations never log or throw the token.
 */
export interface AccessTokenCache {
  readonly backend: CacheBackend;
  get(ref: AccountRef): Promise<CachedAccessToken | null>;
  set(ref: AccountRef, token: CachedAccessToken): Promise<void>;
  delete(ref: AccountRef): Promise<void>;
  /** When each account's cached token expires (undefined: nothing cached; null: never). */
  expiries(refs: AccountRef[]): Promise<Map<string, Date | null>>;
}

export function isFresh(token: CachedAccessToken, minValiditySeconds: number, now: number): boolean {
  return token.expiresAt === null || token.expiresAt.getTime() - now >= minValiditySeconds * 1000;
}
