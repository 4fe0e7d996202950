import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeytarSecretStore } from '../../src/main/core/secrets/keytar-secret-store.js';
import { startDiscordEmulator, type DiscordEmulator } from '../../emulators/index.js';
import { isolatedCliEnv, recordingSignet, runSignet } from '../helpers/cli.js';
import { discordEnv } from '../helpers/test-core.js';
import { errorLines, stackLine } from '../helpers/cli-output.js';
import { findSecrets, findSecretsInFiles } from '../helpers/secret-scan.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/** A plain HTTP relay to `target`: Signet sees its URL as Discord's, while Discord names itself. */
async function startRelay(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const forward = request(
      new URL(req.url ?? '/', upstream),
      { method: req.method, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('signet CLI against the Discord emulator (iss, refresh tokens that rotate on every use, rate limits)', () => {
  let discord: DiscordEmulator;
  let home: ReturnType<typeof makeTempDir>;
  let env: Record<string, string>;
  let keychain: KeytarSecretStore;
  let accountId: string;
  /** Every token seen: printed by `signet token`, or read back from the keychain. */
  const recorder = recordingSignet(() => env);
  const { outputs, issued: secrets } = recorder;
  const signet = (...args: string[]) => recorder.run(args);
  /** The refresh token Signet keeps for the account, straight from the keychain. */
  const storedRefreshToken = async (): Promise<string> => {
    const credential = await keychain.getCredential(accountId);
    expect(credential?.kind).toBe('refresh_token');
    secrets.push(credential!.token);
    return credential!.token;
  };

  beforeAll(async () => {
    discord = await startDiscordEmulator();
    home = makeTempDir();
    env = isolatedCliEnv(home.dir, discordEnv(discord));
    keychain = new KeytarSecretStore({ service: env['SIGNET_KEYCHAIN_SERVICE']! });
  });
  afterAll(async () => {
    await discord.close();
    home.cleanup();
  });

  it('lists Discord as configured for browser sign-in', async () => {
    const result = await signet('providers', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toContainEqual({
      id: 'discord',
      name: 'Discord',
      configured: true,
      methods: ['browser'],
    });
  });

  it('signs in through the browser and prints the account', async () => {
    const result = await signet('login', 'discord', '--json');
    expect(result.stderr).not.toMatch(/Error|at .*\(/);
    expect(result.code).toBe(0);
    const account = JSON.parse(result.stdout);
    expect(account).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      provider: 'discord',
      login: 'nelly',
      displayName: 'Nelly',
      email: 'nelly@discord.test',
      status: 'active',
      accessTokenExpiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    accountId = account.id;
    const request = discord.lastAuthorizationRequest!;
    expect(request.get('code_challenge_method')).toBe('S256');
    expect(request.get('scope')).toBe('identify email');
    expect(request.get('prompt')).toBe('consent');
    expect(discord.lastTokenRequest).toMatchObject({ grantType: 'authorization_code', bodyType: 'form' });
    expect(discord.isRefreshTokenValid(await storedRefreshToken())).toBe(true);
  });

  it('refuses an authorization response whose iss is not the configured Discord', async () => {
    const relay = await startRelay(discord.url);
    const other = makeTempDir();
    try {
      discord.resetStats();
      const result = await runSignet(['login', 'discord', '--json'], {
        ...env,
        SIGNET_HOME: other.dir,
        SIGNET_DISCORD_URL: relay.url,
      });
      outputs.push(result);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).not.toMatch(stackLine);
      expect
        .soft(errorLines(result.stderr))
        .toEqual(['signet: The sign-in response did not come from Discord (issuer mismatch).']);
      expect(discord.stats.authorizeRequests).toBe(1);
      expect(discord.stats.codeExchanges).toBe(0);
      const accounts = await runSignet(['accounts', '--json'], { ...env, SIGNET_HOME: other.dir });
      expect(JSON.parse(accounts.stdout)).toEqual([]);
    } finally {
      await relay.close();
      other.cleanup();
    }
  });

  it('hands out the cached token without a token request', async () => {
    discord.resetStats();
    const result = await signet('token', 'discord');
    expect(result.code).toBe(0);
    expect(secrets.at(-1)).toMatch(/^dsc_at_/);
    expect(discord.isAccessTokenValid(secrets.at(-1)!)).toBe(true);
    expect(discord.stats.tokenRequests).toBe(0);
  });

  it('refreshes twice, storing each rotated refresh token before the old one dies', async () => {
    discord.resetStats();
    const first = await storedRefreshToken();
    expect((await signet('refresh', 'discord')).code).toBe(0);
    const second = await storedRefreshToken();
    expect(second).not.toBe(first);
    expect(discord.isRefreshTokenValid(first)).toBe(false);
    expect(discord.isRefreshTokenValid(second)).toBe(true);

    const again = await signet('refresh', 'discord:nelly');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Refreshed Discord nelly <nelly@discord\.test> \(.+\): expires in /);
    const third = await storedRefreshToken();
    expect(discord.isRefreshTokenValid(second)).toBe(false);
    expect(discord.isRefreshTokenValid(third)).toBe(true);
    expect(discord.stats.refreshRequests).toBe(2);
  });

  it('answers a 429 with Retry-After by exiting 4 with one line, losing nothing', async () => {
    const kept = await storedRefreshToken();
    discord.resetStats();
    discord.pushFault('token', {
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '2' },
      body: JSON.stringify({ message: 'You are being rate limited.', retry_after: 2, global: false }),
    });
    const result = await signet('refresh', 'discord');
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(stackLine);
    expect
      .soft(errorLines(result.stderr))
      .toEqual([expect.stringMatching(/^signet: Discord is rate limiting/)]);
    expect(discord.stats.refreshRequests).toBe(1);

    // The refresh token survived, and the account still works.
    expect(await storedRefreshToken()).toBe(kept);
    expect(discord.isRefreshTokenValid(kept)).toBe(true);
    expect((await signet('token', 'discord')).code).toBe(0);
    expect(discord.isAccessTokenValid(secrets.at(-1)!)).toBe(true);
    expect((await signet('refresh', 'discord')).code).toBe(0);
    expect(JSON.parse((await signet('accounts', '--json')).stdout)).toEqual([
      expect.objectContaining({ id: accountId, status: 'active' }),
    ]);
  });

  it('serves the cached token when a needed refresh is rate limited but the token is still valid', async () => {
    discord.setAccessTokenTtl(600);
    expect((await signet('refresh', 'discord')).code).toBe(0);
    expect((await signet('token', 'discord')).code).toBe(0);
    const cached = secrets.at(-1)!;
    discord.resetStats();
    discord.pushFault('token', { kind: 'status', status: 429, headers: { 'retry-after': '2' } });
    const result = await signet('token', 'discord', '--min-validity', '900');
    expect(result.code).toBe(0);
    expect(secrets.at(-1)).toBe(cached);
    expect(discord.stats.refreshRequests).toBe(1);
    discord.setAccessTokenTtl(604800);
  });

  it('signs out, revoking at Discord, and forgets the account and its keychain entry', async () => {
    await signet('token', 'discord');
    const last = secrets.at(-1)!;
    const refreshToken = await storedRefreshToken();
    discord.resetStats();
    const result = await signet('logout', 'discord');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/revoked/);
    expect(discord.stats.revoked).toHaveLength(1);
    expect(discord.isRefreshTokenValid(refreshToken)).toBe(false);
    expect(discord.isAccessTokenValid(last)).toBe(false);
    expect(await keychain.getCredential(accountId)).toBeNull();
    expect(JSON.parse((await signet('accounts', '--json')).stdout)).toEqual([]);
  });

  it('never printed or stored a secret outside `signet token`', () => {
    for (const output of outputs) {
      expect(findSecrets(output.stdout + output.stderr, secrets)).toEqual([]);
    }
    expect(findSecretsInFiles(home.dir, secrets)).toEqual([]);
  });
});
