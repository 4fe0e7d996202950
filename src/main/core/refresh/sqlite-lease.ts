import os from 'node:os';
import type Database from 'better-sqlite3';
import type { SignetDatabase } from '../storage/database.js';
import type { RefreshLease } from './lease.js';

/**
 * The refresh lock between the app and the CLI on one machine, in `signet.db`. The stored owner
 * names its host and process, so a lease left by a process that died (killed mid-refresh) is
 * taken over at once instead of after its expiry.
 */
export class SqliteRefreshLease implements RefreshLease {
  private readonly take: Database.Statement;
  private readonly drop: Database.Statement;
  private readonly holder: Database.Statement;
  private readonly host = os.hostname();

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
    this.drop = db.$client.prepare('DELETE FROM leases WHERE name = ? AND owner = ?');
    this.holder = db.$client.prepare('SELECT owner FROM leases WHERE name = ?');
  }

  async acquire(accountId: string, owner: string, ttlMs: number): Promise<boolean> {
    const name = leaseName(accountId);
    const stored = `${this.host}:${process.pid}:${owner}`;
    const now = this.now();
    if (this.take.run(name, stored, now + ttlMs, now).changes > 0) return true;
    const current = (this.holder.get(name) as { owner: string } | undefined)?.owner;
    if (current && this.heldByDeadProcess(current)) {
      this.drop.run(name, current);
      return this.take.run(name, stored, now + ttlMs, now).changes > 0;
    }
    return false;
  }

  async release(accountId: string, owner: string): Promise<void> {
    this.drop.run(leaseName(accountId), `${this.host}:${process.pid}:${owner}`);
  }

  private heldByDeadProcess(stored: string): boolean {
    const [host, pidText] = stored.split(':');
    const pid = Number(pidText);
    if (host !== this.host || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
    try {
      process.kill(pid, 0);
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ESRCH';
    }
  }
}

const leaseName = (accountId: string) => `refresh:${accountId}`;
