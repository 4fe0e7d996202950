// What the scenarios start from: data directories with many accounts and real refresh tokens from
// a provider emulator.
import { createHash, randomBytes } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import type { CachedAccessToken } from '../src/main/core/cache/access-token-cache.js';
import { SqliteAccessTokenCache } from '../src/main/core/cache/sqlite-access-token-cache.js';
import { Sealer } from '../src/main/core/crypto/sealer.js';
import type { SecretStore } from '../src/main/core/secrets/secret-store.js';
import { AccountsRepository } from '../src/main/core/storage/accounts-repository.js';
import { openDatabase } from '../src/main/core/storage/database.js';
import { TINY_PNG, type DiscordEmulator } from '../emulators/index.js';

export interface SeedOptions {
  dataDir: string;
  secrets: SecretStore;
  count: number;
  provider: 'discord' | 'github';
  issuer: string;
  /** The refresh token of account i; none: no credential is stored. */
  refreshToken?: (index: number) => string;
  /** What is cached for each account: a token valid for an hour, one that just expired, or nothing. */
  cached: 'valid' | 'expired' | 'none';
}

/** Writes `count` accounts (with a small avatar, like real rows) straight into `signet.db`. */
export async function seedAccounts(options: SeedOptions): Promise<string[]> {
  const db = openDatabase(options.dataDir);
  try {
    const accounts = new AccountsRepository(db);
    const cache = new SqliteAccessTokenCache(db, new Sealer(options.secrets));
    const avatar = `data:image/png;base64,${TINY_PNG.toString('base64')}`;
    const ids: string[] = [];
    for (let i = 0; i < options.count; i += 1) {
      const { account } = accounts.upsert({
        provider: options.provider,
        issuer: options.issuer,
        providerUserId: String(100_000 + i),
        login: `user${i}`,
        displayName: `User ${i}`,
        email: `user${i}@bench.test`,
        avatar,
        scopes: ['identify', 'email'],
      });
      ids.push(account.id);
      if (options.refreshToken) {
        await options.secrets.setCredential(account.id, {
          kind: 'refresh_token',
          token: options.refreshToken(i),
          expiresAt: null,
        });
      }
      if (options.cached !== 'none') {
        const token: CachedAccessToken = {
          accessToken: `bench_at_${randomBytes(24).toString('base64url')}`,
          tokenType: 'Bearer',
          scope: 'identify email',
          expiresAt: new Date(Date.now() + (options.cached === 'valid' ? 3_600_000 : -1000)),
        };
        await cache.set({ accountId: account.id, provider: options.provider }, token);
      }
    }
    return ids;
  } finally {
    db.$client.close();
  }
}

/**
 * Real refresh tokens from the Discord emulator: the authorization (auto-approved) and the code
 * exchange done by hand, `parallel` at a time, so seeding does not wait on the emulator's latency.
 */
export async function discordRefreshTokens(
  discord: DiscordEmulator,
  count: number,
  parallel = 50,
): Promise<string[]> {
  const tokens: string[] = new Array<string>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      tokens[index] = await oneDiscordGrant(discord);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return tokens;
}

async function oneDiscordGrant(discord: DiscordEmulator): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const redirectUri = 'http://127.0.0.1:9/callback';
  const authorize = new URL(`${discord.url}/oauth2/authorize`);
  for (const [key, value] of Object.entries({
    client_id: discord.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'identify email',
    state: randomBytes(16).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  })) {
    authorize.searchParams.set(key, value);
  }
  const approved = await fetch(authorize, { redirect: 'manual' });
  await approved.arrayBuffer();
  const code = new URL(approved.headers.get('location') ?? '').searchParams.get('code');
  if (!code) throw new Error('the emulator gave no authorization code');
  const response = await fetch(`${discord.url}/api/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      client_id: discord.clientId,
      client_secret: discord.clientSecret ?? '',
    }),
  });
  const body = (await response.json()) as { refresh_token?: string };
  if (!body.refresh_token)
    throw new Error(`the emulator answered HTTP ${response.status} without a refresh token`);
  return body.refresh_token;
}

/**
 * The baseline of the refresh scenarios: one refresh with oauth4webapi alone (global fetch, no
 * core), against the same emulator. Returns the rotated refresh token.
 */
export async function bareDiscordRefresh(discord: DiscordEmulator, refreshToken: string): Promise<string> {
  const as: oauth.AuthorizationServer = {
    issuer: discord.url,
    token_endpoint: `${discord.url}/api/oauth2/token`,
  };
  const client: oauth.Client = { client_id: discord.clientId };
  const response = await oauth.refreshTokenGrantRequest(
    as,
    client,
    oauth.ClientSecretPost(discord.clientSecret ?? ''),
    refreshToken,
    { [oauth.allowInsecureRequests]: true },
  );
  const result = await oauth.processRefreshTokenResponse(as, client, response);
  return result.refresh_token ?? refreshToken;
}

export const silent = { debug() {}, info() {}, warn() {}, error() {} };
