// `npm run test:electron`: the Playwright spec that drives the real, built app
// (test/electron-app/app.spec.ts). It needs an Electron binary; without one it says so and
// passes, since every other layer is tested in plain Node.
//
// Native modules are rebuilt for Electron here; scripts/test.sh rebuilds them for Node when the
// unit tests run next.
import { spawnSync } from 'node:child_process';
import { findElectronBinary, projectRoot } from './find-electron-binary.js';

const binary = findElectronBinary();
if (!binary) {
  console.log('electron app spec: not run (no Electron binary on this machine)');
  process.exit(0);
}

const windows = process.platform === 'win32';
const npx = windows ? 'npx.cmd' : 'npx';
function run(command, args, env = process.env) {
  const result = spawnSync(command, args, {
    cwd: projectRoot,
    stdio: 'inherit',
    env,
    shell: windows && command === npx,
  });
  if (result.status !== 0) process.exit(result.status || 1);
}

run(npx, ['electron-builder', 'install-app-deps']);
run(npx, ['electron-vite', 'build']);
run(process.execPath, ['--import', 'tsx', '--test', 'test/electron-app/app.spec.ts'], {
  ...process.env,
  SIGNET_ELECTRON_BINARY: binary,
});
