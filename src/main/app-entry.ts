/**
 * The packaged app's main-process entry (`out/main/index.js`): the installed `signet` command when
 * the argv carries `--signet-cli`, the desktop app otherwise. It picks a front and imports only
 * that one, so the window's code is never loaded for a command and the CLI's never for the window.
 * No top-level await: Electron waits for the entry module before it emits `ready`.
 * @see docs/ARCHITECTURE.md §1
 */
import { cliArgvFrom } from './electron/cli-mode.js';

const cliArgs = cliArgvFrom(process.argv);
const started: Promise<unknown> = cliArgs
  ? Promise.all([import('./electron/cli-mode.js'), import('./cli/main.js')]).then(([mode, cli]) =>
      mode.runCliInApp(cli.runCli, cliArgs),
    )
  : import('./electron/main.js');
started.catch((error: unknown) => {
  process.stderr.write(
    `Signet: could not start (${error instanceof Error ? error.message : String(error)})\n`,
  );
  process.exit(1);
});
