import type { StatusView } from '../../../shared/domain.js';
import { SignetError } from '../../../shared/errors.js';
import { TypedEmitter } from '../events/typed-emitter.js';
import type { TokenService } from '../refresh/token-service.js';
import type { KeychainAvailability, SecretStore } from '../secrets/secret-store.js';
import type { SyncServer } from '../sync/sync-server.js';

export interface StatusEvents {
  'status-changed': StatusView;
}

export interface StatusServiceDeps {
  dataDir: string;
  secrets: SecretStore;
  sync: SyncServer;
  tokens: TokenService;
  /** Session-only mode (`SIGNET_SECRET_STORE=memory`): every status says so. */
  sessionOnly?: boolean;
}

/**
 * What the status bar and `signet status` show: the keychain, the cache backend, the sync server
 * and whether the providers can be reached. It owns `status-changed`, and learns of changes from
 * the sync server and from how refreshes end (a network failure means offline; a success, online).
 */
export class StatusService {
  private readonly events = new TypedEmitter<StatusEvents>();
  private online = true;
  private keychain: { value: KeychainAvailability; at: number } | undefined;
  /** Accounts whose rotated refresh token is waiting on a slow keychain, until their refresh ends. */
  private readonly keychainWaits = new Set<string>();

  constructor(private readonly deps: StatusServiceDeps) {
    deps.sync.on('changed', () => void this.emit());
    deps.tokens.on('keychain-waiting', ({ accountId }) => {
      this.keychainWaits.add(accountId);
      void this.emit();
    });
    deps.tokens.on('refresh-ended', ({ accountId, outcome }) => {
      if (this.keychainWaits.delete(accountId)) void this.emit();
      if (outcome.kind === 'refreshed') this.setOnline(true);
      else if (outcome.error.code === 'network') this.setOnline(false);
    });
  }

  on(event: 'status-changed', listener: (status: StatusView) => void): () => void {
    return this.events.on(event, listener);
  }

  async status(): Promise<StatusView> {
    const { sync } = this.deps;
    return {
      dataDir: this.deps.dataDir,
      keychain: {
        ...(await this.keychainAvailability()),
        ...(this.keychainWaits.size > 0 ? { waiting: true } : {}),
      },
      cache: sync.backend,
      syncServer: { configured: sync.configured, connected: sync.connected, paired: await sync.paired() },
      online: this.online,
      ...(this.deps.sessionOnly ? { sessionOnly: true } : {}),
    };
  }

  /** Asking the keychain can take a while (a D-Bus round trip): an answer is kept `maxAgeMs`. */
  async keychainAvailability(maxAgeMs = 30_000): Promise<KeychainAvailability> {
    if (this.keychain && Date.now() - this.keychain.at < maxAgeMs) return this.keychain.value;
    const value = await this.deps.secrets.availability();
    this.keychain = { value, at: Date.now() };
    return value;
  }

  /** Throws `keychain-unavailable` unless the keychain answers now: a sign-in that could not be kept never starts. */
  async requireKeychain(): Promise<void> {
    const keychain = await this.keychainAvailability(0);
    if (!keychain.available) throw new SignetError('keychain-unavailable', keychain.detail);
  }

  setOnline(online: boolean): void {
    if (this.online === online) return;
    this.online = online;
    void this.emit();
  }

  async emit(): Promise<void> {
    this.events.emit('status-changed', await this.status());
  }
}
