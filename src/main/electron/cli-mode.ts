import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { app } from 'electron';
import { refusalMessage, refusedSwitchesIn } from './command-line-guard.js';

/** The switch that turns the app's executable into the `signet` command. */
export const cliFlag = '--signet-cli';

/**
 * The CLI's arguments when this launch is the installed `signet` command
 * (`Signet --signet-cli -- token github`), else null. Everything after the `--` that follows the
 * flag is the CLI's, untouched: Chromium does not read switches past a `--`.
 */
export function cliArgvFrom(argv: readonly string[]): string[] | null {
  const at = argv.indexOf(cliFlag);
  if (at < 0) return null;
  const rest = argv.slice(at + 1);
  const end = rest.indexOf('--');
  return end >= 0 ? rest.slice(end + 1) : rest;
}

/** What the CLI's `runCli` looks like to this module, which does not import the CLI. */
export type RunCli<Io> = (argv: string[], io?: Io) => Promise<number>;

export interface CliInAppOptions<Io> {
  /** The CLI's streams; the process's when not given. */
  io?: Io;
  /** The full argv, to check for refused switches (a packaged app only). */
  argv?: readonly string[];
}

/** Waits until everything written to a stream has left the process, so exit loses no output. */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) {
      resolve();
      return;
    }
    stream.write('', () => resolve());
  });
}

/**
 * Runs the `signet` command line inside the app's main process, on the app's own runtime and
 * native modules, with the RunAsNode fuse still off: no window, no tray, no single-instance lock
 * (the app may be running beside it), no Dock icon, and Chromium's profile in a throwaway folder
 * so it never touches the running app's. Exits with the CLI's exit code.
 */
export async function runCliInApp<Io>(
  runCli: RunCli<Io>,
  args: string[],
  options: CliInAppOptions<Io> = {},
): Promise<number> {
  if (app.isPackaged) {
    const refused = refusedSwitchesIn(options.argv ?? process.argv, (name) =>
      app.commandLine.hasSwitch(name),
    );
    if (refused.length > 0) {
      process.stderr.write(refusalMessage(refused));
      app.exit(2);
      return 2;
    }
  }
  app.dock?.hide();
  const profile = mkdtempSync(path.join(os.tmpdir(), 'signet-cli-'));
  app.setPath('userData', profile);
  app.setPath('sessionData', profile);
  let code = 1;
  try {
    code = await runCli(args, ...(options.io ? [options.io] : []));
  } catch (error) {
    process.stderr.write(`signet: ${error instanceof Error ? error.message : String(error)}\n`);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  app.exit(code);
  return code;
}
