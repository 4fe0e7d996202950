import { eq } from 'drizzle-orm';
import type { SignetDatabase } from './database.js';
import { settings } from './schema.js';

export type SettingKey = 'sync-server-url';

/** Settings the window changes at run time. */
export class SettingsRepository {
  constructor(private readonly db: SignetDatabase) {}

  get(key: SettingKey): string | null {
    return this.db.select().from(settings).where(eq(settings.key, key)).get()?.value ?? null;
  }

  /**
   * Sets a value so that the one it replaces is gone from the files as well as the table: for a
   * value that held a secret (a sync server URL with its password, as older versions kept it).
   * `secure_delete` zeroes the old cell, VACUUM rewrites the pages older edits left behind, and a
   * truncating checkpoint drops the WAL frames that still hold it. The last two are best effort:
   * another process's open read holds them off, and the next overwrite tries again.
   */
  overwrite(key: SettingKey, value: string | null): void {
    const client = this.db.$client;
    const previous = client.pragma('secure_delete', { simple: true }) as number;
    client.pragma('secure_delete = ON');
    try {
      this.set(key, value);
      for (const step of ['VACUUM', 'PRAGMA wal_checkpoint(TRUNCATE)']) {
        try {
          client.exec(step);
        } catch {
          // Busy: another connection is reading; the value is already out of the table.
        }
      }
    } finally {
      client.pragma(`secure_delete = ${previous ? 'ON' : 'OFF'}`);
    }
  }

  set(key: SettingKey, value: string | null): void {
    if (value === null) {
      this.db.delete(settings).where(eq(settings.key, key)).run();
      return;
    }
    this.db
      .insert(settings)
      .values({ key, value, updatedAt: new Date() })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } })
      .run();
  }
}
