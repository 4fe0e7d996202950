import { eq } from 'drizzle-orm';
import type { SignetDatabase } from './database.js';
import { pendingCredentials } from './schema.js';

/** Sealed rotated credentials waiting for the keychain; sealing is the caller's (`PendingCredentials`). */
export class PendingCredentialsRepository {
  constructor(private readonly db: SignetDatabase) {}

  get(accountId: string): Buffer | null {
    return (
      this.db
        .select({ sealed: pendingCredentials.sealedCredential })
        .from(pendingCredentials)
        .where(eq(pendingCredentials.accountId, accountId))
        .get()?.sealed ?? null
    );
  }

  put(accountId: string, sealed: Buffer): void {
    const createdAt = new Date();
    this.db
      .insert(pendingCredentials)
      .values({ accountId, sealedCredential: sealed, createdAt })
      .onConflictDoUpdate({
        target: pendingCredentials.accountId,
        set: { sealedCredential: sealed, createdAt },
      })
      .run();
  }

  /** Deletes the row only if it still holds `sealed` (a newer rotation may have replaced it). */
  deleteIf(accountId: string, sealed: Buffer): void {
    if (this.get(accountId)?.equals(sealed)) this.delete(accountId);
  }

  delete(accountId: string): void {
    this.db.delete(pendingCredentials).where(eq(pendingCredentials.accountId, accountId)).run();
  }
}
