// The direct path of `signet token` with no agent running, against the Google emulator: a cache
// hit is read straight from signet.db and printed exactly as the full path prints it, having
// loaded better-sqlite3 and keytar and none of the protocol, HTTP, validation, ORM or Redis
// libraries; everything a cache hit does not cover goes to the full path, which answers as it
// always did. docs/ARCHITECTURE.md §6 (the lean paths).

import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startGoogleEmulator } from '../../emulators/index.js';
import { expectFailure, repoRoot } from '../helpers/cli.js';
import { useCliSessionAgainst } from '../helpers/cli-session.js';
import { googleEnv } from '../helpers/test-core.js';

const heavy = ['oauth4webapi', 'undici', 'zod', 'ioredis', 'drizzle-orm'];

describe('signet token with no agent: the direct path', () => {
  const session = useCliSessionAgainst(() => startGoogleEmulator({ accessTokenTtlSeconds: 3600 }), googleEnv);
  const signet = session.run;
  const record = () => path.join(session.home, 'imports.txt');
  const recording = () => ({
    NODE_OPTIONS: `--import ${path.join(repoRoot, 'test', 'helpers', 'record-imports.mjs')}`,
    SIGNET_RECORD_IMPORTS: record(),
  });
  const loaded = () => {
    const specifiers = readFileSync(record(), 'utf8').split('\n');
    rmSync(record());
    return specifiers;
  };
  afterAll(() => session.expectNoSecrets());

  it('prints a cache hit as the full path does, loading only better-sqlite3 and keytar', async () => {
    await session.login('google');
    session.server.resetStats();
    const direct = await session.runWith({ ...recording(), SIGNET_LOG_LEVEL: 'debug' }, 'token', 'google');
    expect(direct.code).toBe(0);
    expect(direct.stderr).not.toMatch(/direct path/);
    const specifiers = loaded();
    expect(specifiers).toContain('better-sqlite3');
    expect(specifiers).toContain('keytar');
    for (const library of heavy) {
      expect(
        specifiers.filter((specifier) => specifier.startsWith(library)),
        library,
      ).toEqual([]);
    }
    expect(specifiers.filter((specifier) => /main-|main\.(ts|js)$/.test(specifier))).toEqual([]);
    // `--scope` always takes the full path: the same token, line and exit code.
    const full = await session.runWith(recording(), 'token', 'google', '--scope', 'openid');
    expect(full).toEqual(direct.code === 0 ? { code: 0, stdout: direct.stdout, stderr: '' } : direct);
    expect(loaded().filter((specifier) => /main-/.test(specifier))).not.toEqual([]);
    expect(session.server.stats.refreshRequests).toBe(0);
    // Selectors are the full path's: by provider:login or email, and by id.
    const [account] = JSON.parse((await signet('accounts', '--json')).stdout) as {
      id: string;
      email: string;
    }[];
    expect(await signet('token', `google:${account!.email.toUpperCase()}`)).toEqual(full);
    expect(await signet('token', account!.id)).toEqual(full);
  });

  it('leaves a token expiring within --min-validity to the full path, which refreshes it', async () => {
    const before = session.lastToken();
    const result = await session.runWith(
      { SIGNET_LOG_LEVEL: 'debug' },
      'token',
      'google',
      '--min-validity',
      '3600',
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('signet: direct path: expiring\n');
    expect(session.server.stats.refreshRequests).toBe(1);
    expect(session.lastToken()).not.toBe(before);
    // The refreshed token is the next cache hit.
    expect((await signet('token', 'google')).stdout).toBe(`${session.lastToken()}\n`);
    expect(session.server.stats.refreshRequests).toBe(1);
  });

  it('words an unknown or ambiguous account, and a usage error, exactly as the full path', async () => {
    const unknown = await session.runWith(
      { SIGNET_LOG_LEVEL: 'debug' },
      'token',
      'google:nobody@example.com',
    );
    expect(unknown.stderr).toContain('signet: direct path: no-account\n');
    expectFailure(
      await signet('token', 'google:nobody@example.com'),
      1,
      'signet: No account matches "google:nobody@example.com". List them with: signet accounts',
    );
    const usage = await signet('token', 'google', '--min-validity', 'soon');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--min-validity takes whole seconds/);
  });

  it('takes the full path when a sync server is configured or credentials are session only', async () => {
    const syncServer = await session.runWith(
      { SIGNET_LOG_LEVEL: 'debug', SIGNET_REDIS_URL: 'redis://127.0.0.1:9/0' },
      'token',
      'google',
    );
    expect(syncServer.stderr).toContain('signet: direct path: sync-server\n');
    expect(syncServer.stdout).toBe(`${session.lastToken()}\n`);
    const sessionOnly = await session.runWith(
      { SIGNET_LOG_LEVEL: 'debug', SIGNET_SECRET_STORE: 'memory' },
      'token',
      'google',
    );
    expect(sessionOnly.stderr).toContain('signet: direct path: session-only\n');
  });
});
