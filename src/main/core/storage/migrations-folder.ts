import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignetError } from '../../../shared/errors.js';

/** The database's file name inside the data directory. */
export const databaseFileName = 'signet.db';

/**
 * The `migrations` folder of this package: beside `package.json`, or in Electron's resources.
 * Apart from `database.ts` (which loads drizzle) so the lean token path can find it too.
 */
export function findMigrationsFolder(): string {
  const fromEnv = process.env['SIGNET_MIGRATIONS_DIR'];
  if (fromEnv) return fromEnv;
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  const candidates: string[] = [];
  if (resources) candidates.push(path.join(resources, 'migrations'));
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i += 1) {
    candidates.push(path.join(dir, 'migrations'));
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const found = candidates.find((candidate) => existsSync(path.join(candidate, 'meta', '_journal.json')));
  if (!found)
    throw new SignetError('storage', 'The database migrations folder is missing from this install.');
  return found;
}

/**
 * The time stamp of the newest migration in the folder (drizzle's `folderMillis`, which it
 * stores as `created_at` in `__drizzle_migrations`): a database whose newest applied migration is
 * older has not been migrated by this version yet.
 */
export function newestMigrationMillis(folder: string): number {
  const journal = JSON.parse(readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { when: number }[];
  };
  return Math.max(...journal.entries.map((entry) => entry.when));
}
