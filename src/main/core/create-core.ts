import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isSignetError } from '../../shared/errors.js';
import { AccountService } from './account-service.js';
import { AccountState } from './accounts/account-state.js';
import { Sealer } from './crypto/sealer.js';
import { recordRefreshes } from './accounts/refresh-recorder.js';
import { recordSignInEnds } from './accounts/sign-in-end-recorder.js';
import { ActivityReport } from './activity/activity-report.js';
import { watchPendingSignOutWork } from './accounts/sign-out.js';
import { SignInRecorder } from './accounts/sign-in-recorder.js';
import { TokenAccess } from './accounts/token-access.js';
import { loadConfig, type Env } from './config/config.js';
import { resolveDataDir } from './config/data-dir.js';
import { CommandBrowserOpener, type BrowserOpener } from './flows/browser-opener.js';
import { SignInManager } from './flows/sign-in-manager.js';
import { createHttpClient, type FetchLike } from './http/http-client.js';
import { createLogger, type Logger, type LogSink } from './logging/logger.js';
import { ProviderRegistry } from './providers/provider-registry.js';
import { TokenService } from './refresh/token-service.js';
import { KeytarSecretStore } from './secrets/keytar-secret-store.js';
import { MemorySecretStore } from './secrets/memory-secret-store.js';
import { PendingCredentials } from './refresh/pending-credentials.js';
import type { SecretStore } from './secrets/secret-store.js';
import { AccountsRepository } from './storage/accounts-repository.js';
import { AuthEventsRepository } from './storage/auth-events-repository.js';
import { PendingCredentialsRepository } from './storage/pending-credentials-repository.js';
import { openDatabase } from './storage/database.js';
import type { NativeModules } from './native-modules.js';
import { PendingWorkRepository } from './storage/pending-work-repository.js';
import { SettingsRepository } from './storage/settings-repository.js';
import { StatusService } from './status/status-service.js';
import { redisTransportFrom } from './redis/redis-transport.js';
import { createSyncServer } from './sync/sync-server.js';
import { SyncSettings } from './sync/sync-settings.js';

export interface CoreOptions {
  env?: Env;
  dataDir?: string;
  secrets?: SecretStore;
  opener?: BrowserOpener;
  /** The whole HTTP client, replaced (tests). */
  http?: FetchLike;
  /**
   * The transport under the core's HTTP client, from the front that composes it: the app gives
   * Electron's `net.fetch` (system proxy and trust store); the CLI gives nothing and gets undici.
   */
  fetch?: FetchLike;
  logger?: Logger;
  /** Where the core's own logger writes, at the configured level; stderr when not given. */
  logSink?: LogSink;
  migrationsFolder?: string;
  /** Native addons of another runtime than `node_modules` holds (the Electron app's); see `NativeModules`. */
  nativeModules?: NativeModules;
  signInTimeoutMs?: number;
  leaseTtlMs?: number;
  /** Wait this long at start for the sync server, so the first read goes to it. */
  syncConnectWaitMs?: number;
  /** Keep served access tokens in process memory (default true); see `TokenServiceOptions`. */
  memoryCache?: boolean;
  /** How long a rotated refresh token's keychain write is waited for; see `TokenServiceOptions`. */
  keychainWriteTimeoutMs?: number;
}

/**
 * The composition root of the core: configuration, storage, keychain, cache, providers, flows.
 * Both fronts (the Electron main process and the CLI) call this and nothing else to wire up.
 * The keychain is not touched here: it is read when a token is first needed.
 */
