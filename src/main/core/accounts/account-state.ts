import type { AccountStatus, AccountView } from '../../../shared/domain.js';
import { SignetError } from '../../../shared/errors.js';
import { TypedEmitter } from '../events/typed-emitter.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import type { Account, AccountsRepository } from '../storage/accounts-repository.js';
import type { SyncServer } from '../sync/sync-server.js';

export interface AccountStateEvents {
  'accounts-changed': AccountView[];
}

/** The part of an account's row that serving a token needs. */
export interface KnownAccount {
  provider: string;
  login: string;
  status: AccountStatus;
}

/**
 * What identifies an account to a person, enough to pick one from a list, and the scopes it holds,
 * so `signet token --scope` can refuse without reading a cache.
 */
export type AccountSummary = Pick<AccountView, 'id' | 'provider' | 'login' | 'email' | 'status' | 'scopes'>;

export interface AccountStateDeps {
  accounts: AccountsRepository;
  sync: SyncServer;
  providers: ProviderRegistry;
}

/**
 * The accounts as the window and the CLI see them, and `accounts-changed`, which it owns.
 * It also remembers what this process last read or wrote of each row (enough to serve a cached
 * token without reading the row again) and which accounts are refreshing right now.
 */
export class AccountState {
  private readonly events = new TypedEmitter<AccountStateEvents>();
  private readonly known = new Map<string, KnownAccount>();
  private readonly refreshing = new Set<string>();
  private emission: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly deps: AccountStateDeps) {}

  on(event: 'accounts-changed', listener: (accounts: AccountView[]) => void): () => void {
    return this.events.on(event, listener);
  }

  async list(): Promise<AccountView[]> {
    const accounts = this.deps.accounts.list();
    for (const account of accounts) this.note(account);
    return this.views(accounts);
  }

  /** The accounts without their token expiries: for choosing one, with no cache read. */
  summaries(): AccountSummary[] {
    return this.deps.accounts.list().map((account) => {
      this.note(account);
      const { id, provider, login, email, status, scopes } = account;
      return { id, provider, login, email, status, scopes };
    });
  }

  async view(accountId: string): Promise<AccountView> {
    const [view] = await this.views([this.require(accountId)]);
    return view!;
  }

  /** The row, read now; `not-found` when another process or a sign-out removed it. */
  require(accountId: string): Account {
    const account = this.deps.accounts.get(accountId);
    if (!account) {
      this.known.delete(accountId);
      throw new SignetError('not-found', 'No such account: it may have been removed.');
    }
    this.note(account);
    return account;
  }

  /** What this process knows of the account without reading its row, if anything. */
  remembered(accountId: string): KnownAccount | undefined {
    return this.known.get(accountId);
  }

  note(account: Pick<Account, 'id' | 'provider' | 'login' | 'status'>): void {
    this.known.set(account.id, { provider: account.provider, login: account.login, status: account.status });
  }

  forget(accountId: string): void {
    this.known.delete(accountId);
  }

  setRefreshing(accountId: string, refreshing: boolean): void {
    if (refreshing) this.refreshing.add(accountId);
    else this.refreshing.delete(accountId);
    void this.changed();
  }

  /**
   * Emits `accounts-changed` with the accounts as they are when it runs, at the end of this turn
   * of the event loop. Calls made before then share that one emission: a launch that refreshes
   * 200 accounts lists them a few dozen times, not twice per refresh.
   */
  changed(): Promise<void> {
    this.emission ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      // Changes from here on need another emission: this one may already have read the rows.
      this.emission = undefined;
      if (this.closed) return;
      this.events.emit('accounts-changed', await this.list());
    });
    return this.emission;
  }

  close(): void {
    this.closed = true;
  }

  private async views(accounts: Account[]): Promise<AccountView[]> {
    const expiries = await this.deps.sync
      .expiries(accounts.map((a) => ({ accountId: a.id, provider: a.provider })))
      .catch(() => new Map<string, Date | null>());
    return accounts.map((account) => this.toView(account, expiries.get(account.id)));
  }

  private toView(account: Account, expiresAt: Date | null | undefined): AccountView {
    const provider = this.deps.providers.find(account.provider);
    return {
      id: account.id,
      provider: account.provider,
      providerName: provider?.name ?? account.provider,
      revokesAtSignOut: provider?.cannotRevoke !== true,
      login: account.login,
      displayName: account.displayName,
      email: account.email,
      avatar: account.avatar,
      scopes: account.scopes,
      scopesRemoved: account.scopesRemoved,
      scopesChangedAt: account.scopesChangedAt?.toISOString() ?? null,
      status: this.refreshing.has(account.id) ? 'refreshing' : account.status,
      lastErrorCode: account.lastErrorCode,
      accessTokenExpiresAt: expiresAt ? expiresAt.toISOString() : null,
      lastRefreshedAt: account.lastRefreshedAt?.toISOString() ?? null,
      createdAt: account.createdAt.toISOString(),
    };
  }
}
