import type { AppPreferencesView } from '../../shared/contract.js';
import { readAppPreferences, writeAppPreferences, type AppPreferences } from '../core/index.js';
import type { AppCapabilities } from '../ipc/ipc-handlers.js';
import { commandState, installCommand, type CommandContext } from './install-command.js';
import { setStartAtLogin, type LoginItemContext } from './login-item.js';

export interface AppCapabilitiesOptions {
  dataDir: string;
  logFile: string;
  login: LoginItemContext;
  command: CommandContext;
  /** Shows the log file (Electron's `shell.openPath`, then `showItemInFolder`). */
  openPath(file: string): Promise<void>;
  /** Told of every saved change, so the window-close and tray behaviour follow at once. */
  onChange?(preferences: AppPreferences): void;
}

/**
 * The app's preferences, log file and installed command for the window's Settings: each change
 * goes to `config.json` (the packaged app's one source of settings), and start at login is
 * applied with the platform's API as it is saved.
 */
export function createAppCapabilities(options: AppCapabilitiesOptions): AppCapabilities {
  const view = (preferences: AppPreferences): AppPreferencesView => ({
    closeToTray: preferences.closeToTray,
    startAtLogin: preferences.startAtLogin,
    logFile: options.logFile,
    command: commandState(options.command),
  });
  return {
    preferences: () => view(readAppPreferences(options.dataDir)),
    setPreferences: async (change) => {
      if (change.startAtLogin !== undefined) setStartAtLogin(change.startAtLogin, options.login);
      const saved = writeAppPreferences(options.dataDir, change);
      options.onChange?.(saved);
      return view(saved);
    },
    openLogs: () => options.openPath(options.logFile),
    installCommand: async () => {
      await installCommand(options.command);
      return view(readAppPreferences(options.dataDir));
    },
  };
}
