import type {
  AccessTokenCache,
  AccountRef,
  CacheBackend,
  CachedAccessToken,
} from '../cache/access-token-cache.js';
import { FailoverAccessTokenCache } from '../cache/failover-access-token-cache.js';
import { SqliteAccessTokenCache } from '../cache/sqlite-access-token-cache.js';
import { Sealer } from '../crypto/sealer.js';
import { RedisAccessTokenCache } from '../cache/redis-access-token-cache.js';
import { redisKeys } from '../cache/redis-keys.js';
import type { SyncAccount, SyncContext } from '../cache/sync-context.js';
import { decodePairingCode, encodePairingCode, SyncKey } from '../crypto/sync-key.js';
import { TypedEmitter } from '../events/typed-emitter.js';
import type { Logger } from '../logging/logger.js';
import type { RefreshLease } from '../refresh/lease.js';
import { LayeredRefreshLease, RedisRefreshLease } from '../refresh/redis-lease.js';
import { SqliteRefreshLease } from '../refresh/sqlite-lease.js';
import {
  createRedisClient,
  syncConnectTimeoutMs,
  waitForReady,
  type RedisClient,
} from '../redis/redis-connection.js';
import type { RedisTransport } from '../redis/redis-connection.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { AccountsRepository } from '../storage/accounts-repository.js';
import type { SignetDatabase } from '../storage/database.js';

export interface SyncServerOptions {
  localCache: SqliteAccessTokenCache;
  localLease: RefreshLease;
  logger: Logger;
  /** Where the sync key lives: the keychain. */
  secrets: SecretStore;
  /** The accounts, whose identities (not their per-machine ids) name the server's keys. */
  accounts: Pick<AccountsRepository, 'get'>;
  /** TLS trust and the plaintext opt-out, from configuration. */
  transport?: RedisTransport;
}

/** `changed`: a server was set or removed, or the connection or the backend in use changed. */
export interface SyncServerEvents {
  changed: void;
}

/**
 * The optional sync server, swappable at run time from the settings page. Exposes one cache and
 * one lease that route to Redis (with SQLite failover) while a server is configured, and to
 * SQLite alone otherwise.
 */
export class SyncServer implements AccessTokenCache, RefreshLease {
  private client: RedisClient | null = null;
  private cache: AccessTokenCache;
  private lease: RefreshLease;
  private url: string | null = null;
  private readonly events = new TypedEmitter<SyncServerEvents>();
  private syncKey: Promise<SyncKey> | undefined;
  /** Whether the keychain holds a sync key, once asked (status asks often). */
  private hasKey: boolean | undefined;
  private readonly context: SyncContext;

  constructor(private readonly options: SyncServerOptions) {
    this.cache = options.localCache;
    this.lease = options.localLease;
    this.context = { key: () => this.key(), identityOf: (id) => this.identityOf(id) };
  }

  /**
   * This machine's sync key, read from the keychain on first use, or created there when this is
   * the first machine on the server. It never leaves the machine but as a pairing code.
   */
  private key(): Promise<SyncKey> {
    this.syncKey ??= (async () => {
      const stored = await this.options.secrets.getSecret('sync-key');
      this.hasKey = true;
      if (stored !== null) return new SyncKey(Buffer.from(stored, 'base64'));
      const created = SyncKey.generate();
      await this.options.secrets.setSecret('sync-key', created.raw.toString('base64'));
      // Another process may have raced us: whichever write landed is the key.
      const landed = await this.options.secrets.getSecret('sync-key');
      return landed === null ? created : new SyncKey(Buffer.from(landed, 'base64'));
    })().catch((error: unknown) => {
      this.syncKey = undefined;
      throw error;
    });
    return this.syncKey;
  }

  private identityOf(accountId: string): SyncAccount | undefined {
    const account = this.options.accounts.get(accountId);
    return account
      ? {
          provider: account.provider,
          issuer: account.issuer,
          subject: account.providerUserId,
          scopes: account.scopes,
        }
      : undefined;
  }

  /** Whether this machine holds a sync key (made here, or joined with a pairing code). */
  async paired(): Promise<boolean> {
    if (this.hasKey === undefined) {
      const stored = await this.options.secrets.getSecret('sync-key').catch(() => undefined);
      if (stored === undefined) return false;
      this.hasKey = stored !== null;
    }
    return this.hasKey;
  }

  /** The code that lets another machine join: this machine's sync key, typed there. */
  async pairingCode(): Promise<string> {
    return encodePairingCode(await this.key());
  }

