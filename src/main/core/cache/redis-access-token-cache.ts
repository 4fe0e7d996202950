import { z } from 'zod';
import type { SyncKey } from '../crypto/sync-key.js';
import type { Logger } from '../logging/logger.js';
import type { RedisClient } from '../redis/redis-connection.js';
import type { AccessTokenCache, AccountRef, CachedAccessToken } from './access-token-cache.js';
import { redisKeys } from './redis-keys.js';
import type { SyncAccount, SyncContext } from './sync-context.js';

/**
 * An entry as stored: a clear header (what a reader needs to rebuild the associated data) and
 * the sealed token. Everything in the header is bound by the seal, so none of it can be changed.
 */
const entrySchema = z.object({
  v: z.literal(2),
  /** token type */
  t: z.string().min(1).max(64),
  /** expiry, ms since the epoch; null: never expires */
  e: z.number().int().positive().nullable(),
  /** when it was written, ms since the epoch */
  n: z.number().int().positive(),
  /** AES-256-GCM under the sync key, base64 */
  s: z.string().min(1).max(32_768),
});
const sealedSchema = z.object({
  accessToken: z.string().min(1).max(16_384),
  scope: z.string().max(4096).nullable(),
});

/** A token is dropped from Redis this long before it expires, so no reader gets one about to die. */
export const redisExpiryMarginMs = 30_000;

/**
 * Access tokens on the sync server, shared by the person's machines that hold the same sync key
 * and by every Signet process on them. The server sees key names that are keyed hashes, a token
 * type, an expiry and ciphertext: it can neither read a token nor plant, alter, move or extend
 * one, since each value is sealed with associated data binding its key name, provider, issuer,
 * subject, token type, expiry and write time. An entry that does not open is ignored, never
 * served.
 */
export class RedisAccessTokenCache implements AccessTokenCache {
  readonly backend = 'redis' as const;
  /** Key names already warned about: a bad entry is logged once, not on every read. */
  private readonly warned = new Set<string>();
  /** Names per account id: an id's identity never changes, and the key is fixed for this cache. */
  private readonly names = new Map<string, Named>();

  constructor(
    private readonly redis: RedisClient,
    private readonly context: SyncContext,
    private readonly options: { logger?: Logger; now?: () => number } = {},
  ) {}

  async get(ref: AccountRef): Promise<CachedAccessToken | null> {
    return (await this.getTimed(ref))?.token ?? null;
  }

  /** The token and when it was written (the sealed header's time), for comparing with a local copy. */
  async getTimed(ref: AccountRef): Promise<{ token: CachedAccessToken; writtenAt: number } | null> {
    const named = await this.name(ref);
    if (!named) return null;
    const raw = await this.redis.get(named.keyName);
    const token = this.open(named, raw);
    // `open` checked the header, seal included: its write time is the writer's own.
    return token ? { token, writtenAt: (JSON.parse(raw!) as { n: number }).n } : null;
  }

  async set(ref: AccountRef, token: CachedAccessToken): Promise<void> {
    const named = await this.name(ref);
    if (!named) return;
    const now = (this.options.now ?? Date.now)();
    const header = { v: 2 as const, t: token.tokenType, e: token.expiresAt?.getTime() ?? null, n: now };
    const sealed = named.key.seal(
      JSON.stringify({ accessToken: token.accessToken, scope: token.scope }),
      associatedData(named.keyName, named.account, header),
    );
    const value = JSON.stringify({ ...header, s: sealed.toString('base64') });
    if (token.expiresAt === null) {
      await this.redis.set(named.keyName, value);
      return;
    }
    const ttl = token.expiresAt.getTime() - now - redisExpiryMarginMs;
    if (ttl <= 0) {
      await this.redis.del(named.keyName);
      return;
    }
    await this.redis.set(named.keyName, value, 'PX', ttl);
  }

  async delete(ref: AccountRef): Promise<void> {
    const named = await this.name(ref);
    this.names.delete(ref.accountId);
    if (named) await this.redis.del(named.keyName);
  }

  async expiries(refs: AccountRef[]): Promise<Map<string, Date | null>> {
    const named = await Promise.all(refs.map((ref) => this.name(ref)));
    const values = await Promise.all(
      named.map((entry) => (entry ? this.redis.get(entry.keyName) : Promise.resolve(null))),
    );
    const result = new Map<string, Date | null>();
    refs.forEach((ref, i) => {
      const entry = named[i];
      const token = entry ? this.open(entry, values[i] ?? null) : null;
      if (token) result.set(ref.accountId, token.expiresAt);
    });
    return result;
  }

  private async name(ref: AccountRef): Promise<Named | undefined> {
    const known = this.names.get(ref.accountId);
    if (known) return known;
    const account = this.context.identityOf(ref.accountId);
    if (!account) return undefined;
    const key = await this.context.key();
    const named = { key, account, keyName: redisKeys.accessToken(key.accountTag(account)) };
    this.names.set(ref.accountId, named);
    return named;
  }

  private open(named: Named, raw: string | null): CachedAccessToken | null {
    if (raw === null) return null;
    const header = entrySchema.safeParse(safeJson(raw));
    if (!header.success) return this.ignore(named.keyName, 'malformed');
    const { t, e, s } = header.data;
    let sealed: z.infer<typeof sealedSchema>;
    try {
      const plain = named.key.open(
        Buffer.from(s, 'base64'),
        associatedData(named.keyName, named.account, header.data),
      );
      const parsed = sealedSchema.safeParse(safeJson(plain));
      if (!parsed.success) return this.ignore(named.keyName, 'malformed');
      sealed = parsed.data;
    } catch {
      return this.ignore(named.keyName, 'does not open under this machine’s sync key');
    }
    // Another machine's token serves this one only if it may do all this account was granted.
    if (!covers(sealed.scope, named.account.scopes)) return null;
    return {
      accessToken: sealed.accessToken,
      tokenType: t,
      scope: sealed.scope,
      expiresAt: e === null ? null : new Date(e),
    };
  }

  private ignore(keyName: string, why: string): null {
    if (!this.warned.has(keyName)) {
      this.warned.add(keyName);
      this.options.logger?.warn('ignored an entry on the sync server', { why });
    }
    return null;
  }
}

interface Named {
  key: SyncKey;
  account: SyncAccount;
  keyName: string;
}

/** What a sealed entry's associated data binds; exported for the benchmark's bare baseline. */
export function associatedData(
  keyName: string,
  account: SyncAccount,
  header: { v: number; t: string; e: number | null; n: number },
): string {
  return JSON.stringify([
    'signet-sync-token',
    header.v,
    keyName,
    account.provider,
    account.issuer,
    account.subject,
    header.t,
    header.e,
    header.n,
  ]);
}

/** Whether a token's scope covers the scopes an account holds (no scope given: the grant's own). */
function covers(scope: string | null, needed: readonly string[]): boolean {
  if (scope === null || needed.length === 0) return true;
  const granted = new Set(scope.split(/[\s,]+/).filter(Boolean));
  return needed.every((s) => granted.has(s));
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
