// `npm start`: builds Signet and runs it in Electron. Without an Electron binary (downloads are
// blocked on some machines) it says so in one line and exits 1.
//
// better-sqlite3's Electron build is prepared beside node_modules' Node build, never over it
// (scripts/prepare-electron-native.js; the app opens it with the `nativeBinding` option), so
// `npm start`, `npm run dev`, `signet` and `npm test` work in any order. keytar is N-API: one
// build for both.
import { spawnSync } from 'node:child_process';
import { findElectronBinary, projectRoot } from './find-electron-binary.js';

const binary = findElectronBinary();
if (!binary) {
  process.stderr.write(
    'Signet: no Electron binary is installed (downloads are blocked here). ' +
      'Run "npx electron --version" on a networked machine, or use the CLI: npx signet --help\n',
  );
  process.exit(1);
}

const windows = process.platform === 'win32';
// Node refuses to spawn a .cmd without a shell on Windows.
const npx = windows ? 'npx.cmd' : 'npx';
function run(label, args) {
  const result = spawnSync(npx, args, {
    cwd: projectRoot,
    stdio: 'inherit',
    env: process.env,
    shell: windows,
  });
  if (result.status !== 0) {
    process.stderr.write(`Signet: ${label} failed (${result.error?.message ?? `exit ${result.status}`})\n`);
    process.exit(result.status || 1);
  }
}

const prepared = spawnSync(process.execPath, ['scripts/prepare-electron-native.js'], {
  cwd: projectRoot,
  stdio: 'inherit',
});
if (prepared.status !== 0) process.exit(prepared.status || 1);
// A production build and `preview` run what users get: the built renderer from file://, under
// the strict CSP. `npm run dev` is the hot-reloading alternative.
run('the build', ['electron-vite', 'build']);
const app = spawnSync(npx, ['electron-vite', 'preview', ...process.argv.slice(2)], {
  cwd: projectRoot,
  stdio: 'inherit',
  shell: windows,
  env: { ...process.env, ELECTRON_EXEC_PATH: binary },
});
process.exit(app.status ?? 1);
