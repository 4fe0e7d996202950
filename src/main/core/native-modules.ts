import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the core loads its native addons from, when not from `node_modules`. The front says which
 * runtime it is: the CLI and the tests run on Node and use `node_modules` as installed; the
 * Electron app passes the Electron build of better-sqlite3 that `scripts/prepare-electron-native.js`
 * keeps beside it, so neither build overwrites the other. keytar is an N-API addon: one build
 * serves both runtimes.
 */
export interface NativeModules {
  /** better-sqlite3's addon (`better_sqlite3.node`), passed as its `nativeBinding` option. */
  sqlite?: string;
}

/** The folder, under the app's root, of the Electron builds (`scripts/prepare-electron-native.js`). */
export const electronNativeFolder = path.join('build', 'native', 'electron');

/**
 * The Electron builds prepared under `appRoot`, if the preparation finished (it stamps
 * `prepared.json` last); none otherwise, as in a packaged app, whose `node_modules` electron-builder
 * rebuilt for Electron already.
 */
export function electronNativeModules(appRoot: string): NativeModules {
  const folder = path.join(appRoot, electronNativeFolder);
  const addon = path.join(
    folder,
    'node_modules',
    'better-sqlite3',
    'build',
    'Release',
    'better_sqlite3.node',
  );
  return existsSync(path.join(folder, 'prepared.json')) && existsSync(addon) ? { sqlite: addon } : {};
}