export async function createCore(options: CoreOptions = {}): Promise<AccountService> {
  const env = options.env ?? process.env;
  const dataDir = options.dataDir ?? resolveDataDir(env);
  const config = loadConfig(dataDir, env);
  const logger =
    options.logger ??
    createLogger(options.logSink ?? ((line) => process.stderr.write(`${line}\n`)), config.logLevel);
  // Session-only mode, which the person chose: secrets in this process's memory, and the
  // database in a private folder of its own (tmpfs where XDG_RUNTIME_DIR is), removed at close,
  // so nothing of an account outlives the process or touches the data directory.
  const sessionOnly = config.secretStore === 'memory';
  const sessionDir = sessionOnly ? openSessionDirectory(env) : undefined;
  const db = openDatabase(sessionDir ?? dataDir, {
    ...(options.migrationsFolder ? { migrationsFolder: options.migrationsFolder } : {}),
    ...(options.nativeModules?.sqlite ? { nativeBinding: options.nativeModules.sqlite } : {}),
  });
  const secrets =
    options.secrets ??
    (sessionOnly ? new MemorySecretStore() : new KeytarSecretStore({ service: config.keychainService }));
  const http = options.http ?? createHttpClient(options.fetch ? { fetch: options.fetch } : {});
  const accounts = new AccountsRepository(db);
  const authEvents = new AuthEventsRepository(db);
  const providers = new ProviderRegistry(config, http);
  const sync = createSyncServer({ db, secrets, accounts, logger, transport: redisTransportFrom(config) });
  const tokens = new TokenService({
    cache: sync,
    lease: sync,
    secrets,
    providers,
    logger,
    ...(options.leaseTtlMs ? { leaseTtlMs: options.leaseTtlMs } : {}),
    ...(options.memoryCache === false ? { memoryCache: false } : {}),
    pendingCredentials: new PendingCredentials(new PendingCredentialsRepository(db), new Sealer(secrets)),
    ...(options.keychainWriteTimeoutMs ? { keychainWriteTimeoutMs: options.keychainWriteTimeoutMs } : {}),
  });
  // Each service below depends only on those above it; what one needs to know of another's
  // changes arrives as that one's events.
  const status = new StatusService({ dataDir: config.dataDir, secrets, sync, tokens, sessionOnly });
  const state = new AccountState({ accounts, sync, providers });
  recordRefreshes({ tokens, accounts, authEvents, state });
  const recorder = new SignInRecorder({ accounts, authEvents, secrets, sync, tokens, state, http, logger });
  const signIns = new SignInManager({
    providers,
    opener: options.opener ?? new CommandBrowserOpener(config.browserCommand),
    store: recorder,
    logger,
    ...(options.signInTimeoutMs ? { timeoutMs: options.signInTimeoutMs } : {}),
    // Without a keychain the sign-in could not be kept: say so before the user signs in.
    preflight: () => status.requireKeychain(),
  });
  recordSignInEnds({ signIns, authEvents, logger });
  // A sync server would keep this session's access tokens after it ends: not from config.json.
  const syncConfig = sessionOnly ? { ...config, redisUrl: null, redisUrlFromEnvironment: false } : config;
  const syncSettings = new SyncSettings(syncConfig, new SettingsRepository(db), sync, secrets);
  // The sync server's password is in the keychain: without one, work locally rather than not at all.
  const syncUrl = await syncSettings.connectionUrl().catch((error: unknown) => {
    if (!isSignetError(error, 'keychain-unavailable')) throw error;
    logger.warn('the sync server password is in the keychain, which is unavailable; working locally');
    return null;
  });
  if (syncUrl) {
    await sync.use(syncUrl);
    await sync.ready(options.syncConnectWaitMs);
  }
  // What earlier sign-outs could not finish: now, and whenever the sync server comes back.
  const pending = new PendingWorkRepository(db);
  watchPendingSignOutWork({ pending, sync, providers, secrets, authEvents, logger, status });
  if (db.$quarantinedTo) {
    // The damaged file was moved aside; the keychain still knows every account.
    const recovered = await recorder.recoverFromKeychain().catch(() => 0);
    logger.warn('the database was damaged; moved aside and rebuilt', {
      recovered,
      movedTo: db.$quarantinedTo,
    });
  }
  return new AccountService({
    config,
    db,
    accounts,
    authEvents,
    activity: new ActivityReport(authEvents),
    secrets,
    sync,
    tokens,
    providers,
    state,
    status,
    signIns,
    recorder,
    pending,
    tokenAccess: new TokenAccess({ accounts, sync, tokens, state }),
    syncSettings,
    logger,
    sessionOnly,
    ...(sessionDir ? { afterClose: () => rmSync(sessionDir, { recursive: true, force: true }) } : {}),
  });
}

/** A folder only this user can read, on tmpfs where the session has one, for one process's data. */
function openSessionDirectory(env: Env): string {
  const runtime = env['XDG_RUNTIME_DIR'];
  const parent = runtime && path.isAbsolute(runtime) ? runtime : os.tmpdir();
  try {
    return mkdtempSync(path.join(parent, 'signet-session-'));
  } catch {
    return mkdtempSync(path.join(os.tmpdir(), 'signet-session-'));
  }
}
