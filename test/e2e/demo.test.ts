// `npm run demo -- --cli-only` end to end: the demo provider starts, and the commands it prints,
// run exactly as printed (plus a browser stand-in), sign in and out again.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeBrowser, repoRoot, type CliResult } from '../helpers/cli.js';
import { forgetKeychainService } from '../helpers/forget-keychain-service.js';
import { freePort } from '../helpers/redis-server.js';
import { findSecrets } from '../helpers/secret-scan.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/** Runs one printed command line in a shell, in the repository, as a person would paste it. */
function runPrinted(line: string, extraEnv: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      '/bin/sh',
      ['-c', line],
      { cwd: repoRoot, env: { ...process.env, ...extraEnv }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('npm run demo -- --cli-only', () => {
  let demo: ChildProcess;
  let home: ReturnType<typeof makeTempDir>;
  let output = '';
  let ports: { github: number; google: number };
  const keychainService = `signet-demo-e2e-${randomUUID()}`;
  /** The printed `npx signet …` commands by their arguments, comments stripped. */
  const printed = new Map<string, string>();

  beforeAll(async () => {
    home = makeTempDir('signet-demo-');
    ports = { github: await freePort(), google: await freePort() };
    demo = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(repoRoot, 'scripts', 'demo.ts'),
        '--cli-only',
        '--home',
        home.dir,
        '--github-port',
        String(ports.github),
        '--google-port',
        String(ports.google),
      ],
      { cwd: repoRoot, env: { ...process.env, SIGNET_KEYCHAIN_SERVICE: keychainService } },
    );
    demo.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    demo.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the demo did not start:\n${output}`)), 30_000);
      demo.stdout!.on('data', () => {
        if (!output.includes('Press Ctrl+C to stop it.')) return;
        clearTimeout(timer);
        resolve();
      });
      demo.once('exit', (code) => reject(new Error(`the demo exited with ${code}:\n${output}`)));
    });
    for (const line of output.split('\n')) {
      const match = /^\s+(.*npx signet (.*?))\s*(?:#.*)?$/.exec(line);
      if (match) printed.set(match[2]!.trim(), match[1]!.trim());
    }
  });

  afterAll(async () => {
    if (demo && demo.exitCode === null) {
      const exited = new Promise((resolve) => demo.once('exit', resolve));
      demo.kill('SIGINT');
      await exited;
    }
    await forgetKeychainService(keychainService);
    home?.cleanup();
  });

  it('runs the provider on the ports asked for and writes the demo data directory', () => {
    expect(output).toContain(`GitHub-style  http://127.0.0.1:${ports.github}`);
    expect(output).toContain(`Google-style  http://127.0.0.1:${ports.google}`);
    expect(output).not.toContain('Starting Signet');
    const config = JSON.parse(readFileSync(path.join(home.dir, 'config.json'), 'utf8'));
    expect(config.github.url).toBe(`http://127.0.0.1:${ports.github}`);
    expect(config.google.issuer).toBe(`http://127.0.0.1:${ports.google}`);
    expect(existsSync(path.join(home.dir, 'demo.env'))).toBe(true);
  });

  it('prints each command with its environment inline', () => {
    expect([...printed.keys()]).toEqual(
      expect.arrayContaining(['providers', 'login github', 'login google', 'accounts', 'logout github']),
    );
    for (const line of printed.values()) {
      expect(line).toMatch(
        new RegExp(
          `^SIGNET_HOME=${home.dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} SIGNET_KEYCHAIN_SERVICE=${keychainService} npx signet `,
        ),
      );
    }
  });

  it('signs in with GitHub and Google as the demo user, and out again, with the printed commands', async () => {
    const browser = { SIGNET_BROWSER: fakeBrowser };
    const github = await runPrinted(`${printed.get('login github')} --json`, browser);
    expect(github.stderr).not.toMatch(/Error|\n\s+at /);
    expect(github.code).toBe(0);
    expect(JSON.parse(github.stdout)).toMatchObject({ provider: 'github', login: 'dana', status: 'active' });

    const google = await runPrinted(`${printed.get('login google')} --json`, browser);
    expect(google.code).toBe(0);
    expect(JSON.parse(google.stdout)).toMatchObject({
      provider: 'google',
      email: 'dana@demo.signet.test',
      status: 'active',
    });

    const accounts = await runPrinted(`${printed.get('accounts')} --json`);
    expect(accounts.code).toBe(0);
    expect(
      JSON.parse(accounts.stdout)
        .map((a: { provider: string }) => a.provider)
        .sort(),
    ).toEqual(['github', 'google']);

    const token = await runPrinted(printed.get('token github')!);
    expect(token.code).toBe(0);
    expect(token.stdout.trim()).toMatch(/^ghu_/);

    for (const provider of ['github', 'google']) {
      const logout = await runPrinted(printed.get(`logout ${provider}`)!);
      expect(logout.code).toBe(0);
    }
    const after = await runPrinted(`${printed.get('accounts')} --json`);
    expect(JSON.parse(after.stdout)).toEqual([]);
    // The demo's own output never carried a token.
    expect(findSecrets(output, [token.stdout.trim()])).toEqual([]);
  });

  it('stops cleanly on Ctrl+C', async () => {
    const exited = new Promise<number | null>((resolve) => demo.once('exit', resolve));
    demo.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('Demo provider stopped.');
  });
});
