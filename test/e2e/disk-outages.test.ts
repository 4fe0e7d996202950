import { chmodSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubEmulator, type GithubEmulator } from '../../emulators/index.js';
import { isolatedCliEnv, runSignet, runSignetUnder } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { githubEnv } from '../helpers/test-core.js';

/**
 * The data directory on a full disk (the process may not grow any file: `prlimit --fsize`) and
 * read-only (its modes say so, and the CLI runs without the capability to ignore them). Either
 * way: one clear line, a typed exit code, and nothing lost once the condition goes.
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
    const restore = makeReadOnly(home.dir);
    const readOnly = await runSignetUnder(withoutDacOverride(), ['accounts', '--json'], env).finally(restore);
    expect(readOnly.code).toBe(1);
    expect(readOnly.stderr).toMatch(/^signet: .*(database|data directory)/);
    expect(readOnly.stderr.trim().split('\n')).toHaveLength(1);
    expect((await runSignet(['accounts', '--json'], env)).code).toBe(0);
  });
});

/**
 * Makes a directory and everything in it read-only (folders r-x, files r--) and returns what
 * puts the old modes back.
 */
function makeReadOnly(dir: string): () => void {
  const modes: [string, number][] = [];
  const walk = (folder: string) => {
    modes.push([folder, statSync(folder).mode & 0o7777]);
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.isFile()) modes.push([file, statSync(file).mode & 0o7777]);
    }
  };
  walk(dir);
  for (const [file, mode] of modes) chmodSync(file, statSync(file).isDirectory() ? 0o500 : mode & 0o444);
  return () => {
    for (const [file, mode] of modes) chmodSync(file, mode);
  };
}

/**
 * What makes file modes bind the CLI. Root ignores them through CAP_DAC_OVERRIDE, so as root the
 * CLI runs without it (from its bounding and inheritable sets, so node cannot regain it on exec).
 * It keeps CAP_DAC_READ_SEARCH, which grants reading and never writing: the checkout may then live
 * anywhere, even inside a folder only its owner may enter, where a run as `nobody` could not load
 * bin/signet.js. Anyone else is bound by the modes already.
 */
function withoutDacOverride(): string[] {
  if (process.getuid?.() !== 0) return [];
  return ['setpriv', '--inh-caps=-dac_override', '--bounding-set=-dac_override'];
}
