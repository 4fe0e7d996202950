import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { AccountStatus } from '../../../shared/domain.js';
import type { SignetDatabase } from './database.js';
import { accounts, type AccountRow } from './schema.js';

export interface AccountProfile {
  provider: string;
  issuer: string;
  providerUserId: string;
  login: string;
  displayName: string | null;
  email: string | null;
  avatar: string | null;
  scopes: string[];
}

export interface Account extends AccountProfile {
  id: string;
  status: AccountStatus;
  lastErrorCode: string | null;
  createdAt: Date;
  updatedAt: Date;
  lastRefreshedAt: Date | null;
}

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    provider: row.provider,
    issuer: row.issuer,
    providerUserId: row.providerUserId,
    login: row.login,
    displayName: row.displayName,
    email: row.email,
    avatar: row.avatar,
    scopes: row.scopes ? row.scopes.split(' ') : [],
    status: row.status,
    lastErrorCode: row.lastErrorCode,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    lastRefreshedAt: row.lastRefreshedAt,
  };
}

/** Accounts in SQLite. An account is its (provider, issuer, provider user id); signing in again updates it. */
export class AccountsRepository {
  constructor(
    private readonly db: SignetDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Inserts the account, or updates the one with the same identity; returns it with its stable id. */
  upsert(profile: AccountProfile, newId: string = randomUUID()): { account: Account; created: boolean } {
    const now = this.now();
    return this.db.transaction((tx) => {
      const existing = tx
        .select()
        .from(accounts)
        .where(
          and(
            eq(accounts.provider, profile.provider),
            eq(accounts.issuer, profile.issuer),
            eq(accounts.providerUserId, profile.providerUserId),
          ),
        )
        .get();
      const values = {
        login: profile.login,
        displayName: profile.displayName,
        email: profile.email,
        avatar: profile.avatar ?? existing?.avatar ?? null,
        scopes: profile.scopes.join(' '),
        status: 'active' as const,
        lastErrorCode: null,
        updatedAt: now,
        lastRefreshedAt: now,
      };
      if (existing) {
        const row = tx.update(accounts).set(values).where(eq(accounts.id, existing.id)).returning().get();
        return { account: toAccount(row), created: false };
      }
      const row = tx
        .insert(accounts)
        .values({
          id: newId,
          provider: profile.provider,
          issuer: profile.issuer,
          providerUserId: profile.providerUserId,
          createdAt: now,
          ...values,
        })
        .returning()
        .get();
      return { account: toAccount(row), created: true };
    });
  }

  list(): Account[] {
    return this.db
      .select()
      .from(accounts)
      .orderBy(asc(accounts.provider), asc(accounts.createdAt))
      .all()
      .map(toAccount);
  }

  get(id: string): Account | undefined {
    const row = this.db.select().from(accounts).where(eq(accounts.id, id)).get();
    return row ? toAccount(row) : undefined;
  }

  findByIdentity(provider: string, issuer: string, providerUserId: string): Account | undefined {
    const row = this.db
      .select()
      .from(accounts)
      .where(
        and(
          eq(accounts.provider, provider),
          eq(accounts.issuer, issuer),
          eq(accounts.providerUserId, providerUserId),
        ),
      )
      .get();
    return row ? toAccount(row) : undefined;
  }

  setStatus(id: string, status: AccountStatus, lastErrorCode: string | null = null): Account | undefined {
    const row = this.db
      .update(accounts)
      .set({ status, lastErrorCode, updatedAt: this.now() })
      .where(eq(accounts.id, id))
      .returning()
      .get();
    return row ? toAccount(row) : undefined;
  }

  markRefreshed(id: string, at: Date = this.now()): void {
    this.db
      .update(accounts)
      .set({ status: 'active', lastErrorCode: null, lastRefreshedAt: at, updatedAt: at })
      .where(eq(accounts.id, id))
      .run();
  }

  delete(id: string): boolean {
    return this.db.delete(accounts).where(eq(accounts.id, id)).run().changes > 0;
  }

  /** Accounts left `refreshing` by a process that died mid-refresh go back to `active`. */
  resetStuckRefreshing(): number {
    return this.db
      .update(accounts)
      .set({ status: 'active', updatedAt: this.now() })
      .where(eq(accounts.status, 'refreshing'))
      .run().changes;
  }
}
