import { chmodSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubEmulator, type GithubEmulator } from '../../emulators/index.js';
import { isolatedCliEnv, runSignet, runSignetUnder } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { githubEnv } from '../helpers/test-core.js';

/**
 * The data directory on a full disk (the process may not grow any file: `prlimit --fsize`) and
 * read-only (the CLI run as another user who may not write it: `setpriv`). Either way: one clear
 * line, a typed exit code, and nothing lost once the condition goes.
 */
describe('the data directory full or read-only', () => {
  let github: GithubEmulator;
  let home: ReturnType<typeof makeTempDir>;
  let env: Record<string, string>;
  beforeAll(async () => {
    github = await startGithubEmulator({ mode: 'github-app', accessTokenTtlSeconds: 3600 });
    home = makeTempDir();
    env = isolatedCliEnv(home.dir, githubEnv(github));
    expect((await runSignet(['login', 'github'], env)).code).toBe(0);
  });
  afterAll(async () => {
    chmodSync(home.dir, 0o700);
    await github.close();
    home.cleanup();
  });

  it('a full disk: the refresh fails with one clear line, and the account works once there is room', async () => {
    // No file may grow past 1 KiB: the first WAL frame (a 4 KiB page) cannot be written.
    expect(statSync(path.join(home.dir, 'signet.db')).size).toBeGreaterThan(1024);
    const full = await runSignetUnder(['prlimit', '--fsize=1024'], ['refresh', 'github'], env);
    expect(full.code).not.toBe(0);
    expect(full.stderr.trim().split('\n')).toHaveLength(1);
    expect(full.stderr).toMatch(/^signet: /);
    expect(full.stderr).not.toMatch(/\n\s+at /);
    // Nothing lost: the rotated refresh token reached the keychain before the disk refused.
    const after = await runSignet(['token', 'github', '--min-validity', '7200'], env);
    expect(after.code).toBe(0);
    expect(github.isAccessTokenValid(after.stdout.trim())).toBe(true);
  });

  it('a read-only data directory: a clear storage error, not a crash', async () => {
    chmodSync(home.dir, 0o755);
    const readOnly = await runSignetUnder(
      ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'],
      ['accounts', '--json'],
      { ...env, HOME: '/tmp' },
    );
    chmodSync(home.dir, 0o700);
    expect(readOnly.code).toBe(1);
    expect(readOnly.stderr).toMatch(/^signet: .*(database|data directory)/);
    expect(readOnly.stderr.trim().split('\n')).toHaveLength(1);
    expect((await runSignet(['accounts', '--json'], env)).code).toBe(0);
  });
});
