import type { AccountService } from '../../src/main/core/account-service.js';
import { createCore, type CoreOptions } from '../../src/main/core/create-core.js';
import { MemorySecretStore } from '../../src/main/core/secrets/memory-secret-store.js';
import type {
  DiscordEmulator,
  GithubEmulator,
  GoogleEmulator,
  MicrosoftEmulator,
} from '../../emulators/index.js';
import { FollowingOpener } from './following-opener.js';
import { makeTempDir } from './temp-dir.js';

export function githubEnv(github: GithubEmulator): Record<string, string> {
  return {
    SIGNET_GITHUB_CLIENT_ID: github.clientId,
    ...(github.clientSecret ? { SIGNET_GITHUB_CLIENT_SECRET: github.clientSecret } : {}),
    SIGNET_GITHUB_URL: github.url,
    SIGNET_GITHUB_API_URL: github.apiUrl,
  };
}

export function googleEnv(google: GoogleEmulator): Record<string, string> {
  return {
    SIGNET_GOOGLE_CLIENT_ID: google.clientId,
    SIGNET_GOOGLE_CLIENT_SECRET: google.clientSecret ?? '',
    SIGNET_GOOGLE_ISSUER: google.url,
  };
}

export function discordEnv(discord: DiscordEmulator): Record<string, string> {
  return {
    SIGNET_DISCORD_CLIENT_ID: discord.clientId,
    ...(discord.clientSecret ? { SIGNET_DISCORD_CLIENT_SECRET: discord.clientSecret } : {}),
    SIGNET_DISCORD_URL: discord.url,
  };
}

/** A Microsoft app on the emulator's authority, for `tenant` (`common`, `consumers`, a tenant id). */
export function microsoftEnv(ms: MicrosoftEmulator, tenant: string): Record<string, string> {
  return {
    SIGNET_MICROSOFT_CLIENT_ID: ms.clientId,
    SIGNET_MICROSOFT_AUTHORITY: ms.authority,
    SIGNET_MICROSOFT_TENANT: tenant,
  };
}

export interface TestCore {
  service: AccountService;
  opener: FollowingOpener;
  secrets: MemorySecretStore;
  dir: string;
  close(): Promise<void>;
}

/** A core on a fresh temp data dir, session-only secrets and an in-process browser. */
export async function makeTestCore(
  env: Record<string, string>,
  options: Partial<CoreOptions> = {},
): Promise<TestCore> {
  const temp = makeTempDir();
  const opener = new FollowingOpener();
  const secrets = new MemorySecretStore();
  const service = await createCore({
    dataDir: temp.dir,
    env: { SIGNET_LOG_LEVEL: 'error', ...env },
    secrets,
    opener,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    ...options,
  });
  return {
    service,
    opener,
    secrets,
    dir: temp.dir,
    async close() {
      await service.close();
      temp.cleanup();
    },
  };
}

/** Signs in through the browser flow and returns the account id. */
export async function signIn(service: AccountService, provider: string): Promise<string> {
  const { result } = service.signIn(provider, { method: 'browser' });
  return (await result).accountId;
}
