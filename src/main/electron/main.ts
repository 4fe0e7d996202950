/**
 * The Electron main process entry (`out/main/index.js`). No top-level await: Electron waits for
 * the entry module before it emits `ready`, and `startSignet` waits for `ready`.
 */
import { startSignet } from './start-signet.js';

startSignet().catch((error: unknown) => {
  process.stderr.write(
    `Signet: could not start (${error instanceof Error ? error.message : String(error)})\n`,
  );
  process.exit(1);
});
