import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { AccountStatus } from '../../../shared/domain.js';
import type { SignetDatabase } from './database.js';
import { accounts } from './schema.js';

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
  /** Scopes the account held and lost since (a narrowing by the provider or the person). */
  scopesRemoved: string[];
  /** When the granted scopes last changed, or null when they never have since the first sign-in. */
  scopesChangedAt: Date | null;
}

/** What `setScopes` writes: the granted set, what was lost, and when it changed. */
export interface ScopeState {
  scopes: string[];
  scopesRemoved: string[];
  scopesChangedAt: Date;
}

/**
 * An `accounts` row as better-sqlite3 returns it: snake_case columns, instants in milliseconds.
 * Every read maps these by hand, in one place: drizzle's generic row mapping costs more than the
 * query when listing a thousand accounts. Writes go through drizzle, then read the row back.
 */
interface RawAccountRow {
  id: string;
  provider: string;
  issuer: string;
  provider_user_id: string;
  login: string;
  display_name: string | null;
  email: string | null;
  avatar: string | null;
  scopes: string;
  status: AccountStatus;
  last_error_code: string | null;
  created_at: number;
  updated_at: number;
  last_refreshed_at: number | null;
  scopes_removed: string;
  scopes_changed_at: number | null;
}

function fromRawRow(row: RawAccountRow): Account {
  return {
    id: row.id,
    provider: row.provider,
    issuer: row.issuer,
    providerUserId: row.provider_user_id,
    login: row.login,
    displayName: row.display_name,
    email: row.email,
    avatar: row.avatar,
    scopes: row.scopes ? row.scopes.split(' ') : [],
    status: row.status,
    lastErrorCode: row.last_error_code,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    lastRefreshedAt: row.last_refreshed_at === null ? null : new Date(row.last_refreshed_at),
    scopesRemoved: row.scopes_removed ? row.scopes_removed.split(' ') : [],
    scopesChangedAt: row.scopes_changed_at === null ? null : new Date(row.scopes_changed_at),
  };
}

/**
 * A placeholder for `set`, whose types take none: wrapped in `sql` it binds as is, so instants are
 * passed as milliseconds, as the timestamp columns store them.
 */
const bound = (name: string) => sql`${sql.placeholder(name)}`;

/** Prepares a statement on first use: start-up pays only for the statements it runs. */
function lazy<T>(prepare: () => T): () => T {
  let statement: T | undefined;
  return () => (statement ??= prepare());
}

/**
 * Accounts in SQLite. An account is its (provider, issuer, provider user id); signing in again
 * updates it. The statements of the frequent calls are prepared once, on first use: drizzle
 * would otherwise build and prepare the SQL again on every call, which costs more than running it.
 */
export class AccountsRepository {
  private readonly byId;
  private readonly all;
  private readonly byIdentity;
  private readonly statusUpdate;
  private readonly refreshedUpdate;
  private readonly deletion;
  private readonly scopesUpdate;
  private readonly upsertTransaction = lazy(() => this.prepareUpsert());

  /**
   * SQLite's `data_version`: it changes when another process commits to the database, so a
   * long-running reader (the agent) knows when to read the accounts again without reading them.
   */
  dataVersion(): number {
    return this.db.$client.pragma('data_version', { simple: true }) as number;
  }

