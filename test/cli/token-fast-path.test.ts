// The lean client path: `signet token` through the agent loads what talking to the socket needs
// and nothing of the full command line, the core or its libraries. docs/ARCHITECTURE.md §6.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type RunningAgent } from '../../src/main/core/agent/agent-server.js';
import { silentLogger } from '../../src/main/core/logging/logger.js';
import { tokenRequest } from '../../src/main/cli/token-fast-path.js';
import { repoRoot } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const target = {
  listAccountSummaries: () => [{ id: 'a1', provider: 'github', login: 'octocat', email: null }],
  getAccessToken: () =>
    Promise.resolve({ accessToken: 'gho_fast', tokenType: 'bearer', scope: null, expiresAt: null }),
  storageVersion: () => 1,
  on: () => () => undefined,
  refreshAll: () => Promise.resolve({ refreshed: 0, failed: 0, skipped: 0 }),
  setOnline: () => undefined,
};

describe('signet token through the agent', () => {
  const temp = makeTempDir();
  let agent: RunningAgent;
  beforeAll(async () => {
    agent = await startAgent({
      service: target,
      dataDir: temp.dir,
      logger: silentLogger,
      refreshAhead: false,
    });
  });
  afterAll(async () => {
    await agent.close();
    temp.cleanup();
  });

  it('prints the token having loaded no protocol, HTTP, validation, Redis or SQLite library, nor the full CLI', async () => {
    const record = path.join(temp.dir, 'imports.txt');
    const { stdout } = await new Promise<{ stdout: string }>((resolve, reject) =>
      execFile(
        process.execPath,
        [
          '--import',
          path.join(repoRoot, 'test', 'helpers', 'record-imports.mjs'),
          'bin/signet.js',
          'token',
          'github',
        ],
        { cwd: repoRoot, env: { ...process.env, SIGNET_HOME: temp.dir, SIGNET_RECORD_IMPORTS: record } },
        (error, out) => (error ? reject(error) : resolve({ stdout: out })),
      ),
    );
    expect(stdout).toBe('gho_fast\n');
    const loaded = readFileSync(record, 'utf8').split('\n');
    expect(loaded).toContain('node:net');
    for (const heavy of [
      'oauth4webapi',
      'undici',
      'zod',
      'ioredis',
      'better-sqlite3',
      'keytar',
      'drizzle-orm',
    ]) {
      expect(loaded.filter((specifier) => specifier.startsWith(heavy))).toEqual([]);
    }
    expect(loaded.filter((specifier) => /main-|main\.(ts|js)$/.test(specifier))).toEqual([]);
  });

  it('takes only the plain token form, leaving the rest (and every usage error) to the full command line', () => {
    expect(tokenRequest(['token', 'github'])).toEqual({ account: 'github', minValiditySeconds: 60 });
    expect(tokenRequest(['token', 'github', '--min-validity', '600'])).toEqual({
      account: 'github',
      minValiditySeconds: 600,
    });
    expect(tokenRequest(['token', 'github', '--min-validity=0'])).toEqual({
      account: 'github',
      minValiditySeconds: 0,
    });
    for (const argv of [
      ['accounts'],
      ['token'],
      ['token', 'a', 'b'],
      ['token', 'github', '--min-validity', '1.5'],
      ['token', 'github', '--min-validity', '86401'],
      ['token', 'github', '--scope', 'repo'],
      ['token', 'github', '--help'],
      ['--help', 'token', 'github'],
    ]) {
      expect(tokenRequest(argv), argv.join(' ')).toBeUndefined();
    }
  });
});
