import { z } from 'zod';
import type { RedisClient } from '../redis/redis-connection.js';
import type { AccessTokenCache, AccountRef, CachedAccessToken } from './access-token-cache.js';
import { redisKeys } from './redis-keys.js';

/** Entries read back from a shared server are untrusted: anything malformed is a miss. */
const entrySchema = z.object({
  v: z.literal(1),
  accessToken: z.string().min(1).max(16_384),
  tokenType: z.string().min(1).max(64),
  scope: z.string().max(4096).nullable(),
  expiresAt: z.number().int().positive().nullable(),
});

/** A token is dropped from Redis this long before it expires, so no reader gets one about to die. */
export const redisExpiryMarginMs = 30_000;

/** Access tokens on the sync server, shared by every Signet process and machine that uses it. */
export class RedisAccessTokenCache implements AccessTokenCache {
  readonly backend = 'redis' as const;

  constructor(
    private readonly redis: RedisClient,
    private readonly now: () => number = Date.now,
  ) {}

  async get(ref: AccountRef): Promise<CachedAccessToken | null> {
    return parseEntry(await this.redis.get(redisKeys.accessToken(ref.accountId, ref.provider)));
  }

  async set(ref: AccountRef, token: CachedAccessToken): Promise<void> {
    const key = redisKeys.accessToken(ref.accountId, ref.provider);
    const value = JSON.stringify({
      v: 1,
      accessToken: token.accessToken,
      tokenType: token.tokenType,
      scope: token.scope,
      expiresAt: token.expiresAt?.getTime() ?? null,
    });
    if (token.expiresAt === null) {
      await this.redis.set(key, value);
      return;
    }
    const ttl = token.expiresAt.getTime() - this.now() - redisExpiryMarginMs;
    if (ttl <= 0) {
      await this.redis.del(key);
      return;
    }
    await this.redis.set(key, value, 'PX', ttl);
  }

  async delete(ref: AccountRef): Promise<void> {
    await this.redis.del(redisKeys.accessToken(ref.accountId, ref.provider));
  }

  async expiries(refs: AccountRef[]): Promise<Map<string, Date | null>> {
    const values = await Promise.all(
      refs.map((ref) => this.redis.get(redisKeys.accessToken(ref.accountId, ref.provider))),
    );
    const result = new Map<string, Date | null>();
    refs.forEach((ref, i) => {
      const entry = parseEntry(values[i] ?? null);
      if (entry) result.set(ref.accountId, entry.expiresAt);
    });
    return result;
  }
}

function parseEntry(raw: string | null): CachedAccessToken | null {
  if (raw === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = entrySchema.safeParse(json);
  if (!parsed.success) return null;
  const { accessToken, tokenType, scope, expiresAt } = parsed.data;
  return { accessToken, tokenType, scope, expiresAt: expiresAt === null ? null : new Date(expiresAt) };
}
