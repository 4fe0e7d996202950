import type { SyncIdentity, SyncKey } from '../crypto/sync-key.js';

/** An account as the sync server's entries describe it: who it is, and what it was granted. */
export interface SyncAccount extends SyncIdentity {
  scopes: readonly string[];
}

/**
 * What the sync server's cache and lock need to name and seal an account's entries: the sync key
 * (read from the keychain on first use) and the identity behind a local account id. Account ids
 * are per machine; identities are what a person's machines have in common.
 */
export interface SyncContext {
  key(): Promise<SyncKey>;
  /** undefined: no such account here (signed out meanwhile). */
  identityOf(accountId: string): SyncAccount | undefined;
}

/** The account's part of the server's key names, or undefined when the account is gone. */
export async function syncTag(context: SyncContext, accountId: string): Promise<string | undefined> {
  const identity = context.identityOf(accountId);
  return identity ? (await context.key()).accountTag(identity) : undefined;
}
