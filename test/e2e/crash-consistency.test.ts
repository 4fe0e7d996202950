import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubEmulator, type GithubEmulator } from '../../emulators/index.js';
import { isolatedCliEnv, runSignet } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { githubEnv } from '../helpers/test-core.js';

/**
 * SIGKILL at every step of sign-in, refresh with rotation and sign-out (the process kills itself
 * at the named crash point), restart, and check the invariants: no account half-created, no
 * rotated refresh token lost silently, no access token served after sign-out, no account stuck
 * in `refreshing`. The accounts either work or clearly need signing in again.
 */
describe('crash consistency: SIGKILL at every step', () => {
  let github: GithubEmulator;
  const homes: ReturnType<typeof makeTempDir>[] = [];
  beforeAll(async () => {
    github = await startGithubEmulator({ mode: 'github-app', accessTokenTtlSeconds: 600 });
  });
  afterAll(async () => {
    await github.close();
    for (const home of homes) home.cleanup();
  });

  function freshEnv() {
    const home = makeTempDir();
    homes.push(home);
    return isolatedCliEnv(home.dir, githubEnv(github));
  }
  const accounts = async (env: Record<string, string>) =>
    JSON.parse((await runSignet(['accounts', '--json'], env)).stdout) as { id: string; status: string }[];
  const crashed = (code: number) => expect(code).not.toBe(0);

  it.each(['sign-in:after-exchange', 'sign-in:after-keychain'])(
    '%s: no account is half-created',
    async (point) => {
      const env = freshEnv();
      crashed((await runSignet(['login', 'github'], { ...env, SIGNET_TEST_CRASH_AT: point })).code);
      expect(await accounts(env)).toEqual([]);
      expect((await runSignet(['login', 'github'], env)).code).toBe(0);
      expect(await accounts(env)).toHaveLength(1);
      expect((await runSignet(['token', 'github'], env)).code).toBe(0);
    },
  );

  it('sign-in:after-database: the account is complete and serves a token', async () => {
    const env = freshEnv();
    crashed(
      (await runSignet(['login', 'github'], { ...env, SIGNET_TEST_CRASH_AT: 'sign-in:after-database' })).code,
    );
    const [account] = await accounts(env);
    expect(account?.status).toBe('active');
    const token = await runSignet(['token', 'github'], env);
    expect(token.code).toBe(0);
    expect(github.isAccessTokenValid(token.stdout.trim())).toBe(true);
  });

  it.each(['refresh:after-response', 'refresh:after-keychain', 'refresh:after-cache'])(
    '%s: the account works or clearly needs signing in again, never stuck',
    async (point) => {
      const env = freshEnv();
      expect((await runSignet(['login', 'github'], env)).code).toBe(0);
      crashed((await runSignet(['refresh', 'github'], { ...env, SIGNET_TEST_CRASH_AT: point })).code);
      const token = await runSignet(['token', 'github', '--min-validity', '60'], env);
      const [account] = await accounts(env);
      expect(account?.status).not.toBe('refreshing');
      if (point === 'refresh:after-response') {
        // The provider rotated the refresh token and the process died before keeping it.
        expect([0, 3]).toContain(token.code);
      } else {
        expect(token.code).toBe(0);
        expect(github.isAccessTokenValid(token.stdout.trim())).toBe(true);
        // The rotated refresh token was kept: another refresh works.
        expect((await runSignet(['refresh', 'github'], env)).code).toBe(0);
      }
      if (token.code === 3) expect(account?.status).toBe('needs-reauth');
    },
  );

  it.each(['sign-out:after-local-forget', 'sign-out:after-revoke'])(
    '%s: no access token is served after the sign-out began',
    async (point) => {
      const env = freshEnv();
      expect((await runSignet(['login', 'github'], env)).code).toBe(0);
      const before = (await runSignet(['token', 'github'], env)).stdout.trim();
      crashed((await runSignet(['logout', 'github'], { ...env, SIGNET_TEST_CRASH_AT: point })).code);
      const token = await runSignet(['token', 'github'], env);
      expect(token.code).not.toBe(0);
      expect(token.stdout).toBe('');
      expect(token.stdout).not.toContain(before);
      // Finishing the sign-out works, and forgets the account.
      expect((await runSignet(['logout', 'github'], env)).code).toBe(0);
      expect(await accounts(env)).toEqual([]);
    },
  );
});
