/** The SQLite schema. `migrations/` is generated from this file by drizzle-kit; never edit it by hand. */
import { sql } from 'drizzle-orm';
import { blob, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { accountStatuses, authEventKinds, authEventOutcomes } from '../../../shared/domain.js';

/** Milliseconds since the epoch, as drizzle `Date`s. */
const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const accounts = sqliteTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    provider: text('provider').notNull(),
    issuer: text('issuer').notNull(),
    providerUserId: text('provider_user_id').notNull(),
    login: text('login').notNull(),
    displayName: text('display_name'),
    email: text('email'),
    /** A small cached image as a `data:` URL, so the window works offline. */
    avatar: text('avatar'),
    scopes: text('scopes').notNull().default(''),
    /** Scopes the account held and lost (the provider or the person removed them), space-separated. */
    scopesRemoved: text('scopes_removed').notNull().default(''),
    /** When the granted scopes last changed after the first sign-in. */
    scopesChangedAt: timestamp('scopes_changed_at'),
    status: text('status', { enum: accountStatuses }).notNull().default('active'),
    lastErrorCode: text('last_error_code'),
    createdAt: timestamp('created_at').notNull(),
    updatedAt: timestamp('updated_at').notNull(),
    lastRefreshedAt: timestamp('last_refreshed_at'),
  },
  (table) => [
    uniqueIndex('accounts_identity_unique').on(table.provider, table.issuer, table.providerUserId),
    index('accounts_status_idx').on(table.status),
  ],
);

export const accessTokens = sqliteTable('access_tokens', {
  accountId: text('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  /** AES-256-GCM sealed, with the account id as associated data. */
  sealedToken: blob('sealed_token', { mode: 'buffer' }).notNull(),
  tokenType: text('token_type').notNull(),
  scope: text('scope'),
  expiresAt: timestamp('expires_at'),
  updatedAt: timestamp('updated_at').notNull(),
});

export const authEvents = sqliteTable(
  'auth_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: text('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    provider: text('provider').notNull(),
    kind: text('kind', { enum: authEventKinds }).notNull(),
    outcome: text('outcome', { enum: authEventOutcomes }).notNull(),
    errorCode: text('error_code'),
    durationMs: integer('duration_ms'),
    at: timestamp('at').notNull(),
  },
  (table) => [index('auth_events_at_idx').on(table.at)],
);

/** Cross-process leases (the refresh lock when there is no sync server). */
export const leases = sqliteTable('leases', {
  name: text('name').primaryKey(),
  owner: text('owner').notNull(),
  expiresAt: timestamp('expires_at').notNull(),
});

/** Settings the window can change (the sync server URL); config.json holds the rest. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at')
    .notNull()
    .default(sql`(unixepoch() * 1000)`),
});

/**
 * Work a sign-out could not finish, carried out later: a sync server delete (`sync-delete`, by the
 * account's sync tag, which names no one) or a revocation (`revoke`, the tokens sealed under the
 * data key with the row id as associated data). Never a plaintext token.
 */
export const pendingWork = sqliteTable('pending_work', {
  id: text('id').primaryKey(),
  kind: text('kind', { enum: ['sync-delete', 'revoke'] }).notNull(),
  /** The provider id, for a revocation and its events. */
  provider: text('provider'),
  /** The account's sync tag, for a sync delete. */
  syncTag: text('sync_tag'),
  /** The tokens to revoke, sealed. */
  sealed: blob('sealed', { mode: 'buffer' }),
  attempts: integer('attempts').notNull().default(0),
  createdAt: timestamp('created_at').notNull(),
});

export type AccountRow = typeof accounts.$inferSelect;
export type NewAccountRow = typeof accounts.$inferInsert;
export type AccessTokenRow = typeof accessTokens.$inferSelect;
export type AuthEventRow = typeof authEvents.$inferSelect;
export type PendingWorkRow = typeof pendingWork.$inferSelect;

/**
 * A rotated credential the keychain did not take in time (locked, hung, refusing): sealed with the
 * data key, with the account id + `pending-credential` as associated data. Used instead of the
 * keychain entry until a later write to the keychain succeeds, which deletes the row.
 */
export const pendingCredentials = sqliteTable('pending_credentials', {
  accountId: text('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  sealedCredential: blob('sealed_credential', { mode: 'buffer' }).notNull(),
  createdAt: timestamp('created_at').notNull(),
});
