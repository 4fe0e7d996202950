import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubEmulator, tokenId, type GithubEmulator } from '../../emulators/index.js';
import { fakeBrowser, recordingSignet } from '../helpers/cli.js';
import { errorLines, stackLine } from '../helpers/cli-output.js';
import { findSecrets, findSecretsInFiles } from '../helpers/secret-scan.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe('signet CLI device flow against the GitHub emulator (RFC 8628: user code, polling, slow_down)', () => {
  let github: GithubEmulator;
  const homes: ReturnType<typeof makeTempDir>[] = [];

  /** A fresh data directory and keychain service; `withSecret: false` configures no client secret. */
  const newEnv = (withSecret: boolean): Record<string, string> => {
    const home = makeTempDir();
    homes.push(home);
    return {
      SIGNET_HOME: home.dir,
      SIGNET_KEYCHAIN_SERVICE: `signet-e2e-${randomUUID()}`,
      SIGNET_GITHUB_CLIENT_ID: github.clientId,
      SIGNET_GITHUB_CLIENT_SECRET: withSecret ? github.clientSecret! : '',
      SIGNET_GITHUB_URL: github.url,
      SIGNET_GITHUB_API_URL: github.apiUrl,
      SIGNET_BROWSER: fakeBrowser,
    };
  };
  const recorder = recordingSignet(() => ({}));
  const { outputs, issued: issued } = recorder;
  const signet = (env: Record<string, string>, ...args: string[]) => recorder.run(args, env);
  const timed = async (env: Record<string, string>, ...args: string[]) => {
    const started = Date.now();
    const result = await signet(env, ...args);
    return { ...result, ms: Date.now() - started };
  };

  beforeAll(async () => {
    // OAuth-app tokens: the device flow's access token is the long-lived credential.
    github = await startGithubEmulator({ deviceInterval: 1, autoApproveDeviceAfterPolls: 2 });
  });
  afterAll(async () => {
    await github.close();
    for (const home of homes) home.cleanup();
  });

  describe('with a client secret configured', () => {
    let env: Record<string, string>;
    beforeAll(() => {
      env = newEnv(true);
    });

    it('signs in with a code: shows the code and the address, polls until approved, prints the account', async () => {
      github.resetStats();
      const result = await timed(env, 'login', 'github', '--device', '--json');
      expect(result.code).toBe(0);
      expect(result.stderr).not.toMatch(/Error|at .*\(/);
      const userCode = github.lastUserCode!;
      expect(userCode).toMatch(/^[A-Z]{4}-\d{4}$/);
      expect(result.stderr).toContain(`First copy your one-time code: ${userCode}`);
      expect(result.stderr).toContain(`Then open ${github.url}/login/device and enter it.`);
      expect(JSON.parse(result.stdout)).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        provider: 'github',
        login: 'octocat',
        displayName: 'The Octocat',
        email: 'octocat@github.test',
        status: 'active',
        accessTokenExpiresAt: null,
      });
      // Two polls answered authorization_pending, the third got the token, none too early.
      expect(github.stats.deviceCodeRequests).toBe(1);
      expect(github.stats.devicePolls).toBe(3);
      expect(github.stats.authorizeRequests).toBe(0);
      expect(github.lastTokenRequest).toMatchObject({
        grantType: 'urn:ietf:params:oauth:grant-type:device_code',
      });
      expect(result.ms).toBeGreaterThanOrEqual(3_000);
    });

    it('hands out the token it got', async () => {
      const result = await signet(env, 'token', 'github');
      expect(result.code).toBe(0);
      expect(issued.at(-1)).toMatch(/^gho_/);
      expect(github.isAccessTokenValid(issued.at(-1)!)).toBe(true);
    });

    it('signs out, revoking the token at GitHub', async () => {
      const result = await signet(env, 'logout', 'github');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/revoked/);
      expect(github.stats.revoked).toContain(tokenId(issued.at(-1)!));
      expect(github.isAccessTokenValid(issued.at(-1)!)).toBe(false);
    });

    it('honours slow_down by polling less often from then on', async () => {
      github.resetStats();
      // GitHub answers slow_down with HTTP 200 and the new interval in the body.
      github.pushFault('token', {
        kind: 'status',
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          error: 'slow_down',
          error_description: 'Too many requests have been made in the same timeframe.',
          interval: 2,
        }),
      });
      const result = await timed(newEnv(true), 'login', 'github', '--device', '--json');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ provider: 'github', login: 'octocat' });
      // 1 s, slow_down; then every 2 s: pending, pending, approved.
      expect(github.stats.devicePolls).toBe(4);
      expect(result.ms).toBeGreaterThanOrEqual(1_000 + 3 * 2_000);
    });
  });

  describe('with no client secret configured', () => {
    let env: Record<string, string>;
    beforeAll(() => {
      env = newEnv(false);
    });

    it('offers only the device flow', async () => {
      const result = await signet(env, 'providers', '--json');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toContainEqual({
        id: 'github',
        name: 'GitHub',
        configured: true,
        methods: ['device'],
      });
    });

    it('refuses browser sign-in with one clear line, before opening anything', async () => {
      github.resetStats();
      const result = await signet(env, 'login', 'github');
      expect([2, 5]).toContain(result.code);
      expect(result.stdout).toBe('');
      expect(result.stderr).not.toMatch(stackLine);
      expect
        .soft(errorLines(result.stderr))
        .toEqual([expect.stringMatching(/^signet: GitHub needs its client secret .*device flow/)]);
      expect(github.stats.authorizeRequests).toBe(0);
      expect(github.stats.tokenRequests).toBe(0);
    });

    it('signs in with a code without the secret', async () => {
      github.resetStats();
      const result = await signet(env, 'login', 'github', '--device', '--json');
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(`First copy your one-time code: ${github.lastUserCode!}`);
      expect(JSON.parse(result.stdout)).toMatchObject({
        provider: 'github',
        login: 'octocat',
        status: 'active',
      });
      expect(github.stats.devicePolls).toBe(3);
      expect(github.lastTokenRequest?.paramNames).not.toContain('client_secret');

      const token = await signet(env, 'token', 'github');
      expect(token.code).toBe(0);
      expect(github.isAccessTokenValid(issued.at(-1)!)).toBe(true);
    });

    it('signs out locally, saying the provider was not asked to revoke', async () => {
      github.resetStats();
      const result = await signet(env, 'logout', 'github');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/not asked to revoke/);
      expect(github.stats.revokeRequests).toBe(0);
      expect(JSON.parse((await signet(env, 'accounts', '--json')).stdout)).toEqual([]);
    });
  });

  it('never printed or stored a secret outside `signet token`', () => {
    for (const output of outputs) {
      expect(findSecrets(output.stdout + output.stderr, issued)).toEqual([]);
    }
    for (const home of homes) expect(findSecretsInFiles(home.dir, issued)).toEqual([]);
  });
});
