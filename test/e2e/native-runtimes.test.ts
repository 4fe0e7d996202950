// Both runtimes side by side: better-sqlite3's Node build stays in node_modules for the CLI and
// the tests, and the app opens another build through the `nativeBinding` option, so npm start's
// preparation, `signet accounts` and npm test's guard succeed in either order. This machine
// has no Electron headers, so the rebuild itself fails here (and says so in one line); what the
// test holds is that the preparation never touches node_modules' build, and that the core opens
// the build it is given. docs/ARCHITECTURE.md §6 (native modules).

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core/create-core.js';
import { electronNativeFolder, electronNativeModules } from '../../src/main/core/native-modules.js';
import { MemorySecretStore } from '../../src/main/core/secrets/memory-secret-store.js';
import { repoRoot, runSignet } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const nodeAddon = path.join(
  repoRoot,
  'node_modules',
  'better-sqlite3',
  'build',
  'Release',
  'better_sqlite3.node',
);
const fingerprint = () => createHash('sha256').update(readFileSync(nodeAddon)).digest('hex');

function node(script: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) =>
    execFile(process.execPath, [script], { cwd: repoRoot, timeout: 240_000 }, (error, _out, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr }),
    ),
  );
}

describe('the Node and Electron builds of better-sqlite3, side by side', () => {
  const temp = makeTempDir();
  const env = { SIGNET_HOME: path.join(temp.dir, 'home'), SIGNET_SECRET_STORE: 'memory' };
  afterAll(() => temp.cleanup());

  const preparation = async () => {
    const result = await node('scripts/prepare-electron-native.js');
    // No Electron headers can be had here: the one line that says so, not a silent success.
    if (result.code !== 0) {
      expect(result.stderr).toMatch(
        /^Signet: could not build better-sqlite3 for Electron \S+ in build\/native\/electron/m,
      );
    }
  };
  const accounts = async () => expect((await runSignet(['accounts'], env)).code).toBe(0);
  const guard = async () =>
    expect(await node('scripts/check-native-modules.js')).toEqual({ code: 0, stderr: '' });

  it(
    "npm start's preparation, then signet accounts, then npm test's guard",
    { timeout: 300_000 },
    async () => {
      const before = fingerprint();
      await preparation();
      expect(fingerprint()).toBe(before);
      await accounts();
      await guard();
    },
  );

  it('and the other way round', { timeout: 300_000 }, async () => {
    const before = fingerprint();
    await guard();
    await accounts();
    await preparation();
    expect(fingerprint()).toBe(before);
    await accounts();
  });

  it('opens the database with the build it is given, once its preparation is stamped', async () => {
    const appRoot = path.join(temp.dir, 'app');
    const copy = path.join(
      appRoot,
      electronNativeFolder,
      'node_modules',
      'better-sqlite3',
      'build',
      'Release',
    );
    mkdirSync(copy, { recursive: true });
    cpSync(nodeAddon, path.join(copy, 'better_sqlite3.node'));
    // Not stamped: a half-done preparation is not used.
    expect(electronNativeModules(appRoot)).toEqual({});
    writeFileSync(path.join(appRoot, electronNativeFolder, 'prepared.json'), '{}');
    const modules = electronNativeModules(appRoot);
    expect(modules).toEqual({ sqlite: path.join(copy, 'better_sqlite3.node') });
    const core = await createCore({
      env: { SIGNET_HOME: path.join(temp.dir, 'a') },
      secrets: new MemorySecretStore(),
      nativeModules: modules,
    });
    expect(core.listAccountSummaries()).toEqual([]);
    await core.close();
    // A binding that is not an addon fails to open: the option is what is loaded. (Another file:
    // the one just loaded is mapped into this process, and writing over it would crash it.)
    const notAnAddon = path.join(temp.dir, 'not-an-addon.node');
    writeFileSync(notAnAddon, 'not an addon');
    await expect(
      createCore({
        env: { SIGNET_HOME: path.join(temp.dir, 'b') },
        secrets: new MemorySecretStore(),
        nativeModules: { sqlite: notAnAddon },
      }),
    ).rejects.toMatchObject({ code: 'storage' });
  });
});
