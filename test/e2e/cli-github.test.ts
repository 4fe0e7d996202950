import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubEmulator, tokenId, type GithubEmulator } from '../../emulators/index.js';
import { isolatedCliEnv, recordingSignet } from '../helpers/cli.js';
import { githubEnv } from '../helpers/test-core.js';
import { findSecrets, findSecretsInFiles } from '../helpers/secret-scan.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe('signet CLI against the GitHub emulator (GitHub App: expiring tokens, single-use refresh tokens)', () => {
  let github: GithubEmulator;
  let home: ReturnType<typeof makeTempDir>;
  let env: Record<string, string>;
  const recorder = recordingSignet(() => env);
  const { outputs, issued: issued } = recorder;
  const signet = (...args: string[]) => recorder.run(args);

  beforeAll(async () => {
    github = await startGithubEmulator({ mode: 'github-app', accessTokenTtlSeconds: 600 });
    home = makeTempDir();
    env = isolatedCliEnv(home.dir, githubEnv(github));
  });
  afterAll(async () => {
    await github.close();
    home.cleanup();
  });

  it('lists GitHub as configured with both methods', async () => {
    const result = await signet('providers', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toContainEqual({
      id: 'github',
      name: 'GitHub',
      configured: true,
      methods: ['browser', 'device'],
    });
  });

  it('signs in through the browser and prints the account', async () => {
    const result = await signet('login', 'github', '--json');
    expect(result.stderr).not.toMatch(/Error|at .*\(/);
    expect(result.code).toBe(0);
    const account = JSON.parse(result.stdout);
    expect(account).toMatchObject({ provider: 'github', login: 'octocat', status: 'active' });
    expect(account.accessTokenExpiresAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(Object.keys(account).sort()).toEqual(
      ['accessTokenExpiresAt', 'displayName', 'email', 'id', 'login', 'provider', 'status'].sort(),
    );
    expect(github.lastAuthorizationRequest?.get('code_challenge_method')).toBe('S256');
  });

  it('lists the account', async () => {
    const result = await signet('accounts', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      expect.objectContaining({ provider: 'github', login: 'octocat', status: 'active' }),
    ]);
  });

  it('hands out the cached token without a token request', async () => {
    github.resetStats();
    const result = await signet('token', 'github');
    expect(result.code).toBe(0);
    expect(github.isAccessTokenValid(issued.at(-1)!)).toBe(true);
    expect(github.stats.tokenRequests).toBe(0);
  });

  it('refreshes when the token is about to expire, honouring rotation (the new refresh token works next time)', async () => {
    github.resetStats();
    const before = issued.at(-1)!;
    const first = await signet('token', 'github:octocat', '--min-validity', '900');
    expect(first.code).toBe(0);
    expect(issued.at(-1)).not.toBe(before);
    expect(github.isAccessTokenValid(issued.at(-1)!)).toBe(true);
    const second = await signet('token', 'github', '--min-validity', '900');
    expect(second.code).toBe(0);
    expect(github.stats.refreshRequests).toBe(2);
  });

  it('refreshes on demand', async () => {
    const result = await signet('refresh', 'github');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Refreshed GitHub octocat/);
  });

  it('reports status', async () => {
    const result = await signet('status', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      dataDir: home.dir,
      keychain: { available: true, detail: 'Secret Service (libsecret)' },
      cache: 'sqlite',
      syncServer: { configured: false, connected: false },
    });
  });

  it('signs out, revoking at GitHub, and forgets the account', async () => {
    await signet('token', 'github');
    const last = issued.at(-1)!;
    const result = await signet('logout', 'github');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/revoked/);
    expect(github.stats.revoked).toContain(tokenId(last));
    expect(github.isAccessTokenValid(last)).toBe(false);
    expect(JSON.parse((await signet('accounts', '--json')).stdout)).toEqual([]);
    const token = await signet('token', 'github');
    expect(token.code).toBe(1);
    expect(token.stderr).toMatch(/No account matches/);
  });

  it('never printed or stored a secret outside `signet token`', () => {
    for (const output of outputs) {
      expect(findSecrets(output.stdout + output.stderr, issued)).toEqual([]);
    }
    expect(findSecretsInFiles(home.dir, issued)).toEqual([]);
  });
});
