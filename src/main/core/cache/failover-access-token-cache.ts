import type { Logger } from '../logging/logger.js';
import type { RedisClient } from '../redis/redis-connection.js';
import type { AccessTokenCache, AccountRef, CacheBackend, CachedAccessToken } from './access-token-cache.js';
import type { RedisAccessTokenCache } from './redis-access-token-cache.js';
import type { SqliteAccessTokenCache } from './sqlite-access-token-cache.js';

export interface FailoverOptions {
  /** After a failed Redis call, how long to stay on SQLite before trying Redis again. */
  holdOffMs?: number;
  onBackendChange?: (backend: CacheBackend) => void;
  logger?: Logger;
  now?: () => number;
}

/**
 * Redis while the sync server answers, SQLite when it does not. Writes go to SQLite always (it is
 * the local copy that keeps working offline) and to Redis when it is up; reads go to Redis first
 * and fall back to SQLite on a miss or an error, so an outage loses nothing; a local copy newer
 * than the server's wins.
 */
export class FailoverAccessTokenCache implements AccessTokenCache {
  private degradedUntil = 0;
  private lastBackend: CacheBackend;
  private readonly holdOffMs: number;
  private readonly now: () => number;

  constructor(
    private readonly client: RedisClient,
    private readonly redis: Pick<RedisAccessTokenCache, 'getTimed'> & AccessTokenCache,
    private readonly sqlite: Pick<SqliteAccessTokenCache, 'writtenAt'> & AccessTokenCache,
    private readonly options: FailoverOptions = {},
  ) {
    this.holdOffMs = options.holdOffMs ?? 2000;
    this.now = options.now ?? Date.now;
    this.lastBackend = this.backend;
    client.on('ready', () => {
      this.degradedUntil = 0;
      this.notify();
    });
    client.on('end', () => this.notify());
    client.on('close', () => this.notify());
  }

  get backend(): CacheBackend {
    return this.client.status === 'ready' && this.now() >= this.degradedUntil ? 'redis' : 'sqlite';
  }

  async get(ref: AccountRef): Promise<CachedAccessToken | null> {
    const fromRedis = await this.tryRedis(() => this.redis.getTimed(ref));
    if (!fromRedis) return this.sqlite.get(ref);
    // This machine's own copy may be newer: a refresh while the server was unreachable (or
    // before this process saw it come up) wrote only here, and the server still holds the token
    // that refresh replaced (or an older one put back: a rollback). The one written last is
    // served, and put back on the server. Write times, not expiries: a provider may issue a
    // shorter-lived token on a refresh, and the one it replaced is dead however long it had left.
    const localWrittenAt = await this.sqlite.writtenAt(ref);
    if (localWrittenAt === undefined || localWrittenAt <= fromRedis.writtenAt) return fromRedis.token;
    const local = await this.sqlite.get(ref);
    if (!local) return fromRedis.token;
    await this.tryRedis(() => this.redis.set(ref, local));
    return local;
  }

  async set(ref: AccountRef, token: CachedAccessToken): Promise<void> {
    await this.sqlite.set(ref, token);
    await this.tryRedis(() => this.redis.set(ref, token));
  }

  async delete(ref: AccountRef): Promise<void> {
    await this.sqlite.delete(ref);
    await this.tryRedis(() => this.redis.delete(ref));
  }

  async expiries(refs: AccountRef[]): Promise<Map<string, Date | null>> {
    const local = await this.sqlite.expiries(refs);
    const shared = await this.tryRedis(() => this.redis.expiries(refs));
    if (!shared) return local;
    for (const [id, expiresAt] of shared) local.set(id, expiresAt);
    return local;
  }

  private async tryRedis<T>(operation: () => Promise<T>): Promise<T | undefined> {
    if (this.backend !== 'redis') {
      this.notify();
      return undefined;
    }
    try {
      return await operation();
    } catch (error) {
      this.degradedUntil = this.now() + this.holdOffMs;
      this.options.logger?.warn('sync server call failed; using local storage', {
        error: error instanceof Error ? error.message : String(error),
      });
      this.notify();
      return undefined;
    }
  }

  private notify(): void {
    const backend = this.backend;
    if (backend === this.lastBackend) return;
    this.lastBackend = backend;
    this.options.onBackendChange?.(backend);
  }
}
