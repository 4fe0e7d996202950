// `npm run bench`: the benchmark scenarios of bench/run.ts, in their own Node process (tsx for the
// TypeScript). No keychain is needed: the scenarios use the in-memory secret store, and the cold
// start counts keychain calls on a wrapper instead. Arguments are passed on (scenario groups).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--expose-gc', path.join(root, 'bench', 'run.ts'), ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, SIGNET_LOG_LEVEL: 'error' },
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
