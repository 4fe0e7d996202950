import { redisKeys } from '../cache/redis-keys.js';
import type { RedisClient } from '../redis/redis-connection.js';
import type { RefreshLease } from './lease.js';

const compareAndDelete = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** The refresh lock on the sync server: SET NX PX with an owner token, compare-and-delete release. */
export class RedisRefreshLease implements RefreshLease {
  constructor(private readonly redis: RedisClient) {}

  async acquire(accountId: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(redisKeys.refreshLock(accountId), owner, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async release(accountId: string, owner: string): Promise<void> {
    await this.redis.eval(compareAndDelete, 1, redisKeys.refreshLock(accountId), owner);
  }
}

/**
 * The Redis lock while the sync server answers; the local SQLite lock when it does not, so an
 * outage slows nothing down (processes on one machine still share one refresh).
 */
export class FailoverRefreshLease implements RefreshLease {
  private readonly heldIn = new Map<string, RefreshLease>();

  constructor(
    private readonly client: RedisClient,
    private readonly redis: RefreshLease,
    private readonly local: RefreshLease,
  ) {}

  async acquire(accountId: string, owner: string, ttlMs: number): Promise<boolean> {
    let lease: RefreshLease = this.client.status === 'ready' ? this.redis : this.local;
    let acquired: boolean;
    try {
      acquired = await lease.acquire(accountId, owner, ttlMs);
    } catch {
      lease = this.local;
      acquired = await lease.acquire(accountId, owner, ttlMs);
    }
    if (acquired) this.heldIn.set(`${accountId}\n${owner}`, lease);
    return acquired;
  }

  async release(accountId: string, owner: string): Promise<void> {
    const key = `${accountId}\n${owner}`;
    const lease = this.heldIn.get(key);
    this.heldIn.delete(key);
    await lease?.release(accountId, owner).catch(() => undefined);
  }
}
