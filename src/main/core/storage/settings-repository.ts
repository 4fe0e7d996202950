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
