/**
 * The refresh lock of one account, held across processes (and, through Redis, across machines)
 * with an expiry, so a holder that dies frees it by itself. `acquire` answers at once: true when
 * this owner now holds it.
 */
export interface RefreshLease {
  acquire(accountId: string, owner: string, ttlMs: number): Promise<boolean>;
  release(accountId: string, owner: string): Promise<void>;
}
