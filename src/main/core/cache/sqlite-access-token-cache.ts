import { eq, inArray, sql } from 'drizzle-orm';
import { isSignetError } from '../../../shared/errors.js';
import type { Sealer } from '../crypto/sealer.js';
import type { SignetDatabase } from '../storage/database.js';
import { accessTokens } from '../storage/schema.js';
import type { AccessTokenCache, AccountRef, CachedAccessToken } from './access-token-cache.js';

/** Access tokens sealed with AES-256-GCM in `signet.db`, the account id as associated data. */
export class SqliteAccessTokenCache implements AccessTokenCache {
  readonly backend = 'sqlite' as const;
  private readonly selectOne;

  constructor(
    private readonly db: SignetDatabase,
    private readonly sealer: Sealer,
  ) {
    this.selectOne = db
      .select()
      .from(accessTokens)
      .where(eq(accessTokens.accountId, sql.placeholder('id')))
      .prepare();
  }

  async get(ref: AccountRef): Promise<CachedAccessToken | null> {
    const row = this.selectOne.get({ id: ref.accountId });
    if (!row) return null;
    try {
      return {
        accessToken: await this.sealer.unseal(row.sealedToken, ref.accountId),
        tokenType: row.tokenType,
        scope: row.scope,
        expiresAt: row.expiresAt,
      };
    } catch (error) {
      // A blob sealed under another key or moved between rows is useless: drop it, refresh instead.
      if (isSignetError(error, 'sealed-data-invalid')) {
        await this.delete(ref);
        return null;
      }
      throw error;
    }
  }

  async set(ref: AccountRef, token: CachedAccessToken): Promise<void> {
    const sealedToken = await this.sealer.seal(token.accessToken, ref.accountId);
    const values = {
      sealedToken,
      tokenType: token.tokenType,
      scope: token.scope,
      expiresAt: token.expiresAt,
      updatedAt: new Date(),
    };
    this.db
      .insert(accessTokens)
      .values({ accountId: ref.accountId, ...values })
      .onConflictDoUpdate({ target: accessTokens.accountId, set: values })
      .run();
  }

  async delete(ref: AccountRef): Promise<void> {
    this.db.delete(accessTokens).where(eq(accessTokens.accountId, ref.accountId)).run();
  }

  async expiries(refs: AccountRef[]): Promise<Map<string, Date | null>> {
    const result = new Map<string, Date | null>();
    if (refs.length === 0) return result;
    const rows = this.db
      .select({ accountId: accessTokens.accountId, expiresAt: accessTokens.expiresAt })
      .from(accessTokens)
      .where(
        refs.length > 500
          ? undefined
          : inArray(
              accessTokens.accountId,
              refs.map((ref) => ref.accountId),
            ),
      )
      .all();
    const wanted = new Set(refs.map((ref) => ref.accountId));
    for (const row of rows) if (wanted.has(row.accountId)) result.set(row.accountId, row.expiresAt);
    return result;
  }
}
