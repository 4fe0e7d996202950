import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolatedCliEnv } from '../helpers/cli.js';
import { errorLines } from '../helpers/cli-output.js';
import { findSecrets } from '../helpers/secret-scan.js';
import { githubAppCliPerSuite } from '../helpers/github-app-cli-per-suite.js';
import { githubEnv } from '../helpers/test-core.js';

/** What the keychain holds under a service (the test runs inside the private keyring session). */
async function keychainEntries(service: string): Promise<string[]> {
  const module = (await import('keytar')) as typeof import('keytar') & { default?: typeof import('keytar') };
  const keytar = module.default ?? module;
  return (await keytar.findCredentials(service)).map((entry) => entry.account);
}

const writeToken = `require('node:fs').writeFileSync(process.argv[1], process.env.SIGNET_TOKEN ?? '')`;

describe('session-only mode (SIGNET_SECRET_STORE=memory): credentials for the life of the process only', () => {
  const suite = githubAppCliPerSuite((github, dir) => {
    const home = path.join(dir, 'data');
    const runtime = path.join(dir, 'runtime');
    mkdirSync(home);
    mkdirSync(runtime, { mode: 0o700 });
    return {
      ...isolatedCliEnv(home, githubEnv(github)),
      SIGNET_SECRET_STORE: 'memory',
      XDG_RUNTIME_DIR: runtime,
    };
  });
  const { recorder, signet } = suite;

  it('says so in status, as text and JSON', async () => {
    const json = await signet('status', '--json');
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      sessionOnly: true,
      keychain: { available: true, detail: expect.stringMatching(/^Session only/) },
      syncServer: { configured: false, connected: false },
    });
    const text = await signet('status');
    expect(text.stdout).toMatch(/^Mode +session only: credentials are kept until this signet exits/m);
  });

  it('signs in, runs the command with a working token, and says it is session only', async () => {
    const file = path.join(suite.dir, 'token');
    const result = await signet('login', 'github', '--', process.execPath, '-e', writeToken, file);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^Session only: this sign-in lasts while the command runs/m);
    expect(result.stderr).toMatch(/^Signed in: GitHub octocat/m);
    const token = readFileSync(file, 'utf8');
    expect(suite.github.isAccessTokenValid(token)).toBe(true);
    recorder.issued.push(token);
  });

  it('passes the command exit code through', async () => {
    const result = await signet('login', 'github', '--', process.execPath, '-e', 'process.exit(9)');
    expect(result.code).toBe(9);
  });

  it('after exit, nothing of the account remains: not in the keychain, the data directory or the session folder', async () => {
    expect(await keychainEntries(suite.env['SIGNET_KEYCHAIN_SERVICE']!)).toEqual([]);
    expect(readdirSync(path.join(suite.dir, 'data'))).toEqual([]);
    expect(readdirSync(path.join(suite.dir, 'runtime'))).toEqual([]);
    expect(JSON.parse((await signet('accounts', '--json')).stdout)).toEqual([]);
    // Nor for a Signet on the keychain, with the same data directory.
    const keychainMode = { ...suite.env, SIGNET_SECRET_STORE: 'keychain' };
    expect(JSON.parse((await recorder.run(['accounts', '--json'], keychainMode)).stdout)).toEqual([]);
  });

  it('a sign-in without a command says it ends with the process, and is gone in the next one', async () => {
    const result = await signet('login', 'github', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /^Session only: this sign-in ends when signet exits.*signet login <provider> -- <command …>$/m,
    );
    expect(JSON.parse(result.stdout)).toMatchObject({ provider: 'github', login: 'octocat' });
    expect(JSON.parse((await signet('accounts', '--json')).stdout)).toEqual([]);
  });

  it('works on a machine without any keychain, which is what it is for', async () => {
    const file = path.join(suite.dir, 'token-no-keychain');
    const noKeychain = { ...suite.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' };
    const result = await recorder.run(
      ['login', 'github', '--', process.execPath, '-e', writeToken, file],
      noKeychain,
    );
    expect(result.code, result.stderr).toBe(0);
    const token = readFileSync(file, 'utf8');
    expect(suite.github.isAccessTokenValid(token)).toBe(true);
    recorder.issued.push(token);
  });

  it('is chosen by config.json too, and a wrong value is refused naming the variable', async () => {
    const dir = path.join(suite.dir, 'configured');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ secretStore: 'memory' }));
    const fromFile = { ...suite.env, SIGNET_HOME: dir, SIGNET_SECRET_STORE: '' };
    expect(JSON.parse((await recorder.run(['status', '--json'], fromFile)).stdout)).toMatchObject({
      sessionOnly: true,
    });
    const normal = await recorder.run(['status', '--json'], { ...suite.env, SIGNET_SECRET_STORE: '' });
    expect(JSON.parse(normal.stdout)).not.toHaveProperty('sessionOnly');

    const wrong = await recorder.run(['status'], { ...suite.env, SIGNET_SECRET_STORE: 'plaintext' });
    expect(wrong.code).toBe(5);
    expect(errorLines(wrong.stderr)).toEqual([
      'signet: Configuration SIGNET_SECRET_STORE must be keychain or memory (session only).',
    ]);
  });

  it('uses no sync server, even one the environment names: its tokens would outlive the session', async () => {
    const result = await recorder.run(['status', '--json'], {
      ...suite.env,
      SIGNET_REDIS_URL: 'redis://127.0.0.1:9',
    });
    expect(JSON.parse(result.stdout)).toMatchObject({
      sessionOnly: true,
      cache: 'sqlite',
      syncServer: { configured: false },
    });
  });

  it('printed no token', () => {
    for (const output of recorder.outputs)
      expect(findSecrets(output.stdout + output.stderr, recorder.issued)).toEqual([]);
  });
});
