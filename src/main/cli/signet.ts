// The `signet` executable's entry point. `signet token` asks the agent first, having loaded only
// what talking to its socket needs; with no agent, a cache hit is read straight from signet.db
// (better-sqlite3 and keytar, loaded only then); everything else loads the full command line
// (a chunk of its own in the bundle).
import { tokenFastPath } from './token-fast-path.js';

const argv = process.argv.slice(2);
const io = {
  stdout: (text: string) => process.stdout.write(text),
  stderr: (text: string) => process.stderr.write(text),
  env: process.env,
};
const fast = await tokenFastPath(argv, io);
if (fast !== undefined) process.exitCode = fast;
else {
  const { runCli } = await import('./main.js');
  process.exitCode = await runCli(argv);
}
