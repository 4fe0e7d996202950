import { randomUUID } from 'node:crypto';
import type {
  AccountStatus,
  AccountView,
  ActivityView,
  ProviderView,
  SettingsView,
  SignInMethod,
  SignInProgress,
  StatusView,
  SyncServerTestResult,
} from '../../shared/domain.js';
import { SignetError, isTransient } from '../../shared/errors.js';
import { fetchAvatar } from './avatar.js';
import { crashPoint } from './crash-points.js';
import type { CachedAccessToken } from './cache/access-token-cache.js';
import type { SignetConfig } from './config/config.js';
import type { TypedEmitter } from './event-emitter.js';
import type { SignInManager } from './flows/sign-in-manager.js';
import type { TokenSet } from './flows/oauth-operations.js';
import type { FetchLike } from './http/http-client.js';
import type { Logger } from './logging/logger.js';
import type { Provider, ProviderProfile } from './providers/provider.js';
import type { ProviderRegistry } from './providers/provider-registry.js';
import type { TokenService } from './refresh/token-service.js';
import type { KeychainAvailability, SecretStore, StoredCredential } from './secrets/secret-store.js';
import type { Account, AccountsRepository } from './storage/accounts-repository.js';
import type { AuthEventsRepository } from './storage/auth-events-repository.js';
import type { SignetDatabase } from './storage/database.js';
import type { SettingsRepository } from './storage/settings-repository.js';
import { redactRedisUrl } from './sync/redis-connection.js';
import { testSyncServer, type SyncServer } from './sync/sync-server.js';

export interface AccountServiceEvents {
  'accounts-changed': AccountView[];
  'sign-in-progress': SignInProgress;
  'status-changed': StatusView;
}

export interface AccountServiceDeps {
  config: SignetConfig;
  db: SignetDatabase;
  accounts: AccountsRepository;
  authEvents: AuthEventsRepository;
  settings: SettingsRepository;
  secrets: SecretStore;
  sync: SyncServer;
  tokens: TokenService;
  providers: ProviderRegistry;
  http: FetchLike;
  logger: Logger;
  emitter: TypedEmitter<AccountServiceEvents>;
}

/**
 * How many refreshes a launch (or resume) pass runs at once: enough that 200 accounts come back
 * in well under a second from a provider answering in 50 ms, few enough to stay polite to it.
 */
export const launchRefreshConcurrency = 16;

export interface RefreshAllSummary {
  refreshed: number;
  failed: number;
  skipped: number;
}

/**
 * The facade both fronts use. Every answer is a view without secrets, except
 * `getAccessToken`, which only the CLI and in-process callers reach — never IPC.
 */
export class AccountService {
  private readonly refreshing = new Set<string>();
  /**
   * What this process last read or wrote of each account's row: enough to serve a cached token
   * without reading the row again. Rows change only through this class in this process.
   */
  private readonly known = new Map<string, KnownAccount>();
  private online = true;
  private keychain: { value: KeychainAvailability; at: number } | undefined;
  private closed = false;
  private accountsEmission: Promise<void> | undefined;
  private signInManager: SignInManager | undefined;

  constructor(private readonly deps: AccountServiceDeps) {}

  /** The sign-in manager calls back into `completeSignIn`, so it is attached after construction. */
  attachSignIns(manager: SignInManager): void {
    this.signInManager = manager;
  }

  get dataDir(): string {
    return this.deps.config.dataDir;
  }

  get config(): SignetConfig {
    return this.deps.config;
  }

  on<E extends keyof AccountServiceEvents>(
    event: E,
    listener: (payload: AccountServiceEvents[E]) => void,
  ): () => void {
    return this.deps.emitter.on(event, listener);
  }

  // ── accounts ────────────────────────────────────────────────────────────────────────

  async listAccounts(): Promise<AccountView[]> {
    const accounts = this.deps.accounts.list();
    for (const account of accounts) this.note(account);
    const expiries = await this.deps.sync
      .expiries(accounts.map((a) => ({ accountId: a.id, provider: a.provider })))
      .catch(() => new Map<string, Date | null>());
    return accounts.map((account) => this.toView(account, expiries.get(account.id)));
  }

  async getAccount(accountId: string): Promise<AccountView> {
    const account = this.requireAccount(accountId);
    const expiries = await this.deps.sync
      .expiries([{ accountId, provider: account.provider }])
      .catch(() => new Map());
    return this.toView(account, expiries.get(accountId));
  }

