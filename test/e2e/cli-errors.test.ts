import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubEmulator, type GithubEmulator } from '../../emulators/index.js';
import { expectFailure, fakeBrowser, runSignet, type CliResult } from '../helpers/cli.js';
import { errorLines, stackLine } from '../helpers/cli-output.js';
import { findSecrets, findSecretsInFiles } from '../helpers/secret-scan.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/** A session bus address where nothing listens: no Secret Service, as on a bare Linux box. */
const noKeychain = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' };

describe('signet CLI failures: exit codes and one clear line on stderr', () => {
  let github: GithubEmulator;
  let home: ReturnType<typeof makeTempDir>;
  let env: Record<string, string>;
  const homes: ReturnType<typeof makeTempDir>[] = [];
  const failures: { args: string[]; result: CliResult }[] = [];
  const issued: string[] = [];

  /** Runs signet; failures are kept for the sweep at the end. */
  const signet = async (args: string[], overrides: Record<string, string> = {}) => {
    const started = Date.now();
    const result = await runSignet(args, { ...env, ...overrides });
    if (args[0] === 'token' && result.code === 0) issued.push(result.stdout.trim());
    if (result.code !== 0) failures.push({ args, result });
    return { ...result, ms: Date.now() - started };
  };
  const newHome = () => {
    const made = makeTempDir();
    homes.push(made);
    return made.dir;
  };

  beforeAll(async () => {
    github = await startGithubEmulator({ mode: 'github-app' });
    home = makeTempDir();
    homes.push(home);
    env = {
      SIGNET_HOME: home.dir,
      SIGNET_KEYCHAIN_SERVICE: `signet-e2e-${randomUUID()}`,
      SIGNET_GITHUB_CLIENT_ID: github.clientId,
      SIGNET_GITHUB_CLIENT_SECRET: github.clientSecret!,
      SIGNET_GITHUB_URL: github.url,
      SIGNET_GITHUB_API_URL: github.apiUrl,
      SIGNET_GOOGLE_CLIENT_ID: '',
      SIGNET_GOOGLE_CLIENT_SECRET: '',
      SIGNET_GOOGLE_ISSUER: '',
      SIGNET_DISCORD_CLIENT_ID: '',
      SIGNET_DISCORD_CLIENT_SECRET: '',
      SIGNET_BROWSER: fakeBrowser,
    };
  });
  afterAll(async () => {
    await github.close();
    for (const made of homes) made.cleanup();
  });

  describe('usage', () => {
    it.each([
      [['frobnicate'], /^signet: unknown command "frobnicate"/],
      [['login'], /^signet: login takes exactly one provider or account\.$/],
      [['token'], /^signet: token takes exactly one account\.$/],
      [['logout', 'github', 'discord'], /^signet: logout takes exactly one account\.$/],
      [['accounts', 'extra'], /^signet: accounts takes no arguments\.$/],
      [['refresh', 'github', '--all'], /^signet: refresh takes an account or --all, not both\.$/],
      [['token', 'github', '--min-validity', 'soon'], /^signet: --min-validity takes whole seconds/],
      [['token', 'github', '--min-validity=-5'], /^signet: --min-validity takes whole seconds/],
      [['token', 'github', '--min-validity', '86401'], /^signet: --min-validity takes whole seconds/],
      [['token', 'github', '--min-validity'], /^signet: .*min-validity/],
      [['accounts', '--bogus'], /^signet: .*--bogus/],
    ])('signet %j exits 2', async (args, line) => {
      expectFailure(await signet(args), 2, line);
    });
  });

  describe('configuration', () => {
    it('refuses a provider URL that is plain http off loopback, naming the key', async () => {
      const result = await signet(['providers'], { SIGNET_GITHUB_URL: 'http://example.com' });
      expectFailure(result, 5, /^signet: Configuration SIGNET_GITHUB_URL must use https/);
    });

    it('refuses a redirect port out of range, naming the key', async () => {
      const result = await signet(['accounts'], { SIGNET_GITHUB_REDIRECT_PORT: '80' });
      expectFailure(result, 5, /^signet: Configuration SIGNET_GITHUB_REDIRECT_PORT must be a port number/);
    });

    it('refuses a config.json that is not JSON', async () => {
      const dir = newHome();
      writeFileSync(path.join(dir, 'config.json'), '{ "github": { "clientId": ');
      const result = await signet(['accounts'], { SIGNET_HOME: dir });
      expectFailure(result, 5, /config\.json is not valid JSON: fix or delete it\.$/);
    });

    it('refuses a config.json with an unknown key, naming it', async () => {
      const dir = newHome();
      writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ github: { clientSecrett: 'x' } }));
      const result = await signet(['providers'], { SIGNET_HOME: dir });
      expectFailure(result, 5, /config\.json: "github" .*clientSecrett/);
    });

    it('says which variables to set for a provider that is not configured', async () => {
      const result = await signet(['login', 'google']);
      expectFailure(
        result,
        5,
        /^signet: Google is not configured: set SIGNET_GOOGLE_CLIENT_ID and SIGNET_GOOGLE_CLIENT_SECRET\.$/,
      );
    });

    it('names an unknown provider', async () => {
      const result = await signet(['login', 'myspace']);
      expect([1, 2]).toContain(result.code);
      expectFailure(result, result.code, /^signet: Unknown provider "myspace"\.$/);
    });
  });

  describe('keychain unavailable', () => {
    it('reports it in status, quickly', async () => {
      const result = await signet(['status', '--json'], noKeychain);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout).keychain).toEqual({ available: false, detail: expect.any(String) });
      expect(result.ms).toBeLessThan(5_000);
    });

    it('fails a sign-in with exit 6 and stores nothing anywhere else', async () => {
      const dir = newHome();
      const result = await signet(['login', 'github'], { ...noKeychain, SIGNET_HOME: dir });
      expectFailure(result, 6, /^signet: .*keychain/i);
      expect(result.ms).toBeLessThan(10_000);
      const accounts = await signet(['accounts', '--json'], { SIGNET_HOME: dir });
      expect(JSON.parse(accounts.stdout)).toEqual([]);
    });

    it('fails `token` with exit 6 within a few seconds', async () => {
      const login = await signet(['login', 'github', '--json']);
      expect(login.code).toBe(0);
      const result = await signet(['token', 'github'], noKeychain);
      expectFailure(result, 6, /^signet: .*keychain/i);
      expect(result.ms).toBeLessThan(5_000);
      // Nothing was lost: with the keychain back, the account works.
      expect((await signet(['token', 'github'])).code).toBe(0);
    });
  });

  describe('needs sign-in again', () => {
    let accountId: string;

    it('exits 3 when the provider no longer accepts the refresh token, and marks the account', async () => {
      accountId = JSON.parse((await signet(['accounts', '--json'])).stdout)[0].id;
      github.revokeAllRefreshTokens();
      // GitHub App tokens live 8 hours: asking for a day forces a refresh.
      const result = await signet(['token', 'github', '--min-validity', '86400']);
      expectFailure(result, 3, /^signet: .*[Ss]ign in again/);
      expect(JSON.parse((await signet(['accounts', '--json'])).stdout)).toEqual([
        expect.objectContaining({ id: accountId, status: 'needs-reauth', accessTokenExpiresAt: null }),
      ]);
    });

    it('keeps answering 3 without asking the provider, for token and refresh', async () => {
      github.resetStats();
      expectFailure(await signet(['token', 'github']), 3, /^signet: .*sign in again/);
      expectFailure(await signet(['refresh', 'github']), 3, /^signet: .*sign in again/);
      expect(github.stats.tokenRequests).toBe(0);
    });

    it('signing in again restores the same account, active, without a duplicate', async () => {
      const login = await signet(['login', 'github', '--json']);
      expect(login.code).toBe(0);
      expect(JSON.parse(login.stdout)).toMatchObject({ id: accountId, status: 'active' });
      expect(JSON.parse((await signet(['accounts', '--json'])).stdout)).toEqual([
        expect.objectContaining({ id: accountId, status: 'active' }),
      ]);
      expect((await signet(['token', 'github', '--min-validity', '86400'])).code).toBe(0);
      expect(github.isAccessTokenValid(issued.at(-1)!)).toBe(true);
    });
  });

  describe('network unavailable', () => {
    it('exits 4 when the provider cannot be reached, and keeps serving the cached token', async () => {
      await signet(['token', 'github']);
      const cached = issued.at(-1)!;
      await github.close();
      const result = await signet(['refresh', 'github']);
      expectFailure(result, 4, /^signet: Cannot reach /);
      expect(JSON.parse((await signet(['accounts', '--json'])).stdout)).toEqual([
        expect.objectContaining({ status: 'offline' }),
      ]);
      expect((await signet(['token', 'github'])).code).toBe(0);
      expect(issued.at(-1)).toBe(cached);
      // Offline, a token that has not expired yet beats none, even when more validity was asked for.
      expect((await signet(['token', 'github', '--min-validity', '86400'])).code).toBe(0);
      expect(issued.at(-1)).toBe(cached);
    });
  });

  it('every failure was one line on stderr, without a stack or a secret', () => {
    expect(failures.length).toBeGreaterThanOrEqual(20);
    const offenders = failures
      .filter(({ result }) => errorLines(result.stderr).length !== 1 || stackLine.test(result.stderr))
      .map(({ args, result }) => `signet ${args.join(' ')} → ${JSON.stringify(result.stderr.slice(0, 200))}`);
    expect.soft(offenders).toEqual([]);
    for (const { result } of failures) {
      expect(findSecrets(result.stdout + result.stderr, issued)).toEqual([]);
    }
    for (const made of homes) expect(findSecretsInFiles(made.dir, issued)).toEqual([]);
  });
});
