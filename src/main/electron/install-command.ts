import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliFlag } from './cli-mode.js';

/** Where the `signet` command is, and whether it is there now. */
export interface CommandState {
  /** `on-path`: a Linux package put it there; `installable`: Settings can; `unavailable`: not packaged. */
  availability: 'on-path' | 'installed' | 'installable' | 'unavailable';
  path: string | null;
}

export interface CommandContext {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  /** The app's executable: the command runs it with `--signet-cli`. */
  execPath: string;
  isPackaged: boolean;
  /** Runs a program; tests record instead. */
  run?: (file: string, args: string[]) => Promise<void>;
  /** Where to install instead of the platform's place (tests). */
  target?: string;
}

/** Where "Install the signet command" puts it on macOS and Windows. */
export function commandTarget(context: Pick<CommandContext, 'platform' | 'env' | 'target'>): string | null {
  if (context.target) return context.target;
  if (context.platform === 'darwin') return '/usr/local/bin/signet';
  if (context.platform === 'win32') {
    const local = context.env['LOCALAPPDATA'] ?? path.join(os.homedir(), 'AppData', 'Local');
    return path.win32.join(local, 'Signet', 'bin', 'signet.cmd');
  }
  return null;
}

/** A script that runs the app's executable as the CLI, every argument passed through as given. */
export function commandScript(platform: NodeJS.Platform, execPath: string): string {
  if (platform === 'win32') {
    return `@echo off\r\nrem The signet command, installed by Signet's Settings.\r\n"${execPath}" ${cliFlag} -- %*\r\n`;
  }
  const quoted = `'${execPath.replace(/'/g, `'\\''`)}'`;
  return `#!/bin/sh\n# The signet command, installed by Signet's Settings: the app's own runtime, no window.\nexec ${quoted} ${cliFlag} -- "$@"\n`;
}

/** Whether the command is installed, can be, or is the Linux package's. */
export function commandState(context: CommandContext): CommandState {
  if (!context.isPackaged) return { availability: 'unavailable', path: null };
  const target = commandTarget(context);
  if (!target) return { availability: 'on-path', path: '/usr/bin/signet' };
  try {
    const current = readFileSync(target, 'utf8');
    return {
      availability:
        current === commandScript(context.platform, context.execPath) ? 'installed' : 'installable',
      path: target,
    };
  } catch {
    return { availability: 'installable', path: target };
  }
}

const runProgram = (file: string, args: string[]) =>
  new Promise<void>((resolve, reject) => {
    execFile(file, args, { windowsHide: true }, (error) => (error ? reject(error) : resolve()));
  });

/** A shell word, single-quoted. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Installs the `signet` command, as VS Code's "Install 'code' command in PATH" does: macOS writes
 * `/usr/local/bin/signet` (asking for an administrator's password when the folder is not the
 * person's); Windows writes `signet.cmd` in a folder of its own and adds that folder to the
 * user's PATH. Linux packages ship the command, so there is nothing to install.
 */
export async function installCommand(context: CommandContext): Promise<CommandState> {
  const target = commandTarget(context);
  if (!context.isPackaged || !target) return commandState(context);
  const run = context.run ?? runProgram;
  const script = commandScript(context.platform, context.execPath);
  if (context.platform === 'darwin') {
    try {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, script, { mode: 0o755 });
      chmodSync(target, 0o755);
    } catch {
      const staged = path.join(os.tmpdir(), `signet-command-${process.pid}`);
      writeFileSync(staged, script, { mode: 0o755 });
      const shell = `mkdir -p ${shellQuote(path.dirname(target))} && cp ${shellQuote(staged)} ${shellQuote(target)} && chmod 755 ${shellQuote(target)}`;
      await run('/usr/bin/osascript', [
        '-e',
        `do shell script "${shell.replace(/(["\\])/g, '\\$1')}" with administrator privileges`,
      ]);
    }
    return commandState(context);
  }
  const where = context.target ? path : path.win32;
  mkdirSync(where.dirname(target), { recursive: true });
  writeFileSync(target, script);
  const folder = where.dirname(target).replace(/'/g, "''");
  // The user's PATH, not the machine's: no elevation, and only this person's shells change.
  await run('powershell.exe', [
    '-NoProfile',
    '-NonInteractive',
    '-Command',
    `$p = [Environment]::GetEnvironmentVariable('Path', 'User'); if (-not (($p -split ';') -contains '${folder}')) { [Environment]::SetEnvironmentVariable('Path', (($p, '${folder}') -ne '' -join ';'), 'User') }`,
  ]);
  return commandState(context);
}
