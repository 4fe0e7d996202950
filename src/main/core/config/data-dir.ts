import os from 'node:os';
import path from 'node:path';
import type { Env } from './config.js';

export const appName = 'Signet';

/**
 * The data directory shared by the app and the CLI: `SIGNET_HOME`, else a folder named for the
 * app in the platform's per-user application data folder, which is Electron's `userData` for an
 * app named "Signet". The Electron shell passes Electron's own `appData`; the CLI works it out
 * the way Electron does.
 */
export function resolveDataDir(
  env: Env = process.env,
  where: { platform?: NodeJS.Platform; appData?: string } = {},
): string {
  const override = env['SIGNET_HOME']?.trim();
  if (override) return path.resolve(override);
  return path.join(where.appData ?? platformAppData(env, where.platform ?? process.platform), appName);
}

function platformAppData(env: Env, platform: NodeJS.Platform): string {
  const home = os.homedir();
  switch (platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support');
    case 'win32':
      return env['APPDATA'] ?? path.join(home, 'AppData', 'Roaming');
    default:
      return env['XDG_CONFIG_HOME'] ?? path.join(home, '.config');
  }
}
