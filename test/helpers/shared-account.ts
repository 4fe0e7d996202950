import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import {
  startDiscordEmulator,
  type DiscordEmulator,
  type DiscordEmulatorOptions,
} from '../../emulators/index.js';
import type { AccountService } from '../../src/main/core/account-service.js';
import { createCore, type CoreOptions } from '../../src/main/core/create-core.js';
import { silentLogger } from '../../src/main/core/logging/logger.js';
import { MemorySecretStore } from '../../src/main/core/secrets/memory-secret-store.js';
import { FollowingOpener } from './following-opener.js';
import { makeTempDir } from './temp-dir.js';
import { discordEnv, signIn } from './test-core.js';

export interface SharedAccount {
  accountId: string;
  /** One keychain for every core, as on one machine (or several sharing a credential). */
  secrets: MemorySecretStore;
  /** The data directory the account was signed in on. */
  home: string;
  /** A core on `home` (like the app and the CLI on one machine) or on a copy of it (another machine). */
  open(where: 'same-home' | 'other-home', options?: Partial<CoreOptions>): Promise<AccountService>;
  close(): Promise<void>;
}

/**
 * Signs in to `provider` once and lets tests open several cores that know that account: on the
 * same data directory, or on a copy of it with the same account id, sharing the keychain, as
 * several machines on one sync server do.
 */
export async function signInSharedAccount(
  env: Record<string, string>,
  provider: string,
): Promise<SharedAccount> {
  const secrets = new MemorySecretStore();
  const homes = [makeTempDir()];
  const cores: AccountService[] = [];
  const open = async (dataDir: string, options: Partial<CoreOptions> = {}) => {
    const core = await createCore({
      dataDir,
      env: { SIGNET_LOG_LEVEL: 'error', ...env },
      secrets,
      opener: new FollowingOpener(),
      logger: silentLogger,
      syncConnectWaitMs: 5000,
      ...options,
    });
    cores.push(core);
    return core;
  };
  const first = await open(homes[0]!.dir);
  const accountId = await signIn(first, provider);
  // Closing checkpoints the WAL, so the file alone is the whole database.
  await first.close();
  return {
    accountId,
    secrets,
    home: homes[0]!.dir,
    async open(where, options) {
      if (where === 'same-home') return open(homes[0]!.dir, options);
      const other = makeTempDir();
      homes.push(other);
      copyFileSync(path.join(homes[0]!.dir, 'signet.db'), path.join(other.dir, 'signet.db'));
      return open(other.dir, options);
    },
    async close() {
      await Promise.all(cores.map((core) => core.close()));
      for (const home of homes) home.cleanup();
    },
  };
}

/** The account of `sharedDiscordAccountPerTest`, with the emulator it was signed in on. */
export type SharedDiscordAccount = Omit<SharedAccount, 'close'> & { readonly discord: DiscordEmulator };

/**
 * For each test: a Discord emulator (Discord rotates refresh tokens, so a second refresh with one
 * token shows) and an account signed in on it with the sync server at `syncUrl()`. The sign-in's
 * token is about to expire; later refreshes issue tokens that last an hour, and the emulator's
 * counts start at zero. Both are closed after the test.
 */
export function sharedDiscordAccountPerTest(
  syncUrl: () => string,
  emulator: DiscordEmulatorOptions = {},
): SharedDiscordAccount {
  let current: { discord: DiscordEmulator; shared: SharedAccount } | undefined;
  beforeEach(async () => {
    const discord = await startDiscordEmulator({ ...emulator, accessTokenTtlSeconds: 120 });
    const shared = await signInSharedAccount(
      { ...discordEnv(discord), SIGNET_REDIS_URL: syncUrl() },
      'discord',
    );
    discord.setAccessTokenTtl(3600);
    discord.resetStats();
    current = { discord, shared };
  });
  afterEach(async () => {
    await current?.shared.close();
    await current?.discord.close();
    current = undefined;
  });
  const now = () => {
    if (!current) throw new Error('sharedDiscordAccountPerTest is used inside a test only');
    return current;
  };
  return {
    get discord() {
      return now().discord;
    },
    get accountId() {
      return now().shared.accountId;
    },
    get secrets() {
      return now().shared.secrets;
    },
    get home() {
      return now().shared.home;
    },
    open: (where, options) => now().shared.open(where, options),
  };
}
