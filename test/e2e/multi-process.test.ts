import { execFile, spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubEmulator, tokenId, type GithubEmulator } from '../../emulators/index.js';
import { isolatedCliEnv, repoRoot, runSignet } from '../helpers/cli.js';
import { startRedis, stopAndClean, type RedisProcess } from '../helpers/redis-server.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { githubEnv } from '../helpers/test-core.js';

interface WorkerResult {
  ok: boolean;
  token?: string;
  code?: string;
}

function worker(env: Record<string, string>, minValidity: number, startAt: number): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(repoRoot, 'test/helpers/token-worker.ts'),
        'github',
        String(minValidity),
        String(startAt),
      ],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout) as WorkerResult)),
    );
  });
}

describe('several Signet processes at once', () => {
  let github: GithubEmulator;
  let redis: RedisProcess;
  const homes: ReturnType<typeof makeTempDir>[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    // Signed in with a token that is about to expire; the refreshed ones last an hour.
    github = await startGithubEmulator({ mode: 'github-app', accessTokenTtlSeconds: 120, latencyMs: 400 });
    redis = await startRedis();
    const home = makeTempDir();
    homes.push(home);
    env = isolatedCliEnv(home.dir, githubEnv(github));
    const login = await runSignet(['login', 'github', '--json'], env);
    expect(login.code).toBe(0);
    github.setAccessTokenTtl(3600);
  });
  afterAll(async () => {
    await github.close();
    await stopAndClean(redis);
    for (const home of homes) home.cleanup();
  });

  it('two processes on one data directory cause exactly one token request and get the same token', async () => {
    github.resetStats();
    const startAt = Date.now() + 2500;
    const [a, b] = await Promise.all([worker(env, 600, startAt), worker(env, 600, startAt)]);
    expect(a).toMatchObject({ ok: true });
    expect(b).toMatchObject({ ok: true });
    expect(a.token).toBe(b.token);
    expect(github.stats.refreshRequests).toBe(1);
  });

  it('two processes with separate data directories on one Redis cause exactly one token request', async () => {
    const other = makeTempDir();
    homes.push(other);
    // Another install that knows the same account (same id, same keychain entry), sharing Redis.
    const db = path.join(env.SIGNET_HOME!, 'signet.db');
    await new Promise((resolve) => setTimeout(resolve, 100));
    copyFileSync(db, path.join(other.dir, 'signet.db'));
    const shared = { SIGNET_REDIS_URL: redis.url };
    // Make the cached token one that is about to expire, then let refreshes issue long ones.
    github.setAccessTokenTtl(120);
    expect((await runSignet(['refresh', 'github'], { ...env, ...shared })).code).toBe(0);
    github.setAccessTokenTtl(3600);
    github.resetStats();
    const startAt = Date.now() + 2500;
    const [a, b] = await Promise.all([
      worker({ ...env, ...shared }, 600, startAt),
      worker({ ...env, ...shared, SIGNET_HOME: other.dir }, 600, startAt),
    ]);
    expect(a).toMatchObject({ ok: true });
    expect(b).toMatchObject({ ok: true });
    expect(a.token).toBe(b.token);
    expect(github.stats.refreshRequests).toBe(1);
  });

  it('a process killed while its refresh was in flight leaves the account usable or clearly needs-reauth, never stuck', async () => {
    github.resetStats();
    github.pushFault('token', { kind: 'delay', ms: 3000 });
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'test/helpers/token-worker.ts'), 'github', '7200', '0'],
      { env: { ...process.env, ...env }, stdio: 'ignore' },
    );
    const deadline = Date.now() + 15_000;
    while (github.stats.refreshRequests === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 25));
    expect(github.stats.refreshRequests).toBe(1);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    // The provider rotated the refresh token but the killed process never saw the answer.
    await new Promise((resolve) => setTimeout(resolve, 3200));
    const started = Date.now();
    const token = await runSignet(['token', 'github', '--min-validity', '7200'], env);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect([0, 3]).toContain(token.code);
    const accounts = JSON.parse((await runSignet(['accounts', '--json'], env)).stdout) as {
      status: string;
    }[];
    expect(accounts).toHaveLength(1);
    expect(token.code === 0 ? 'active' : 'needs-reauth').toBe(accounts[0]!.status);
    expect(accounts[0]!.status).not.toBe('refreshing');
    // And signing in again recovers it.
    expect((await runSignet(['login', 'github'], env)).code).toBe(0);
    const after = await runSignet(['token', 'github'], env);
    expect(after.code).toBe(0);
    expect(github.isAccessTokenValid(after.stdout.trim())).toBe(true);
    expect(tokenId(after.stdout.trim())).toHaveLength(16);
  });
});
