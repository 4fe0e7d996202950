import { SignetError } from '../../shared/errors.js';
import { AccountService, type AccountServiceEvents } from './account-service.js';
import { SqliteAccessTokenCache } from './cache/sqlite-access-token-cache.js';
import { loadConfig, type Env } from './config/config.js';
import { resolveDataDir } from './config/data-dir.js';
import { Sealer } from './crypto/sealer.js';
import { TypedEmitter } from './event-emitter.js';
import { CommandBrowserOpener, type BrowserOpener } from './flows/browser-opener.js';
import { SignInManager } from './flows/sign-in-manager.js';
import { createHttpClient, type FetchLike } from './http/http-client.js';
import { createLogger, type Logger } from './logging/logger.js';
import { ProviderRegistry } from './providers/provider-registry.js';
import { SqliteRefreshLease } from './refresh/sqlite-lease.js';
import { TokenService } from './refresh/token-service.js';
import { KeytarSecretStore } from './secrets/keytar-secret-store.js';
import type { SecretStore } from './secrets/secret-store.js';
import { AccountsRepository } from './storage/accounts-repository.js';
import { AuthEventsRepository } from './storage/auth-events-repository.js';
import { openDatabase } from './storage/database.js';
import { SettingsRepository } from './storage/settings-repository.js';
import { SyncServer } from './sync/sync-server.js';

export interface CoreOptions {
  env?: Env;
  dataDir?: string;
  secrets?: SecretStore;
  opener?: BrowserOpener;
  http?: FetchLike;
  logger?: Logger;
  migrationsFolder?: string;
  signInTimeoutMs?: number;
  leaseTtlMs?: number;
  /** Wait this long at start for the sync server, so the first read goes to it. */
  syncConnectWaitMs?: number;
  /** Keep served access tokens in process memory (default true); see `TokenServiceOptions`. */
  memoryCache?: boolean;
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
  const logger = options.logger ?? createLogger((line) => process.stderr.write(`${line}\n`), config.logLevel);
  const db = openDatabase(
    dataDir,
    options.migrationsFolder ? { migrationsFolder: options.migrationsFolder } : {},
  );
  const secrets = options.secrets ?? new KeytarSecretStore({ service: config.keychainService });
  const http = options.http ?? createHttpClient();
  const emitter = new TypedEmitter<AccountServiceEvents>();
  const accounts = new AccountsRepository(db);
  const authEvents = new AuthEventsRepository(db);
  const settings = new SettingsRepository(db);
  const providers = new ProviderRegistry(config, http);
  // Assigned once below; the callbacks built before it read it late, when events fire.
  // eslint-disable-next-line prefer-const
  let service: AccountService | undefined;
  const sync = new SyncServer({
    localCache: new SqliteAccessTokenCache(db, new Sealer(secrets)),
    localLease: new SqliteRefreshLease(db),
    logger,
    onChange: () => void service?.emitStatus(),
  });
  const tokens = new TokenService({
    cache: sync,
    lease: sync,
    secrets,
    providers,
    logger,
    ...(options.leaseTtlMs ? { leaseTtlMs: options.leaseTtlMs } : {}),
    ...(options.memoryCache === false ? { memoryCache: false } : {}),
    onRefreshStart: (accountId) => service?.noteRefreshStart(accountId),
    onRefreshEnd: (accountId, outcome) => service?.noteRefreshEnd(accountId, outcome),
  });
  service = new AccountService({
    config,
    db,
    accounts,
    authEvents,
    settings,
    secrets,
    sync,
    tokens,
    providers,
    http,
    logger,
    emitter,
  });
  const signIns = new SignInManager({
    providers,
    opener: options.opener ?? new CommandBrowserOpener(config.browserCommand),
    complete: (provider, tokenSet, profile) => service.completeSignIn(provider, tokenSet, profile),
    onProgress: (progress) => emitter.emit('sign-in-progress', progress),
    logger,
    ...(options.signInTimeoutMs ? { timeoutMs: options.signInTimeoutMs } : {}),
    // Without a keychain the sign-in could not be kept: say so before the user signs in.
    preflight: async () => {
      const keychain = await service.keychainAvailability(0);
      if (!keychain.available) throw new SignetError('keychain-unavailable', keychain.detail);
    },
  });
  service.attachSignIns(signIns);
  const syncUrl = service.currentSyncUrl();
  if (syncUrl) {
    await sync.use(syncUrl);
    await sync.ready(options.syncConnectWaitMs ?? 1000);
  }
  if (db.$quarantinedTo) {
    // The damaged file was moved aside; the keychain still knows every account.
    const recovered = await service.recoverFromKeychain().catch(() => 0);
    logger.warn('the database was damaged; moved aside and rebuilt', {
      recovered,
      movedTo: db.$quarantinedTo,
    });
  }
  return service;
}
