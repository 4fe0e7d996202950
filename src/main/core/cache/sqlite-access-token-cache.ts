import type Database from 'better-sqlite3';
import { isSignetError } from '../../../shared/errors.js';
import { boundVersion, legacyVersion, type Sealer } from '../crypto/sealer.js';
import type { SignetDatabase } from '../storage/database.js';
import type { AccessTokenCache, AccountRef, CachedAccessToken } from './access-token-cache.js';

/** A row of `access_tokens` as the statements below return it (`raw` mode: columns in order). */
type TokenRow = [sealedToken: Buffer, tokenType: string, scope: string | null, expiresAt: number | null];
type ExpiryRow = [accountId: string, expiresAt: number | null];

/** Above this many accounts, `expiries` reads the whole table rather than a list of ids. */
const maxListedIds = 500;

/**
 * The associated data of a sealed token: its account id, type, scope and expiry, so a row whose
 * metadata was edited in the database (a later expiry, another type) no longer opens. Blobs of
 * version 1, written before this, bound only the account id and still open that way. Exported for
 * the benchmark's bare baseline.
 */
export function associatedData(
  accountId: string,
  tokenType: string,
  scope: string | null,
  expiresAt: number | null,
): (version: number) => string {
  return (version) =>
    version === legacyVersion
      ? accountId
      : JSON.stringify(['access-token', accountId, tokenType, scope, expiresAt]);
}

/**
 * Access tokens sealed with AES-256-GCM in `signet.db`, bound to their row (`associatedData`).
 * Statements are prepared once and return raw rows: this is the path of every token served
 * from disk, so it does no more than the SELECT and the unseal it needs.
 */
export class SqliteAccessTokenCache implements AccessTokenCache {
  readonly backend = 'sqlite' as const;
  private readonly selectOne: Database.Statement<[string], TokenRow>;
  private readonly upsert: Database.Statement<[string, Buffer, string, string | null, number | null, number]>;
  private readonly deleteOne: Database.Statement<[string]>;
  private readonly expiriesOf: Database.Statement<[string], ExpiryRow>;
  private readonly allExpiries: Database.Statement<[], ExpiryRow>;
  private readonly expiryOfOne: Database.Statement<[string], ExpiryRow>;
  private readonly writtenAtOf: Database.Statement<[string], { updated_at: number }>;

  constructor(
    db: SignetDatabase,
    private readonly sealer: Sealer,
  ) {
    const client = db.$client;
    this.selectOne = client
      .prepare<[string], TokenRow>(
        'SELECT sealed_token, token_type, scope, expires_at FROM access_tokens WHERE account_id = ?',
      )
      .raw(true);
    this.upsert = client.prepare(
      `INSERT INTO access_tokens (account_id, sealed_token, token_type, scope, expires_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id) DO UPDATE SET sealed_token = excluded.sealed_token,
         token_type = excluded.token_type, scope = excluded.scope,
         expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
    );
    this.deleteOne = client.prepare('DELETE FROM access_tokens WHERE account_id = ?');
    this.expiriesOf = client
      .prepare<[string], ExpiryRow>(
        'SELECT account_id, expires_at FROM access_tokens WHERE account_id IN (SELECT value FROM json_each(?))',
      )
      .raw(true);
    this.allExpiries = client
      .prepare<[], ExpiryRow>('SELECT account_id, expires_at FROM access_tokens')
      .raw(true);
    // One account (each read from the sync server compares with the local copy): no JSON list.
    this.expiryOfOne = client
      .prepare<[string], ExpiryRow>('SELECT account_id, expires_at FROM access_tokens WHERE account_id = ?')
      .raw(true);
    this.writtenAtOf = client.prepare<[string], { updated_at: number }>(
      'SELECT updated_at FROM access_tokens WHERE account_id = ?',
    );
  }

  async get(ref: AccountRef): Promise<CachedAccessToken | null> {
    const row = this.selectOne.get(ref.accountId);
    if (!row) return null;
    const [sealedToken, tokenType, scope, expiresAt] = row;
    try {
      const bound = associatedData(ref.accountId, tokenType, scope, expiresAt);
      return {
        accessToken:
          this.sealer.unsealIfReady(sealedToken, bound) ?? (await this.sealer.unseal(sealedToken, bound)),
        tokenType,
        scope,
        expiresAt: expiresAt === null ? null : new Date(expiresAt),
      };
    } catch (error) {
      // A blob sealed under another key, moved between rows or with its row edited is useless:
      // drop it, refresh instead.
      if (isSignetError(error, 'sealed-data-invalid')) {
        await this.delete(ref);
        return null;
      }
      throw error;
    }
  }

  async set(ref: AccountRef, token: CachedAccessToken): Promise<void> {
    const expiresAt = token.expiresAt?.getTime() ?? null;
    const sealedToken = await this.sealer.seal(
      token.accessToken,
      associatedData(ref.accountId, token.tokenType, token.scope, expiresAt)(boundVersion),
      boundVersion,
    );
    this.upsert.run(ref.accountId, sealedToken, token.tokenType, token.scope, expiresAt, Date.now());
  }

  /** When this account's token was written here (ms since the epoch), if one is. */
  async writtenAt(ref: AccountRef): Promise<number | undefined> {
    return this.writtenAtOf.get(ref.accountId)?.updated_at;
  }

  async delete(ref: AccountRef): Promise<void> {
    this.deleteOne.run(ref.accountId);
  }

  async expiries(refs: AccountRef[]): Promise<Map<string, Date | null>> {
    const result = new Map<string, Date | null>();
    if (refs.length === 0) return result;
    const rows =
      refs.length === 1
        ? this.expiryOfOne.all(refs[0]!.accountId)
        : refs.length > maxListedIds
          ? this.allExpiries.all()
          : this.expiriesOf.all(JSON.stringify(refs.map((ref) => ref.accountId)));
    const wanted = new Set(refs.map((ref) => ref.accountId));
    for (const [accountId, expiresAt] of rows) {
      if (wanted.has(accountId)) result.set(accountId, expiresAt === null ? null : new Date(expiresAt));
    }
    return result;
  }
}
