// `npm run bench`: the benchmark scenarios of bench/run.ts, in their own Node process (tsx for the
// TypeScript), under scripts/with-keyring.sh when there is no session bus: the direct path's
// scenarios read the data key from the real keychain (the others use the in-memory secret store).
// Arguments are passed on (scenario groups).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bench = [
  process.execPath,
  '--import',
  'tsx',
  '--expose-gc',
  path.join(root, 'bench', 'run.ts'),
  ...process.argv.slice(2),
];
// The direct path reads the data key from the real keychain: with no session bus, a private one
// with an unlocked gnome-keyring, as `npm test` does.
const withKeyring = process.platform === 'linux' && !process.env['DBUS_SESSION_BUS_ADDRESS'];
const command = withKeyring ? ['bash', path.join(root, 'scripts', 'with-keyring.sh'), ...bench] : bench;
const child = spawn(command[0], command.slice(1), {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SIGNET_LOG_LEVEL: 'error' },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