  constructor(
    private readonly db: SignetDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {
    const id = sql.placeholder('id');
    this.byId = lazy(() =>
      db.$client.prepare<[string], RawAccountRow>('SELECT * FROM accounts WHERE id = ?'),
    );
    this.all = lazy(() =>
      db.$client.prepare<[], RawAccountRow>('SELECT * FROM accounts ORDER BY provider ASC, created_at ASC'),
    );
    this.byIdentity = lazy(() =>
      db.$client.prepare<[string, string, string], RawAccountRow>(
        'SELECT * FROM accounts WHERE provider = ? AND issuer = ? AND provider_user_id = ?',
      ),
    );
    this.statusUpdate = lazy(() =>
      db
        .update(accounts)
        .set({ status: bound('status'), lastErrorCode: bound('lastErrorCode'), updatedAt: bound('at') })
        .where(eq(accounts.id, id))
        .prepare(),
    );
    this.refreshedUpdate = lazy(() =>
      db
        .update(accounts)
        .set({ status: 'active', lastErrorCode: null, lastRefreshedAt: bound('at'), updatedAt: bound('at') })
        .where(eq(accounts.id, id))
        .prepare(),
    );
    this.deletion = lazy(() => db.delete(accounts).where(eq(accounts.id, id)).prepare());
    this.scopesUpdate = lazy(() =>
      db
        .update(accounts)
        .set({
          scopes: bound('scopes'),
          scopesRemoved: bound('removed'),
          scopesChangedAt: bound('at'),
          updatedAt: bound('at'),
        })
        .where(eq(accounts.id, id))
        .prepare(),
    );
  }

  /** Writes the scopes a token response granted, and what the account lost by it. */
  setScopes(accountId: string, state: ScopeState): Account | undefined {
    this.scopesUpdate().run({
      id: accountId,
      scopes: state.scopes.join(' '),
      removed: state.scopesRemoved.join(' '),
      at: state.scopesChangedAt.getTime(),
    });
    return this.get(accountId);
  }

  /** Inserts the account, or updates the one with the same identity; returns it with its stable id. */
  upsert(profile: AccountProfile, newId: string = randomUUID()): { account: Account; created: boolean } {
    return this.upsertTransaction()(profile, newId, this.now());
  }

  /** One transaction of prepared statements: find by identity, then update or insert. */
  private prepareUpsert() {
    const update = this.db
      .update(accounts)
      .set({
        login: bound('login'),
        displayName: bound('displayName'),
        email: bound('email'),
        avatar: bound('avatar'),
        scopes: bound('scopes'),
        status: 'active',
        lastErrorCode: null,
        updatedAt: bound('at'),
        lastRefreshedAt: bound('at'),
      })
      .where(eq(accounts.id, sql.placeholder('id')))
      .prepare();
    const insert = this.db
      .insert(accounts)
      .values({
        id: sql.placeholder('id'),
        provider: sql.placeholder('provider'),
        issuer: sql.placeholder('issuer'),
        providerUserId: sql.placeholder('providerUserId'),
        login: sql.placeholder('login'),
        displayName: sql.placeholder('displayName'),
        email: sql.placeholder('email'),
        avatar: sql.placeholder('avatar'),
        scopes: sql.placeholder('scopes'),
        status: 'active',
        lastErrorCode: null,
        createdAt: sql.placeholder('now'),
        updatedAt: sql.placeholder('now'),
        lastRefreshedAt: sql.placeholder('now'),
      })
      .prepare();
    return this.db.$client.transaction((profile: AccountProfile, newId: string, now: Date) => {
      const { provider, issuer, providerUserId } = profile;
      const existing = this.byIdentity().get(provider, issuer, providerUserId);
      const values = {
        login: profile.login,
        displayName: profile.displayName,
        email: profile.email,
        avatar: profile.avatar ?? existing?.avatar ?? null,
        scopes: profile.scopes.join(' '),
      };
      if (existing) {
        update.run({ ...values, id: existing.id, at: now.getTime() });
        return { account: this.get(existing.id)!, created: false };
      }
      insert.run({ ...values, id: newId, provider, issuer, providerUserId, now });
      return { account: this.get(newId)!, created: true };
    });
  }

  list(): Account[] {
    return this.all().all().map(fromRawRow);
  }

  get(id: string): Account | undefined {
    const row = this.byId().get(id);
    return row ? fromRawRow(row) : undefined;
  }

  findByIdentity(provider: string, issuer: string, providerUserId: string): Account | undefined {
    const row = this.byIdentity().get(provider, issuer, providerUserId);
    return row ? fromRawRow(row) : undefined;
  }

  setStatus(id: string, status: AccountStatus, lastErrorCode: string | null = null): Account | undefined {
    const changed = this.statusUpdate().run({ id, status, lastErrorCode, at: this.now().getTime() }).changes;
    return changed > 0 ? this.get(id) : undefined;
  }

  markRefreshed(id: string, at: Date = this.now()): void {
    this.refreshedUpdate().run({ id, at: at.getTime() });
  }

  delete(id: string): boolean {
    return this.deletion().run({ id }).changes > 0;
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
