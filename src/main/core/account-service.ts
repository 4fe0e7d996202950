import type { ActivityFiguresView, FiguresWindow } from '../../shared/activity-figures.js';
import type { EventMap } from '../../shared/channels.js';
import type {
  AccountView,
  ActivityView,
  ProviderView,
  SettingsView,
  SignInMethod,
  SignInProgress,
  StatusView,
  SyncServerTestResult,
} from '../../shared/domain.js';
import type { AccountState, AccountSummary } from './accounts/account-state.js';
import { addScopes } from './accounts/add-scopes.js';
import type { SignInRecorder } from './accounts/sign-in-recorder.js';
import { signOut, type SignOutDeps } from './accounts/sign-out.js';
import { startSignIn } from './accounts/start-sign-in.js';
import type { TokenAccess } from './accounts/token-access.js';
import type { SignetConfig } from './config/config.js';
import type { SignInManager } from './flows/sign-in-manager.js';
import { providerView } from './providers/provider-view.js';
import type { Logger } from './logging/logger.js';
import type { RefreshAllOptions, RefreshAllSummary } from './refresh/refresh-scheduler.js';
import type { KeychainAvailability } from './secrets/secret-store.js';
import type { ActivityReport } from './activity/activity-report.js';
import type { SignetDatabase } from './storage/database.js';
import type { StatusService } from './status/status-service.js';
import type { SyncServer } from './sync/sync-server.js';
import type { SyncSettings } from './sync/sync-settings.js';

/** The events the facade routes: the ones the window is sent (`src/shared/channels.ts`). */
export type AccountServiceEvents = EventMap;

/** The services the facade is made of, wired by `createCore`. */
export interface AccountServiceParts extends SignOutDeps {
  config: SignetConfig;
  db: SignetDatabase;
  activity: ActivityReport;
  sync: SyncServer;
  state: AccountState;
  status: StatusService;
  signIns: SignInManager;
  recorder: SignInRecorder;
  tokenAccess: TokenAccess;
  syncSettings: SyncSettings;
  logger: Logger;
  /** Session-only mode: credentials live in this process only (`SIGNET_SECRET_STORE=memory`). */
  sessionOnly?: boolean;
  /** Runs last in `close()`: session-only mode removes its private database folder. */
  afterClose?: () => void;
}

/**
 * The facade both fronts use: a thin composition of the core's services, each of which owns its
 * part and its events. Every answer is a view without secrets, except `getAccessToken`, which
 * only the CLI and in-process callers reach — never IPC.
 */
export class AccountService {
  private closed = false;

  constructor(private readonly parts: AccountServiceParts) {}

  get dataDir(): string {
    return this.parts.config.dataDir;
  }
  get config(): SignetConfig {
    return this.parts.config;
  }
  /** The core's one logger (redacting, at the configured level), for the fronts to log with too. */
  get logger(): Logger {
    return this.parts.logger;
  }

  on<E extends keyof AccountServiceEvents>(
    event: E,
    listener: (payload: AccountServiceEvents[E]) => void,
  ): () => void {
    const on = {
      'accounts-changed': (l: (v: AccountView[]) => void) => this.parts.state.on('accounts-changed', l),
      'sign-in-progress': (l: (v: SignInProgress) => void) => this.parts.signIns.on('sign-in-progress', l),
      'status-changed': (l: (v: StatusView) => void) => this.parts.status.on('status-changed', l),
    }[event] as (l: (payload: AccountServiceEvents[E]) => void) => () => void;
    return on(listener);
  }

  listAccounts(): Promise<AccountView[]> {
    return this.parts.state.list();
  }
  /** The accounts without token expiries (no cache read): for choosing one. */
  listAccountSummaries(): AccountSummary[] {
    return this.parts.state.summaries();
  }
  /** Changes when another process commits to the database (`AccountsRepository.dataVersion`). */
  storageVersion(): number {
    return this.parts.accounts.dataVersion();
  }
  getAccount(accountId: string): Promise<AccountView> {
    return this.parts.state.view(accountId);
  }
  listProviders(): ProviderView[] {
    return this.parts.providers.list().map(providerView);
  }