  /**
   * Takes the sync key of a paired machine from its pairing code: from now on this machine reads
   * and writes what that one does. Entries it wrote under its own key before are left to expire.
   */
  async join(code: string): Promise<string> {
    const key = decodePairingCode(code);
    await this.options.secrets.setSecret('sync-key', key.raw.toString('base64'));
    this.syncKey = Promise.resolve(key);
    this.hasKey = true;
    const url = this.url;
    if (url !== null) {
      // Reconnect, so nothing built on the old key stays in use.
      this.url = null;
      await this.use(url);
    }
    return key.fingerprint;
  }

  on(event: keyof SyncServerEvents, listener: () => void): () => void {
    return this.events.on(event, listener);
  }

  private changed(): void {
    this.events.emit('changed', undefined);
  }

  get backend(): CacheBackend {
    return this.cache.backend;
  }

  get configured(): boolean {
    return this.url !== null;
  }

  get connected(): boolean {
    return this.client?.status === 'ready';
  }

  /** Connects to `url` (or goes local with null). Returns at once: the connection comes up in the background. */
  async use(url: string | null): Promise<void> {
    if (url === this.url) return;
    await this.disconnect();
    this.url = url;
    if (url === null) {
      this.changed();
      return;
    }
    const client = await createRedisClient(url, this.options.transport);
    client.on('error', (error: Error) =>
      this.options.logger.debug('sync server error', { error: error.message }),
    );
    client.on('ready', () => this.changed());
    client.on('end', () => this.changed());
    this.client = client;
    this.cache = new FailoverAccessTokenCache(
      client,
      new RedisAccessTokenCache(client, this.context, { logger: this.options.logger }),
      this.options.localCache,
      {
        logger: this.options.logger,
        onBackendChange: () => this.changed(),
      },
    );
    this.lease = new LayeredRefreshLease(
      client,
      new RedisRefreshLease(client, this.context),
      this.options.localLease,
    );
    this.changed();
  }

  /**
   * Waits (bounded by the connect timeout) for the first connection, so a process that starts
   * with a server uses it; a connection that fails ends the wait at once.
   */
  async ready(timeoutMs = syncConnectTimeoutMs): Promise<boolean> {
    return this.client ? waitForReady(this.client, timeoutMs) : false;
  }

  async disconnect(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.cache = this.options.localCache;
    this.lease = this.options.localLease;
    if (client) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      client.disconnect(false);
    }
  }

  get(ref: AccountRef): Promise<CachedAccessToken | null> {
    return this.cache.get(ref);
  }
  set(ref: AccountRef, token: CachedAccessToken): Promise<void> {
    return this.cache.set(ref, token);
  }
  delete(ref: AccountRef): Promise<void> {
    return this.cache.delete(ref);
  }
  /**
   * The tag that names this account's entries on the server, or null with no server configured:
   * what a delete the server missed is kept as, since it names no one.
   */
  async syncTag(accountId: string): Promise<string | null> {
    const identity = this.identityOf(accountId);
    if (this.url === null || !identity) return null;
    return (await this.key()).accountTag(identity);
  }

  /**
   * Deletes the account's access token on the server itself, by tag; throws when the server is
   * not connected or the delete fails (`delete` falls back to local storage without a word).
   */
  async deleteOnServer(syncTag: string): Promise<void> {
    const client = this.client;
    if (!client || client.status !== 'ready') throw new Error('the sync server is not connected');
    await client.del(redisKeys.accessToken(syncTag));
  }
  expiries(refs: AccountRef[]): Promise<Map<string, Date | null>> {
    return this.cache.expiries(refs);
  }
  acquire(accountId: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.lease.acquire(accountId, owner, ttlMs);
  }
  renew(accountId: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.lease.renew(accountId, owner, ttlMs);
  }
  release(accountId: string, owner: string): Promise<void> {
    return this.lease.release(accountId, owner);
  }
}

/** A data directory's sync server: its SQLite cache and lease, until a server is used. */
export function createSyncServer(deps: {
  db: SignetDatabase;
  secrets: SecretStore;
  accounts: Pick<AccountsRepository, 'get'>;
  logger: Logger;
  transport?: RedisTransport;
}): SyncServer {
  return new SyncServer({
    localCache: new SqliteAccessTokenCache(deps.db, new Sealer(deps.secrets)),
    localLease: new SqliteRefreshLease(deps.db),
    logger: deps.logger,
    secrets: deps.secrets,
    accounts: deps.accounts,
    ...(deps.transport ? { transport: deps.transport } : {}),
  });
}
