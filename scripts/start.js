// `npm start`: the one command that sets Signet up and runs it. On Debian/Ubuntu it installs the
// system packages the native modules build against (scripts/system-packages.sh, shared with
// `npm test`), runs `npm ci` when node_modules is missing or stale, then builds Signet and runs it
// in Electron. Without an Electron binary (downloads are blocked on some machines) it says so in
// one line and starts the command-line demo instead (`npm run demo -- --cli-only`).
//
// better-sqlite3's Electron build is prepared beside node_modules' Node build, never over it
// (scripts/prepare-electron-native.js; the app opens it with the `nativeBinding` option), so
// `npm start`, `npm run dev`, `signet` and `npm test` work in any order. keytar is N-API: one
// build for both.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { findElectronBinary, projectRoot } from './find-electron-binary.js';

const windows = process.platform === 'win32';
// Node refuses to spawn a .cmd without a shell on Windows.
const npx = windows ? 'npx.cmd' : 'npx';
const npm = windows ? 'npm.cmd' : 'npm';

if (process.platform === 'linux') {
  // What keytar and better-sqlite3 compile against, and a Secret Service to keep secrets in.
  const packages = spawnSync(
    'bash',
    [
      '-c',
      'source scripts/system-packages.sh && ensure_system_packages start "$0" "$1"',
      'pkg-config g++ make python3 gnome-keyring-daemon',
      'libsecret-1-dev pkg-config g++ make python3 gnome-keyring dbus-x11',
    ],
    { cwd: projectRoot, stdio: 'inherit' },
  );
  if (packages.status !== 0) process.exit(packages.status || 1);
}
const lock = path.join(projectRoot, 'package-lock.json');
const installed = path.join(projectRoot, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || statSync(lock).mtimeMs > statSync(installed).mtimeMs) {
  process.stderr.write('Signet: installing npm packages (npm ci)\n');
  const ci = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: projectRoot,
    stdio: 'inherit',
    shell: windows,
  });
  if (ci.status !== 0) process.exit(ci.status || 1);
}

const binary = findElectronBinary();
if (!binary) {
  process.stderr.write(
    'Signet: no Electron binary is installed (downloads are blocked here), so the window cannot open; starting the command-line demo instead.\n',
  );
  const demo = spawnSync(npm, ['run', '--silent', 'demo', '--', '--cli-only', ...process.argv.slice(2)], {
    cwd: projectRoot,
    stdio: 'inherit',
    shell: windows,
  });
  process.exit(demo.status ?? 1);
}

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
// A production build and `preview` run what users get: the built renderer over app://, under
// the strict CSP. `npm run dev` is the hot-reloading alternative. Built once here: `preview`
// would build again without electron-vite 6's --skipBuild.
run('the build', ['electron-vite', 'build']);
const app = spawnSync(npx, ['electron-vite', 'preview', '--skipBuild', ...process.argv.slice(2)], {
  cwd: projectRoot,
  stdio: 'inherit',
  shell: windows,
  env: { ...process.env, ELECTRON_EXEC_PATH: binary },
});
process.exit(app.status ?? 1);