  /** A new sign-in; `scopes` asked for beside the provider's own (`accounts/start-sign-in.ts`). */
  signIn(providerId: string, options: { method?: SignInMethod; scopes?: string[] } = {}) {
    return startSignIn(this.parts, providerId, options);
  }
  /** Incremental consent: the same account, for what it holds and `scopes` (`accounts/add-scopes.ts`). */
  addScopes(accountId: string, scopes: string[], options: { method?: SignInMethod } = {}) {
    return addScopes(this.parts, accountId, scopes, options.method);
  }
  cancelSignIn(flowId: string): void {
    this.parts.signIns.cancel(flowId);
  }
  reopenSignInBrowser(flowId: string): Promise<void> {
    return this.parts.signIns.reopenBrowser(flowId);
  }
  /** Main process only (copy link, `--no-browser`): the URL carries the state. */
  signInUrl(flowId: string): string {
    return this.parts.signIns.authorizationUrl(flowId);
  }
  recoverFromKeychain(): Promise<number> {
    return this.parts.recorder.recoverFromKeychain();
  }

  /** Typed by `TokenAccess.getAccessToken`: a `CachedAccessToken`. */
  getAccessToken(accountId: string, options: { minValiditySeconds?: number } = {}) {
    return this.parts.tokenAccess.getAccessToken(accountId, options.minValiditySeconds ?? 60);
  }
  refresh(accountId: string): Promise<AccountView> {
    return this.parts.tokenAccess.refresh(accountId);
  }
  refreshAll(options: RefreshAllOptions = {}): Promise<RefreshAllSummary> {
    return this.parts.tokenAccess.refreshAll(options);
  }
  /** Forgets the cached access token only (git's `erase`): `TokenAccess.forgetAccessToken`. */
  forgetAccessToken(accountId: string): Promise<void> {
    return this.parts.tokenAccess.forgetAccessToken(accountId);
  }
  signOut(accountId: string): Promise<{ revoked: boolean }> {
    return signOut(this.parts, accountId);
  }

  status(): Promise<StatusView> {
    return this.parts.status.status();
  }
  /** Whether this core keeps credentials for the life of the process only. */
  get sessionOnly(): boolean {
    return this.parts.sessionOnly === true;
  }
  keychainAvailability(maxAgeMs?: number): Promise<KeychainAvailability> {
    return this.parts.status.keychainAvailability(maxAgeMs);
  }
  setOnline(online: boolean): void {
    this.parts.status.setOnline(online);
  }
  activity(limit = 50): ActivityView {
    return this.parts.activity.activity(limit);
  }
  /** The sign-in and refresh figures over `windows` (the last 24 h and 7 d unless given). */
  activityFigures(windows?: readonly FiguresWindow[]): ActivityFiguresView {
    return this.parts.activity.figures(windows);
  }

  settings(): SettingsView {
    return this.parts.syncSettings.view();
  }
  setSyncServer(url: string | null): Promise<SettingsView> {
    return this.parts.syncSettings.setServer(url);
  }
  testSyncServer(url: string): Promise<SyncServerTestResult> {
    return this.parts.syncSettings.test(url);
  }
  /** The code that lets another machine of this person share this one's sync server entries. */
  syncPairingCode(): Promise<string> {
    return this.parts.syncSettings.pairingCode();
  }
  /** Joins the machine whose pairing code this is; returns the key's fingerprint. */
  joinSync(code: string): Promise<string> {
    return this.parts.syncSettings.join(code);
  }

  /** Emits `accounts-changed` now (batched with any other change in this turn). */
  emitAccounts(): Promise<void> {
    return this.parts.state.changed();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.parts.tokenAccess.close();
    this.parts.state.close();
    this.parts.signIns.cancelAll();
    await this.parts.sync.disconnect();
    this.parts.db.$client.close();
    this.parts.afterClose?.();
  }
}
