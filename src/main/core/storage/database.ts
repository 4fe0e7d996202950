import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { SignetError } from '../../../shared/errors.js';
import { databaseFileName, findMigrationsFolder } from './migrations-folder.js';
import * as schema from './schema.js';

export { databaseFileName, findMigrationsFolder };

export type SignetDatabase = BetterSQLite3Database<typeof schema> & {
  $client: Database.Database;
  /** Set when the file was found damaged at open: where the damaged copy was moved. */
  $quarantinedTo?: string;
};

export interface OpenDatabaseOptions {
  /** Where drizzle-kit's output lives; found next to the package when omitted. */
  migrationsFolder?: string;
  /** File name inside the data directory. */
  fileName?: string;
  busyTimeoutMs?: number;
  /**
   * better-sqlite3's addon to load instead of the one in `node_modules`: the Electron build,
   * kept apart from the Node build (`NativeModules` in `native-modules.ts`).
   */
  nativeBinding?: string;
}

/**
 * Opens `signet.db` in the data directory with WAL, foreign keys and a busy timeout, and runs
 * the migrations before returning, synchronously, so no caller ever sees an old schema.
 */
export function openDatabase(dataDir: string, options: OpenDatabaseOptions = {}): SignetDatabase {
  const file = path.join(dataDir, options.fileName ?? databaseFileName);
  try {
    return openAndMigrate(dataDir, file, options);
  } catch (error) {
    if (!isCorruption(error)) throw error;
    // A damaged file is moved aside, never deleted, and a fresh one takes its place. The
    // keychain is not touched: the accounts are rebuilt from it (AccountService.recover).
    const quarantinedTo = quarantine(file);
    const db = openAndMigrate(dataDir, file, options);
    db.$quarantinedTo = quarantinedTo;
    return db;
  }
}

function openAndMigrate(dataDir: string, file: string, options: OpenDatabaseOptions): SignetDatabase {
  let client: Database.Database | undefined;
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    client = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    client.pragma('journal_mode = WAL');
    client.pragma('foreign_keys = ON');
    client.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    client.pragma('synchronous = NORMAL');
    const db = drizzle({ client, schema });
    migrate(db, { migrationsFolder: options.migrationsFolder ?? findMigrationsFolder() });
    return db;
  } catch (error) {
    client?.close();
    throw new SignetError('storage', `Cannot open the database at ${file}: ${describe(error)}`, {
      cause: error,
    });
  }
}

function isCorruption(error: unknown): boolean {
  const code = ((error as { cause?: { code?: unknown } }).cause?.code ?? '') as string;
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB';
}

/** Moves `signet.db` and its WAL and shared-memory files to `signet.db.corrupt-<time>`. */
function quarantine(file: string): string {
  const target = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  }
  return target;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
