import { AccountState } from '../../src/main/core/accounts/account-state.js';
import { SignInRecorder } from '../../src/main/core/accounts/sign-in-recorder.js';
import { loadConfig, type Env, type SignetConfig } from '../../src/main/core/config/config.js';
import { SignInManager } from '../../src/main/core/flows/sign-in-manager.js';
import { createHttpClient, type FetchLike } from '../../src/main/core/http/http-client.js';
import type { Logger } from '../../src/main/core/logging/logger.js';
import type { ProviderProfile } from '../../src/main/core/providers/provider.js';
import { ProviderRegistry } from '../../src/main/core/providers/provider-registry.js';
import { TokenService } from '../../src/main/core/refresh/token-service.js';
import { MemorySecretStore } from '../../src/main/core/secrets/memory-secret-store.js';
import type { SecretStore } from '../../src/main/core/secrets/secret-store.js';
import { AccountsRepository, type Account } from '../../src/main/core/storage/accounts-repository.js';
import { AuthEventsRepository } from '../../src/main/core/storage/auth-events-repository.js';
import { openDatabase, type SignetDatabase } from '../../src/main/core/storage/database.js';
import { createSyncServer, type SyncServer } from '../../src/main/core/sync/sync-server.js';
import { FollowingOpener } from './following-opener.js';
import { makeTempDir } from './temp-dir.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** The real repository, counting its `get`s: how a test sees that a hot path read no row. */
export class CountingAccountsRepository extends AccountsRepository {
  gets = 0;

  override get(id: string): Account | undefined {
    this.gets += 1;
    return super.get(id);
  }
}

/**
 * The core's lower services wired the way `createCore` wires them, each one reachable, so a unit
 * test can drive one service and look at the others: a real SQLite file in a temp folder, the
 * SQLite cache and lease behind a `SyncServer` with no URL, a real `TokenService`, and providers
 * from `env` alone (never the process environment).
 */
export interface CoreParts {
  dir: string;
  config: SignetConfig;
  db: SignetDatabase;
  accounts: CountingAccountsRepository;
  authEvents: AuthEventsRepository;
  secrets: SecretStore;
  providers: ProviderRegistry;
  sync: SyncServer;
  tokens: TokenService;
  state: AccountState;
  recorder: SignInRecorder;
  http: FetchLike;
  logger: Logger;
  close(): Promise<void>;
}

export interface CorePartsOptions {
  env?: Env;
  /** Default: a fresh `MemorySecretStore`. Pass one to share a keychain between two parts. */
  secrets?: SecretStore;
  logger?: Logger;
  /** The clock the repositories stamp rows and events with. */
  now?: () => Date;
}

export function makeCoreParts(options: CorePartsOptions = {}): CoreParts {
  const temp = makeTempDir();
  const config = loadConfig(temp.dir, options.env ?? {});
  const db = openDatabase(temp.dir);
  const secrets = options.secrets ?? new MemorySecretStore();
  const logger = options.logger ?? quiet;
  const http = createHttpClient();
  const accounts = new CountingAccountsRepository(db, options.now);
  const authEvents = new AuthEventsRepository(db, options.now);
  const providers = new ProviderRegistry(config, http);
  const sync = createSyncServer({ db, secrets, accounts, logger });
  const tokens = new TokenService({ cache: sync, lease: sync, secrets, providers, logger });
  const state = new AccountState({ accounts, sync, providers });
  const recorder = new SignInRecorder({ accounts, authEvents, secrets, sync, tokens, state, http, logger });
  return {
    dir: temp.dir,
    config,
    db,
    accounts,
    authEvents,
    secrets,
    providers,
    sync,
    tokens,
    state,
    recorder,
    http,
    logger,
    async close() {
      state.close();
      await sync.disconnect();
      db.$client.close();
      temp.cleanup();
    },
  };
}

/** Signs in through the browser flow against whatever provider `env` points at (an emulator). */
export async function signInThroughBrowser(parts: CoreParts, providerId: string): Promise<string> {
  const manager = new SignInManager({
    providers: parts.providers,
    opener: new FollowingOpener(),
    store: parts.recorder,
    logger: parts.logger,
  });
  return (await manager.start(providerId, 'browser').result).accountId;
}

/** Puts person `n`'s account straight into the database, as a finished sign-in would. */
export function addAccount(parts: CoreParts, n: number, provider = 'github'): Account {
  const { providerUserId, login, displayName, email } = profile(n);
  const issuer = parts.providers.find(provider)?.issuer ?? `https://${provider}.example.test`;
  return parts.accounts.upsert({
    provider,
    issuer,
    providerUserId,
    login,
    displayName,
    email,
    avatar: null,
    scopes: [],
  }).account;
}

/** A profile as a provider's `fetchProfile` returns it; `n` makes a distinct person. */
export function profile(n: number, overrides: Partial<ProviderProfile> = {}): ProviderProfile {
  return {
    providerUserId: String(1000 + n),
    login: `person${n}`,
    displayName: `Person ${n}`,
    email: `person${n}@example.test`,
    avatarUrl: null,
    ...overrides,
  };
}
