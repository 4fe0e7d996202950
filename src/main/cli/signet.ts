// The `signet` executable's entry point. `signet token` asks the agent first, having loaded only
// what talking to its socket needs; everything else, and a token with no agent, loads the full
// command line (a chunk of its own in the bundle).
import { tokenThroughAgent } from './token-fast-path.js';

const argv = process.argv.slice(2);
const io = {
  stdout: (text: string) => process.stdout.write(text),
  stderr: (text: string) => process.stderr.write(text),
  env: process.env,
};
const fast = await tokenThroughAgent(argv, io);
if (fast !== undefined) process.exitCode = fast;
else {
  const { runCli } = await import('./main.js');
  process.exitCode = await runCli(argv);
}
