import { redisKeys } from '../cache/redis-keys.js';
import { syncTag, type SyncContext } from '../cache/sync-context.js';
import type { RedisClient } from '../redis/redis-connection.js';
import type { RefreshLease } from './lease.js';

const compareAndDelete = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const compareAndExtend = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/**
 * The refresh lock on the sync server: SET NX PX with an owner token, compare-and-delete release,
 * under the account's keyed-hash name, so the machines of one person share one lock per account.
 * An account that is gone here takes no server lock (the machine's own lease still holds).
 */
export class RedisRefreshLease implements RefreshLease {
  constructor(
    private readonly redis: RedisClient,
    private readonly context: SyncContext,
  ) {}

  async acquire(accountId: string, owner: string, ttlMs: number): Promise<boolean> {
    const key = await this.key(accountId);
    if (key === undefined || (await this.redis.set(key, owner, 'PX', ttlMs, 'NX')) === 'OK') return true;
    // Signet's locks always expire. One that never does was put there by someone else (a
    // squatter on the server): it is not honoured, and the machine's own lease still holds.
    return (await this.redis.pttl(key)) === -1;
  }

  async renew(accountId: string, owner: string, ttlMs: number): Promise<boolean> {
    const key = await this.key(accountId);
    return key === undefined || (await this.redis.eval(compareAndExtend, 1, key, owner, ttlMs)) === 1;
  }

  async release(accountId: string, owner: string): Promise<void> {
    const key = await this.key(accountId);
    if (key !== undefined) await this.redis.eval(compareAndDelete, 1, key, owner);
  }

  private async key(accountId: string): Promise<string | undefined> {
    const tag = await syncTag(this.context, accountId);
    return tag === undefined ? undefined : redisKeys.refreshLock(tag);
  }
}

/**
 * The machine's SQLite lease always, and the sync server's lock in addition while the server
 * answers — never one instead of the other. Taking only the server's lock when it is up and only
 * SQLite's when it is not let two processes of one machine (one seeing the server ready, one still
 * connecting) refresh with the same refresh token at once, and the loser's `invalid_grant` then
 * deleted the winner's rotated token.
 */
export class LayeredRefreshLease implements RefreshLease {
  /** Which holds also took the server's lock, so renew and release reach it even if it went down since. */
  private readonly withServer = new Set<string>();

  constructor(
    private readonly client: RedisClient,
    private readonly server: RefreshLease,
    private readonly local: RefreshLease,
  ) {}

  async acquire(accountId: string, owner: string, ttlMs: number): Promise<boolean> {
    if (!(await this.local.acquire(accountId, owner, ttlMs))) return false;
    if (this.client.status !== 'ready') return true;
    let held: boolean;
    try {
      held = await this.server.acquire(accountId, owner, ttlMs);
    } catch {
      // The server went away mid-call: this machine's lease still keeps its processes to one refresh.
      return true;
    }
    if (!held) {
      // Another machine is refreshing this account: wait for its token rather than race it.
      await this.local.release(accountId, owner);
      return false;
    }
    this.withServer.add(holdKey(accountId, owner));
    return true;
  }

  async renew(accountId: string, owner: string, ttlMs: number): Promise<boolean> {
    const local = await this.local.renew(accountId, owner, ttlMs);
    if (this.withServer.has(holdKey(accountId, owner))) {
      await this.server.renew(accountId, owner, ttlMs).catch(() => false);
    }
    return local;
  }

  async release(accountId: string, owner: string): Promise<void> {
    const key = holdKey(accountId, owner);
    if (this.withServer.delete(key)) await this.server.release(accountId, owner).catch(() => undefined);
    await this.local.release(accountId, owner);
  }
}

const holdKey = (accountId: string, owner: string) => `${accountId}\n${owner}`;
