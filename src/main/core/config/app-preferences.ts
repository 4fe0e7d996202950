import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SignetError } from '../../../shared/errors.js';

/**
 * The `app` key of `config.json`: what the desktop app's Settings change. The CLI ignores it; a
 * packaged app, which gets no environment from a Dock or Start menu, reads nothing else.
 */
export const appPreferencesSchema = z.strictObject({
  /** Closing the window keeps Signet running in the tray (default on). */
  closeToTray: z.boolean().optional(),
  /** Start hidden in the tray when the person logs in (default off). */
  startAtLogin: z.boolean().optional(),
  /** Whether the person was told, once, that a closed window keeps Signet running. */
  trayNoticeShown: z.boolean().optional(),
});

/** The app's preferences with their defaults filled in. */
export interface AppPreferences {
  closeToTray: boolean;
  startAtLogin: boolean;
  trayNoticeShown: boolean;
}

const defaults: AppPreferences = { closeToTray: true, startAtLogin: false, trayNoticeShown: false };

function configPath(dataDir: string): string {
  return path.join(dataDir, 'config.json');
}

function readRaw(dataDir: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(configPath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new SignetError('config-invalid', `Cannot read ${configPath(dataDir)}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SignetError('config-invalid', `${configPath(dataDir)} is not valid JSON: fix or delete it.`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new SignetError('config-invalid', `${configPath(dataDir)} must hold a JSON object.`);
  }
  return json as Record<string, unknown>;
}

/** The app's preferences from `config.json` in the data directory, defaults where unset. */
export function readAppPreferences(dataDir: string): AppPreferences {
  const parsed = appPreferencesSchema.safeParse(readRaw(dataDir)['app'] ?? {});
  return { ...defaults, ...(parsed.success ? parsed.data : {}) };
}

/**
 * Writes a change of the app's preferences into `config.json`, keeping every other key as the
 * person wrote it. The file is replaced whole (written beside it, then renamed), so a crash never
 * leaves half a file, and it stays readable by this user only.
 */
export function writeAppPreferences(dataDir: string, change: Partial<AppPreferences>): AppPreferences {
  const raw = readRaw(dataDir);
  const current = appPreferencesSchema.safeParse(raw['app'] ?? {});
  const next = appPreferencesSchema.parse({ ...(current.success ? current.data : {}), ...change });
  const file = configPath(dataDir);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ ...raw, app: next }, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
  return { ...defaults, ...next };
}
