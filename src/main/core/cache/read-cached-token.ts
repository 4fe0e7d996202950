import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { selectAccount, type SelectableAccount } from '../../../shared/select-account.js';
import { unsealWithKey } from '../crypto/sealer.js';
import { loadKeytar } from '../secrets/keytar-loader.js';
import { dataKeyEntry } from '../secrets/secret-store.js';
import {
  databaseFileName,
  findMigrationsFolder,
  newestMigrationMillis,
} from '../storage/migrations-folder.js';
import { associatedData } from './sqlite-access-token-cache.js';

/** What the full path reads as `config.json` and the keychain service when none is set (`config/config.ts`). */
export const leanConfigFileName = 'config.json';
export const leanDefaultKeychainService = 'signet';
/** The keychain's own time limit in `KeytarSecretStore`: a locked keyring falls back rather than hangs. */
const keychainTimeoutMs = 1500;

/** Why the direct path left a token to the full path: the test's and the bench's view of the path taken. */
export type LeanFallback =
  | 'sync-server'
  | 'session-only'
  | 'config'
  | 'no-database'
  | 'outdated-schema'
  | 'no-account'
  | 'needs-reauth'
  | 'pending-credential'
  | 'no-token'
  | 'expiring'
  | 'no-data-key'
  | 'unsealable'
  | 'error';

export type LeanTokenRead = { ok: true; token: string } | { ok: false; reason: LeanFallback };

export interface ReadCachedTokenOptions {
  dataDir: string;
  env: Record<string, string | undefined>;
  /** The account as the command line names it (`selectAccount`). */
  selector: string;
  minValiditySeconds: number;
  /** Another keytar (tests). */
  loadKeychain?: typeof loadKeytar;
}

type AccountRow = SelectableAccount & { status: string };
type TokenRow = [sealedToken: Buffer, tokenType: string, scope: string | null, expiresAt: number | null];

/**
 * A cache hit of `signet token` with no core built: reads the account's sealed row from
 * `signet.db` (read only) and unseals it with the keychain's data key, loading better-sqlite3
 * and keytar and nothing else (no drizzle, zod, HTTP or Redis client). Anything a cache hit does
 * not cover (a sync server, session-only mode, a schema this version has not migrated, an
 * ambiguous selector, needs-reauth, a pending credential, no token or one expiring within
 * `minValiditySeconds`, a key that does not open it) is answered with the reason, and the caller
 * runs the full path, which handles it as it always does.
 */
export async function readCachedToken(options: ReadCachedTokenOptions): Promise<LeanTokenRead> {
  const { env } = options;
  if (nonEmpty(env['SIGNET_REDIS_URL'])) return fallback('sync-server');
  const secretStore = nonEmpty(env['SIGNET_SECRET_STORE']);
  if (secretStore !== undefined && secretStore !== 'keychain') return fallback('session-only');
  const config = readConfig(options.dataDir);
  if (config === undefined) return fallback('config');
  if (config.syncServerUrl !== undefined) return fallback('sync-server');
  if (config.secretStore !== undefined && config.secretStore !== 'keychain') return fallback('session-only');
  const file = path.join(options.dataDir, databaseFileName);
  if (!existsSync(file)) return fallback('no-database');
  let db: Database.Database | undefined;
  try {
    const { default: Sqlite } = await import('better-sqlite3');
    db = new Sqlite(file, { readonly: true, fileMustExist: true, timeout: 5000 });
    const read = await readFrom(db, options);
    return read;
  } catch {
    return fallback('error');
  } finally {
    db?.close();
  }
}

async function readFrom(db: Database.Database, options: ReadCachedTokenOptions): Promise<LeanTokenRead> {
  const applied = db.prepare('SELECT max(created_at) FROM __drizzle_migrations').pluck().get() as
    number | string | null;
  if (applied === null || Number(applied) < newestMigrationMillis(findMigrationsFolder())) {
    return fallback('outdated-schema');
  }
  const syncServer = db.prepare("SELECT value FROM settings WHERE key = 'sync-server-url'").pluck().get() as
    string | undefined;
  if (syncServer) return fallback('sync-server');
  const accounts = db
    .prepare('SELECT id, provider, login, email, status FROM accounts')
    .all() as AccountRow[];
  let account: AccountRow;
  try {
    account = selectAccount(accounts, options.selector);
  } catch {
    // Not found or ambiguous: the full path words the error.
    return fallback('no-account');
  }
  if (account.status === 'needs-reauth') return fallback('needs-reauth');
  if (db.prepare('SELECT 1 FROM pending_credentials WHERE account_id = ?').get(account.id) !== undefined) {
    return fallback('pending-credential');
  }
  const row = db
    .prepare('SELECT sealed_token, token_type, scope, expires_at FROM access_tokens WHERE account_id = ?')
    .raw(true)
    .get(account.id) as TokenRow | undefined;
  if (row === undefined) return fallback('no-token');
  const [sealedToken, tokenType, scope, expiresAt] = row;
  // The full path's freshness rule (`isFresh`).
  if (expiresAt !== null && expiresAt - Date.now() < options.minValiditySeconds * 1000) {
    return fallback('expiring');
  }
  const key = await dataKey(options);
  if (key === undefined) return fallback('no-data-key');
  try {
    return {
      ok: true,
      token: unsealWithKey(key, sealedToken, associatedData(account.id, tokenType, scope, expiresAt)),
    };
  } catch {
    return fallback('unsealable');
  }
}

async function dataKey(options: ReadCachedTokenOptions): Promise<Buffer | undefined> {
  const service = nonEmpty(options.env['SIGNET_KEYCHAIN_SERVICE']) ?? leanDefaultKeychainService;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, keychainTimeoutMs, undefined);
    timer.unref();
  });
  try {
    const keytar = await (options.loadKeychain ?? loadKeytar)();
    const stored = await Promise.race([keytar.getPassword(service, dataKeyEntry), timeout]);
    if (stored === null || stored === undefined) return undefined;
    const key = Buffer.from(stored, 'base64');
    return key.length === 32 ? key : undefined;
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

function readConfig(dataDir: string): { syncServerUrl?: unknown; secretStore?: unknown } | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, leanConfigFileName), 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? {} : undefined;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function fallback(reason: LeanFallback): LeanTokenRead {
  return { ok: false, reason };
}
