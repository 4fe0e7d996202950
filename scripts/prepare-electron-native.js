// Prepares the Electron build of better-sqlite3 beside the Node build instead of over it:
// node_modules/better-sqlite3 keeps the build for this Node (the CLI, the tests), and a copy in
// build/native/electron/node_modules/better-sqlite3 is rebuilt for Electron's ABI, which the app
// opens through better-sqlite3's `nativeBinding` option (src/main/core/native-modules.ts).
// keytar needs no copy: it is an N-API addon, one binary for Node and Electron alike.
//
// `node scripts/prepare-electron-native.js [--copy-only]`; `npm start` runs it. Exits 1 with one
// line when the rebuild cannot be done (no Electron headers reachable, no compiler).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where the Electron builds live; kept in step with `electronNativeFolder` in the core. */
export const electronNativeDir = path.join(root, 'build', 'native', 'electron');
const modules = ['better-sqlite3'];

function versionOf(name, from = root) {
  return JSON.parse(readFileSync(path.join(from, 'node_modules', name, 'package.json'), 'utf8')).version;
}

/**
 * Copies the modules into `target` (a package of their own, so a rebuild there never touches
 * node_modules), unless a copy of the same versions prepared for this Electron is there already.
 * Returns whether the copy is fresh and still has to be rebuilt.
 */
export function copyNativeModules(target = electronNativeDir, electronVersion = versionOf('electron')) {
  const stamp = path.join(target, 'prepared.json');
  const wanted = {
    electron: electronVersion,
    modules: Object.fromEntries(modules.map((m) => [m, versionOf(m)])),
  };
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === JSON.stringify(wanted)) return false;
  rmSync(target, { recursive: true, force: true });
  mkdirSync(path.join(target, 'node_modules'), { recursive: true });
  writeFileSync(
    path.join(target, 'package.json'),
    `${JSON.stringify({ name: 'signet-electron-native', private: true, dependencies: wanted.modules }, null, 2)}\n`,
  );
  for (const name of modules) {
    cpSync(path.join(root, 'node_modules', name), path.join(target, 'node_modules', name), {
      recursive: true,
      // The Node build's intermediate files would only confuse the rebuild.
      filter: (source) => !source.includes(`${path.sep}obj.target`),
    });
  }
  return true;
}

/** Rebuilds the copies for Electron with @electron/rebuild (headers from electronjs.org), then stamps them. */
export async function rebuildForElectron(
  target = electronNativeDir,
  electronVersion = versionOf('electron'),
) {
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({
    buildPath: target,
    electronVersion,
    onlyModules: modules,
    force: true,
    mode: 'sequential',
  });
  const wanted = {
    electron: electronVersion,
    modules: Object.fromEntries(modules.map((m) => [m, versionOf(m)])),
  };
  writeFileSync(path.join(target, 'prepared.json'), JSON.stringify(wanted));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const fresh = copyNativeModules();
  if (fresh && !process.argv.includes('--copy-only')) {
    try {
      await rebuildForElectron();
    } catch (error) {
      const reason = String(error?.message ?? error).split('\n')[0];
      process.stderr.write(
        `Signet: could not build better-sqlite3 for Electron ${versionOf('electron')} in ${path.relative(root, electronNativeDir)} (${reason})\n`,
      );
      process.exit(1);
    }
  }
}
