import type Database from 'better-sqlite3';
import type { SignetDatabase } from '../storage/database.js';
import type { RefreshLease } from './lease.js';

/**
 * The refresh lock between processes on one machine (the app, the CLI, an agent), in `signet.db`.
 * Always taken, with or without a sync server: the processes of one machine share one refresh
 * token, and two refreshes with it would lose one of the rotated tokens.
 */
export class SqliteRefreshLease implements RefreshLease {
  private readonly take: Database.Statement;
  private readonly extend: Database.Statement;
  private readonly drop: Database.Statement;

  constructor(
    db: SignetDatabase,
    private readonly now: () => number = Date.now,
  ) {
    // One statement: insert, or take over a lease that has expired. SQLite serialises writers.
    this.take = db.$client.prepare(
      `INSERT INTO leases (name, owner, expires_at) VALUES (?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE leases.expires_at <= ? OR leases.owner = excluded.owner`,
    );
    this.extend = db.$client.prepare('UPDATE leases SET expires_at = ? WHERE name = ? AND owner = ?');
    this.drop = db.$client.prepare('DELETE FROM leases WHERE name = ? AND owner = ?');
  }

  async acquire(accountId: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    return this.take.run(leaseName(accountId), owner, now + ttlMs, now).changes > 0;
  }

  async renew(accountId: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.extend.run(this.now() + ttlMs, leaseName(accountId), owner).changes > 0;
  }

  async release(accountId: string, owner: string): Promise<void> {
    this.drop.run(leaseName(accountId), owner);
  }
}

const leaseName = (accountId: string) => `refresh:${accountId}`;
