import { randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { SignetDatabase } from './database.js';
import { pendingWork, type PendingWorkRow } from './schema.js';

export type PendingWork =
  | { id: string; kind: 'sync-delete'; syncTag: string; attempts: number }
  | { id: string; kind: 'revoke'; provider: string; sealed: Buffer; attempts: number };

/**
 * Work a sign-out could not finish, kept until it can be: what the sync server still holds and
 * what the provider still honours. Rows name no account and hold no plaintext token.
 */
export class PendingWorkRepository {
  constructor(
    private readonly db: SignetDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  addSyncDelete(syncTag: string): void {
    this.db
      .insert(pendingWork)
      .values({ id: randomUUID(), kind: 'sync-delete', syncTag, createdAt: this.now() })
      .run();
  }

  /**
   * Keeps a revocation: `seal` is given the row's id (to bind the sealed blob to it as associated
   * data) and returns the sealed tokens.
   */
  async addRevoke(provider: string, seal: (id: string) => Promise<Buffer>): Promise<void> {
    const id = randomUUID();
    const sealed = await seal(id);
    this.db.insert(pendingWork).values({ id, kind: 'revoke', provider, sealed, createdAt: this.now() }).run();
  }

  list(): PendingWork[] {
    return this.db
      .select()
      .from(pendingWork)
      .orderBy(asc(pendingWork.createdAt))
      .all()
      .flatMap((row) => toWork(row));
  }

  /** Counts one more failed attempt; returns how many there have been. */
  failed(id: string): number {
    const row = this.db
      .update(pendingWork)
      .set({ attempts: sql`${pendingWork.attempts} + 1` })
      .where(eq(pendingWork.id, id))
      .returning({ attempts: pendingWork.attempts })
      .get();
    return row?.attempts ?? 0;
  }

  remove(id: string): void {
    this.db.delete(pendingWork).where(eq(pendingWork.id, id)).run();
  }
}

function toWork(row: PendingWorkRow): PendingWork[] {
  if (row.kind === 'sync-delete' && row.syncTag !== null) {
    return [{ id: row.id, kind: 'sync-delete', syncTag: row.syncTag, attempts: row.attempts }];
  }
  if (row.kind === 'revoke' && row.provider !== null && row.sealed !== null) {
    return [
      { id: row.id, kind: 'revoke', provider: row.provider, sealed: row.sealed, attempts: row.attempts },
    ];
  }
  return [];
}
