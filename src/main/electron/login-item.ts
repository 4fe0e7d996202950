import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The argument that starts Signet hidden in the tray, as start at login does. */
export const hiddenFlag = '--hidden';

/** The part of Electron's `app` that login items use on macOS and Windows. */
export interface LoginItemApp {
  setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }): void;
  getLoginItemSettings(options?: { path?: string; args?: string[] }): { openAtLogin: boolean };
}

export interface LoginItemContext {
  platform: NodeJS.Platform;
  app: LoginItemApp;
  env: Record<string, string | undefined>;
  /** The executable the login item starts (the AppImage itself when running from one). */
  execPath: string;
  /** Arguments before `--hidden`: the app folder under `npm start`, nothing when packaged. */
  appArgs: string[];
}

/**
 * `$XDG_CONFIG_HOME/autostart/signet.desktop` (`~/.config` when unset or relative), per the XDG
 * Desktop Application Autostart Specification.
 */
export function autostartFile(env: Record<string, string | undefined>): string {
  const configured = env['XDG_CONFIG_HOME'];
  const base =
    configured && path.isAbsolute(configured)
      ? configured
      : path.join(env['HOME'] ?? os.homedir(), '.config');
  return path.join(base, 'autostart', 'signet.desktop');
}

/** A desktop entry's Exec value: each argument quoted as the Desktop Entry spec asks. */
function execLine(args: string[]): string {
  return args
    .map((arg) => (/^[A-Za-z0-9_/.:=+-]+$/.test(arg) ? arg : `"${arg.replace(/(["`$\\])/g, '\\$1')}"`))
    .join(' ')
    .replace(/%/g, '%%');
}

/** The autostart entry that starts Signet hidden in the tray at login. */
export function autostartEntry(context: Pick<LoginItemContext, 'execPath' | 'appArgs'>): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Signet',
    'Comment=Stay signed in to your accounts',
    `Exec=${execLine([context.execPath, ...context.appArgs, hiddenFlag])}`,
    'Icon=signet-app',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Electron passes login item arguments to Windows as written: a path with spaces needs quotes. */
function quoteForWindows(arg: string): string {
  return /\s/.test(arg) ? `"${arg}"` : arg;
}

/**
 * Turns start at login on or off: a login item on macOS and Windows (with `--hidden`), an XDG
 * autostart entry on Linux and the other Unixes.
 */
export function setStartAtLogin(enabled: boolean, context: LoginItemContext): void {
  if (context.platform === 'darwin' || context.platform === 'win32') {
    context.app.setLoginItemSettings({
      openAtLogin: enabled,
      // macOS has no arguments for a login item: the launch reads `wasOpenedAtLogin` instead.
      ...(context.platform === 'win32'
        ? { path: context.execPath, args: [...context.appArgs.map(quoteForWindows), hiddenFlag] }
        : {}),
    });
    return;
  }
  const file = autostartFile(context.env);
  if (!enabled) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, autostartEntry(context), { mode: 0o644 });
}

/**
 * Whether this launch was a login start that should stay in the tray: `--hidden` on the command
 * line (Windows, Linux), or macOS's `wasOpenedAtLogin`.
 */
export function startsHidden(argv: readonly string[], wasOpenedAtLogin = false): boolean {
  return wasOpenedAtLogin || argv.includes(hiddenFlag);
}
