import os from 'node:os';
import path from 'node:path';
import type { Env } from './config.js';

export const appName = 'Signet';

/**
 * The data directory shared by the app and the CLI: Electron's `userData` for an app named
 * "Signet", or `SIGNET_HOME`.
 */
export function resolveDataDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  const override = env['SIGNET_HOME']?.trim();
  if (override) return path.resolve(override);
  const home = os.homedir();
  switch (platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', appName);
    case 'win32':
      return path.join(env['APPDATA'] ?? path.join(home, 'AppData', 'Roaming'), appName);
    default:
      return path.join(env['XDG_CONFIG_HOME'] ?? path.join(home, '.config'), appName);
  }
}
