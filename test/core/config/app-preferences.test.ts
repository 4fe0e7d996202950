import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readAppPreferences, writeAppPreferences } from '../../../src/main/core/config/app-preferences.js';
import { loadConfig } from '../../../src/main/core/config/config.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir('signet-prefs-');
});
afterEach(() => temp.cleanup());

describe('the app preferences in config.json', () => {
  it('defaults to close-to-tray on and start-at-login off', () => {
    expect(readAppPreferences(temp.dir)).toEqual({
      closeToTray: true,
      startAtLogin: false,
      trayNoticeShown: false,
    });
  });

  it('writes the app key and keeps every other key, and loadConfig accepts the result', () => {
    const file = path.join(temp.dir, 'config.json');
    writeFileSync(file, JSON.stringify({ logLevel: 'debug', github: { clientId: 'Iv1.abc' } }));
    expect(writeAppPreferences(temp.dir, { startAtLogin: true })).toMatchObject({ startAtLogin: true });
    writeAppPreferences(temp.dir, { closeToTray: false });
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(json).toEqual({
      logLevel: 'debug',
      github: { clientId: 'Iv1.abc' },
      app: { startAtLogin: true, closeToTray: false },
    });
    expect(readAppPreferences(temp.dir)).toMatchObject({ startAtLogin: true, closeToTray: false });
    expect(loadConfig(temp.dir, {}).logLevel).toBe('debug');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses an app key loadConfig would not know', () => {
    writeFileSync(path.join(temp.dir, 'config.json'), JSON.stringify({ app: { closeToTry: false } }));
    expect(() => loadConfig(temp.dir, {})).toThrow(/app/);
  });

  it('refuses to overwrite a config.json that is not JSON', () => {
    writeFileSync(path.join(temp.dir, 'config.json'), '{ oops');
    expect(() => writeAppPreferences(temp.dir, { closeToTray: false })).toThrow(/not valid JSON/);
    expect(readFileSync(path.join(temp.dir, 'config.json'), 'utf8')).toBe('{ oops');
  });
});
