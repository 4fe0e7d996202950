import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubEmulator, tokenId, type GithubEmulator } from '../../emulators/index.js';
import { expectFailure, type CliResult } from '../helpers/cli.js';
import { useCliSession } from '../helpers/cli-session.js';
import { githubEnv } from '../helpers/test-core.js';

/** How long a run took, for the polling intervals. */
async function timed(run: Promise<CliResult>): Promise<CliResult & { ms: number }> {
  const started = Date.now();
  const result = await run;
  return { ...result, ms: Date.now() - started };
}

describe('signet CLI device flow against the GitHub emulator (RFC 8628: user code, polling, slow_down)', () => {
  let github: GithubEmulator;

  beforeAll(async () => {
    // OAuth-app tokens: the device flow's access token is the long-lived credential.
    github = await startGithubEmulator({ deviceInterval: 1, autoApproveDeviceAfterPolls: 2 });
  });
  afterAll(async () => {
    await github.close();
  });

  describe('with a client secret configured', () => {
    const session = useCliSession();
    const signet = session.run;
    beforeAll(() => {
      session.begin(githubEnv(github));
    });

    it('signs in with a code: shows the code and the address, polls until approved, prints the account', async () => {
      github.resetStats();
      const result = await timed(signet('login', 'github', '--device', '--json'));
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
        scopes: expect.any(Array),
        scopesRemoved: [],
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
      const result = await signet('token', 'github');
      expect(result.code).toBe(0);
      expect(session.lastToken()).toMatch(/^gho_/);
      expect(github.isAccessTokenValid(session.lastToken())).toBe(true);
    });

    it('signs out, revoking the token at GitHub', async () => {
      const result = await signet('logout', 'github');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/revoked/);
      expect(github.stats.revoked).toContain(tokenId(session.lastToken()));
      expect(github.isAccessTokenValid(session.lastToken())).toBe(false);
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
      const elsewhere = { SIGNET_HOME: session.newHome() };
      const result = await timed(session.runWith(elsewhere, 'login', 'github', '--device', '--json'));
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ provider: 'github', login: 'octocat' });
      // 1 s, slow_down; then every 2 s: pending, pending, approved.
      expect(github.stats.devicePolls).toBe(4);
      expect(result.ms).toBeGreaterThanOrEqual(1_000 + 3 * 2_000);
    });

    it('never printed or stored a secret outside `signet token`', () => {
      session.expectNoSecrets();
    });
  });

  describe('with no client secret configured', () => {
    const session = useCliSession();
    const signet = session.run;
    beforeAll(() => {
      session.begin({ ...githubEnv(github), SIGNET_GITHUB_CLIENT_SECRET: '' });
    });

    it('offers only the device flow', async () => {
      expect(await session.providers()).toContainEqual({
        id: 'github',
        name: 'GitHub',
        configured: true,
        methods: ['device'],
      });
    });

    it('refuses browser sign-in with one clear line, before opening anything', async () => {
      github.resetStats();
      const result = await signet('login', 'github');
      expect([2, 5]).toContain(result.code);
      expectFailure(result, result.code, /^signet: GitHub needs its client secret .*device flow/);
      expect(github.stats.authorizeRequests).toBe(0);
      expect(github.stats.tokenRequests).toBe(0);
    });

    it('signs in with a code without the secret', async () => {
      github.resetStats();
      const result = await signet('login', 'github', '--device', '--json');
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(`First copy your one-time code: ${github.lastUserCode!}`);
      expect(JSON.parse(result.stdout)).toMatchObject({
        provider: 'github',
        login: 'octocat',
        status: 'active',
      });
      expect(github.stats.devicePolls).toBe(3);
      expect(github.lastTokenRequest?.paramNames).not.toContain('client_secret');

      const token = await signet('token', 'github');
      expect(token.code).toBe(0);
      expect(github.isAccessTokenValid(session.lastToken())).toBe(true);
    });

    it('signs out locally, saying the provider was not asked to revoke', async () => {
      github.resetStats();
      const result = await signet('logout', 'github');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/not asked to revoke/);
      expect(github.stats.revokeRequests).toBe(0);
      expect(JSON.parse((await signet('accounts', '--json')).stdout)).toEqual([]);
    });

    it('never printed or stored a secret outside `signet token`', () => {
      session.expectNoSecrets();
    });
  });
});
