/**
 * The refresh lock of one account, held across processes (and, through Redis, across machines)
 * with an expiry in time, so a holder that dies frees it by itself, and renewed by the holder
 * while its refresh runs. Expiry is by time only, never by asking whether a PID is alive: PIDs
 * mean nothing across PID namespaces (Flatpak, Snap, containers sharing a data directory).
 * `acquire` answers at once: true when this owner now holds it.
 */
export interface RefreshLease {
  acquire(accountId: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Extends a lease this owner holds; false when it no longer holds it. */
  renew(accountId: string, owner: string, ttlMs: number): Promise<boolean>;
  release(accountId: string, owner: string): Promise<void>;
}