  /**
   * Finds an account by id, by provider name when that provider has exactly one account, or by
   * `<provider>:<login or email>`.
   */
  resolveAccount(selector: string): Account {
    const all = this.deps.accounts.list();
    const byId = all.find((account) => account.id === selector);
    if (byId) return byId;
    const [providerPart, who] = selector.includes(':') ? splitOnce(selector, ':') : [selector, undefined];
    const ofProvider = all.filter((account) => account.provider === providerPart);
    if (who === undefined) {
      if (ofProvider.length === 1) return ofProvider[0]!;
      if (ofProvider.length > 1) {
        throw new SignetError(
          'ambiguous-account',
          `${ofProvider.length} ${providerPart} accounts: say which, as ${providerPart}:<login or email>.`,
        );
      }
      throw new SignetError('not-found', `No account matches "${selector}". List them with: signet accounts`);
    }
    const matches = ofProvider.filter(
      (account) =>
        account.login.toLowerCase() === who.toLowerCase() ||
        account.email?.toLowerCase() === who.toLowerCase(),
    );
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1)
      throw new SignetError('ambiguous-account', `Several accounts match "${selector}": use the id.`);
    throw new SignetError('not-found', `No account matches "${selector}". List them with: signet accounts`);
  }

  listProviders(): ProviderView[] {
    return this.deps.providers.list().map((provider) => ({
      id: provider.id,
      name: provider.name,
      configured: provider.configured,
      methods: [...provider.methods],
      missing: [...provider.missing],
    }));
  }

  // ── sign-in ─────────────────────────────────────────────────────────────────────────

  signIn(providerId: string, options: { method?: SignInMethod } = {}) {
    return this.signIns.start(providerId, options.method ?? 'browser');
  }

  cancelSignIn(flowId: string): void {
    this.signIns.cancel(flowId);
  }

  reopenSignInBrowser(flowId: string): Promise<void> {
    return this.signIns.reopenBrowser(flowId);
  }

  /** Main process only (copy link, `--no-browser`): the URL carries the state. */
  signInUrl(flowId: string): string {
    return this.signIns.authorizationUrl(flowId);
  }

  /** Stores a finished sign-in: keychain first, then SQLite, then the cache. */
  async completeSignIn(provider: Provider, tokens: TokenSet, profile: ProviderProfile): Promise<string> {
    const started = Date.now();
    const existing = this.deps.accounts.findByIdentity(provider.id, provider.issuer, profile.providerUserId);
    const accountId = existing?.id ?? randomUUID();
    const identity = {
      provider: provider.id,
      issuer: provider.issuer,
      providerUserId: profile.providerUserId,
      login: profile.login,
    };
    const credential: StoredCredential | null = tokens.refreshToken
      ? {
          kind: 'refresh_token',
          token: tokens.refreshToken,
          expiresAt: tokens.refreshTokenExpiresAt?.toISOString() ?? null,
          identity,
        }
      : tokens.expiresAt === null
        ? { kind: 'access_token', token: tokens.accessToken, identity }
        : null;
    crashPoint('sign-in:after-exchange');
    if (credential) await this.deps.secrets.setCredential(accountId, credential);
    crashPoint('sign-in:after-keychain');
    const avatar = await fetchAvatar(this.deps.http, profile.avatarUrl, provider.insecureLoopback);
    const { account: stored } = this.deps.accounts.upsert(
      {
        provider: provider.id,
        issuer: provider.issuer,
        providerUserId: profile.providerUserId,
        login: profile.login,
        displayName: profile.displayName,
        email: profile.email,
        avatar,
        scopes: (tokens.scope ?? provider.scopes.join(' ')).split(/[\s,]+/).filter(Boolean),
      },
      accountId,
    );
    this.note(stored);
    crashPoint('sign-in:after-database');
    const token: CachedAccessToken = {
      accessToken: tokens.accessToken,
      tokenType: tokens.tokenType,
      scope: tokens.scope,
      expiresAt: tokens.expiresAt,
    };
    const ref = { accountId, provider: provider.id };
    await this.deps.sync.set(ref, token).catch((error: unknown) => {
      this.deps.logger.warn('could not cache the new access token', {
        errorCode: (error as SignetError).code,
      });
    });
    this.deps.tokens.remember(accountId, token);
    this.deps.tokens.backoff.succeed(accountId);
    this.deps.authEvents.record({
      accountId,
      provider: provider.id,
      kind: 'sign-in',
      outcome: 'success',
      durationMs: Date.now() - started,
    });
    await this.emitAccounts();
    return accountId;
  }

  /**
   * After a damaged database was quarantined and replaced, puts back every account whose
   * credential is still in the keychain (same id, so nothing else changes). Profiles come back
   * as the keychain knew them; the next sign-in refreshes names and avatars.
   */
  async recoverFromKeychain(): Promise<number> {
    let recovered = 0;
    for (const { accountId, credential } of await this.deps.secrets.listCredentials()) {
      const identity = credential.identity;
      if (!identity || this.deps.accounts.get(accountId)) continue;
      const { account } = this.deps.accounts.upsert(
        {
          provider: identity.provider,
          issuer: identity.issuer,
          providerUserId: identity.providerUserId,
          login: identity.login,
          displayName: null,
          email: null,
          avatar: null,
          scopes: [],
        },
        accountId,
      );
      this.note(account);
      recovered += 1;
    }
    if (recovered > 0) await this.emitAccounts();
    return recovered;
  }

  // ── tokens ──────────────────────────────────────────────────────────────────────────

  /**
   * A valid access token for scripts and in-process callers. Never exposed over IPC. A token this
   * process already holds is answered without I/O: the account's row is read only when the
   * token has to come from the cache or a refresh.
   */
  getAccessToken(
    accountId: string,
    options: { minValiditySeconds?: number } = {},
  ): Promise<CachedAccessToken> {
    const minValiditySeconds = options.minValiditySeconds ?? 60;
    const known = this.known.get(accountId);
    if (known !== undefined && known.status !== 'needs-reauth') {
      const remembered = this.deps.tokens.remembered(accountId, minValiditySeconds);
      if (remembered !== undefined) return Promise.resolve(remembered);
    }
    return this.serveToken(accountId, minValiditySeconds, known);
  }

  private async serveToken(
    accountId: string,
    minValiditySeconds: number,
    known: KnownAccount | undefined,
  ): Promise<CachedAccessToken> {
    // needs-reauth is read again: another process may have signed the account in since.
    const account =
      known !== undefined && known.status !== 'needs-reauth' ? known : this.requireAccount(accountId);
    assertUsable(account);
    // A token in the cache is served on what this process knows of the account; before a
    // refresh the row is read again, as another process may have signed it out or marked it.
    return this.deps.tokens.getAccessToken(
      { accountId, provider: account.provider },
      minValiditySeconds,
      () => assertUsable(this.requireAccount(accountId)),
    );
  }

  async refresh(accountId: string): Promise<AccountView> {
    const account = this.requireAccount(accountId);
    if (account.status === 'needs-reauth') {
      throw new SignetError('needs-reauth', `${account.login} needs to sign in again.`);
    }
    await this.deps.tokens.refresh({ accountId, provider: account.provider }, { force: true });
    return this.getAccount(accountId);
  }

  /**
   * Refreshes every account whose token expires within `withinSeconds`, `concurrency` at a
   * time. Used at launch, on resume and when the network returns.
   */
  async refreshAll(
    options: { withinSeconds?: number; concurrency?: number; force?: boolean } = {},
  ): Promise<RefreshAllSummary> {
    const withinSeconds = options.withinSeconds ?? 300;
    const concurrency = Math.max(1, options.concurrency ?? launchRefreshConcurrency);
    const accounts = this.deps.accounts.list().filter((account) => account.status !== 'needs-reauth');
    const expiries = await this.deps.sync
      .expiries(accounts.map((a) => ({ accountId: a.id, provider: a.provider })))
      .catch(() => new Map<string, Date | null>());
    const now = Date.now();
    const due = accounts.filter((account) => {
      if (options.force) return true;
      const expiresAt = expiries.get(account.id);
      if (expiresAt === null) return false;
      if (expiresAt === undefined) return true;
      return expiresAt.getTime() - now < withinSeconds * 1000;
    });
    const summary: RefreshAllSummary = { refreshed: 0, failed: 0, skipped: accounts.length - due.length };
    let next = 0;
    const worker = async () => {
      while (next < due.length && !this.closed) {
        const account = due[next++]!;
        try {
          await this.deps.tokens.refresh(
            { accountId: account.id, provider: account.provider },
            { minValiditySeconds: withinSeconds, force: options.force ?? false },
          );
          summary.refreshed += 1;
        } catch {
          summary.failed += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, worker));
    return summary;
  }

  // ── sign-out ────────────────────────────────────────────────────────────────────────

  /** Revokes at the provider where it can, then forgets locally whatever the revocation did. */
  /**
   * Signs out: forgets the tokens locally first (so none is served again, whatever happens
   * next), then revokes at the provider where it can, then removes the account. A crash part-way
   * leaves the account marked as needing sign-in, never serving a token.
   */
  async signOut(accountId: string): Promise<{ revoked: boolean }> {
    const account = this.requireAccount(accountId);
    const ref = { accountId, provider: account.provider };
    const provider = this.deps.providers.find(account.provider);
    const credential = await this.deps.secrets.getCredential(accountId).catch(() => null);
    const cached = await this.deps.sync.get(ref).catch(() => null);
    this.deps.tokens.forget(accountId);
    await this.deps.sync.delete(ref).catch(() => undefined);
    await this.deps.secrets.deleteCredential(accountId);
    const marked = this.deps.accounts.setStatus(accountId, 'needs-reauth', 'signed-out');
    if (marked) this.note(marked);
    crashPoint('sign-out:after-local-forget');
    let revoked = false;
    if (provider?.configured && (credential || cached)) {
      try {
        revoked = await provider.revoke({
          accessToken: credential?.kind === 'access_token' ? credential.token : (cached?.accessToken ?? null),
          refreshToken: credential?.kind === 'refresh_token' ? credential.token : null,
        });
      } catch (error) {
        this.deps.logger.warn('revocation failed; forgetting locally anyway', {
          provider: account.provider,
          errorCode: (error as SignetError).code,
        });
      }
    }
    crashPoint('sign-out:after-revoke');
    this.known.delete(accountId);
    this.deps.accounts.delete(accountId);
    this.deps.authEvents.record({
      accountId: null,
      provider: account.provider,
      kind: 'sign-out',
      outcome: 'success',
    });
    await this.emitAccounts();
    return { revoked };
  }

  // ── status, activity, settings ──────────────────────────────────────────────────────

  async status(): Promise<StatusView> {
    return {
      dataDir: this.deps.config.dataDir,
      keychain: await this.keychainAvailability(),
      cache: this.deps.sync.backend,
      syncServer: { configured: this.deps.sync.configured, connected: this.deps.sync.connected },
      online: this.online,
    };
  }

  async keychainAvailability(maxAgeMs = 30_000): Promise<KeychainAvailability> {
    if (this.keychain && Date.now() - this.keychain.at < maxAgeMs) return this.keychain.value;
    const value = await this.deps.secrets.availability();
    this.keychain = { value, at: Date.now() };
    return value;
  }

  setOnline(online: boolean): void {
    if (this.online === online) return;
    this.online = online;
    void this.emitStatus();
  }

  activity(limit = 50): ActivityView {
    return { entries: this.deps.authEvents.recent(limit), buckets: this.deps.authEvents.hourly(24) };
  }

  settings(): SettingsView {
    const url = this.currentSyncUrl();
    return {
      dataDir: this.deps.config.dataDir,
      syncServerUrl: url ? redactRedisUrl(url) : null,
      syncServerFromEnvironment: this.deps.config.redisUrlFromEnvironment,
    };
  }

  async setSyncServer(url: string | null): Promise<SettingsView> {
    if (this.deps.config.redisUrlFromEnvironment) {
      throw new SignetError('invalid-input', 'The sync server is set by SIGNET_REDIS_URL; change it there.');
    }
    const value = url?.trim() ? url.trim() : null;
    if (value !== null && !/^rediss?(-cluster|-sentinel)?:\/\/\S+$/.test(value)) {
      throw new SignetError('invalid-input', 'A sync server address starts with redis:// or rediss://.');
    }
    await this.deps.sync.use(value);
    this.deps.settings.set('sync-server-url', value);
    await this.emitStatus();
    return this.settings();
  }

  testSyncServer(url: string): Promise<SyncServerTestResult> {
    return testSyncServer(url);
  }

  currentSyncUrl(): string | null {
    return this.deps.config.redisUrlFromEnvironment
      ? this.deps.config.redisUrl
      : (this.deps.settings.get('sync-server-url') ?? this.deps.config.redisUrl);
  }

  // ── internals ───────────────────────────────────────────────────────────────────────

  /** Called by the token service around each refresh. */
  noteRefreshStart(accountId: string): void {
    this.refreshing.add(accountId);
    void this.emitAccounts();
  }

  noteRefreshEnd(
    accountId: string,
    outcome:
      { kind: 'refreshed'; durationMs: number } | { kind: 'failed'; error: SignetError; durationMs: number },
  ): void {
    this.refreshing.delete(accountId);
    const account = this.deps.accounts.get(accountId);
    if (!account) {
      this.known.delete(accountId);
      return;
    }
    if (outcome.kind === 'refreshed') {
      this.deps.accounts.markRefreshed(accountId);
      this.note({ ...account, status: 'active' });
      this.setOnline(true);
      this.deps.authEvents.record({
        accountId,
        provider: account.provider,
        kind: 'refresh',
        outcome: 'success',
        durationMs: outcome.durationMs,
      });
    } else {
      const code = outcome.error.code;
      const status: AccountStatus =
        code === 'needs-reauth'
          ? 'needs-reauth'
          : code === 'network' || code === 'timeout'
            ? 'offline'
            : isTransient(code)
              ? account.status === 'needs-reauth'
                ? 'needs-reauth'
                : 'error'
              : 'error';
      this.deps.accounts.setStatus(accountId, status, code);
      this.note({ ...account, status });
      if (code === 'network') this.setOnline(false);
      this.deps.authEvents.record({
        accountId,
        provider: account.provider,
        kind: code === 'needs-reauth' ? 'reauth-required' : 'refresh',
        outcome: 'failure',
        errorCode: code,
        durationMs: outcome.durationMs,
      });
    }
    void this.emitAccounts();
  }

  /**
   * Emits `accounts-changed` with the accounts as they are when it runs, at the end of this turn
   * of the event loop. Calls made before then share that one emission: a launch that refreshes
   * 200 accounts lists them a few dozen times, not twice per refresh.
   */
  emitAccounts(): Promise<void> {
    this.accountsEmission ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      // Changes from here on need another emission: this one may already have read the rows.
      this.accountsEmission = undefined;
      if (this.closed) return;
      this.deps.emitter.emit('accounts-changed', await this.listAccounts());
    });
    return this.accountsEmission;
  }

  async emitStatus(): Promise<void> {
    this.deps.emitter.emit('status-changed', await this.status());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.signInManager?.cancelAll();
    await this.deps.sync.disconnect();
    this.deps.db.$client.close();
  }

  private get signIns(): SignInManager {
    if (!this.signInManager) throw new SignetError('internal', 'Sign-in is not available.');
    return this.signInManager;
  }

  private requireAccount(accountId: string): Account {
    const account = this.deps.accounts.get(accountId);
    if (!account) {
      this.known.delete(accountId);
      throw new SignetError('not-found', 'No such account: it may have been removed.');
    }
    this.note(account);
    return account;
  }

  private note(account: Pick<Account, 'id' | 'provider' | 'login' | 'status'>): void {
    this.known.set(account.id, {
      provider: account.provider,
      login: account.login,
      status: account.status,
    });
  }

  private toView(account: Account, expiresAt: Date | null | undefined): AccountView {
    const provider = this.deps.providers.find(account.provider);
    return {
      id: account.id,
      provider: account.provider,
      providerName: provider?.name ?? account.provider,
      login: account.login,
      displayName: account.displayName,
      email: account.email,
      avatar: account.avatar,
      scopes: account.scopes,
      status: this.refreshing.has(account.id) ? 'refreshing' : account.status,
      lastErrorCode: account.lastErrorCode,
      accessTokenExpiresAt: expiresAt ? expiresAt.toISOString() : null,
      lastRefreshedAt: account.lastRefreshedAt?.toISOString() ?? null,
      createdAt: account.createdAt.toISOString(),
    };
  }
}

/** The part of an account's row that serving a token needs. */
interface KnownAccount {
  provider: string;
  login: string;
  status: AccountStatus;
}

function assertUsable(account: KnownAccount): void {
  if (account.status === 'needs-reauth') {
    throw new SignetError(
      'needs-reauth',
      `${account.login} needs to sign in again: signet login ${account.provider}`,
    );
  }
}

function splitOnce(value: string, separator: string): [string, string] {
  const index = value.indexOf(separator);
  return [value.slice(0, index), value.slice(index + 1)];
}
