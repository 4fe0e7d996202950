import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { appIndexUrl } from './app-protocol.js';
import { hardenContents } from './security.js';

/** The window's background before the renderer paints, matching styles.css, so it never flashes. */
const background = { light: '#f6f7f9', dark: '#0e1116' } as const;

/**
 * Options of the account manager window: an isolated, sandboxed renderer with no Node, no
 * webviews, and only the preload's `window.signet`. Shown once it has painted.
 * @see docs/ARCHITECTURE.md §8
 */
export function mainWindowOptions(
  preloadPath: string,
  options: { dark?: boolean } = {},
): BrowserWindowConstructorOptions {
  return {
    title: 'Signet',
    width: 1040,
    height: 720,
    minWidth: 720,
    minHeight: 520,
    show: false,
    autoHideMenuBar: true,
    backgroundColor: options.dark ? background.dark : background.light,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      // The spellchecker downloads dictionaries from a Google CDN; the window types no prose.
      spellcheck: false,
    },
  };
}

/** Where the built files sit, relative to `out/main/index.js`. */
export interface AppPaths {
  preload: string;
  rendererIndex: string;
  /** The tray's icon (build/icon.png, packaged in the asar beside out/). */
  trayIcon: string;
}

/** The preload and renderer beside the main bundle in `out/`. */
export function appPaths(mainDir: string = path.dirname(fileURLToPath(import.meta.url))): AppPaths {
  return {
    preload: path.join(mainDir, '..', 'preload', 'index.cjs'),
    rendererIndex: path.join(mainDir, '..', 'renderer', 'index.html'),
    trayIcon: path.join(mainDir, '..', '..', 'build', 'icon.png'),
  };
}

/**
 * The URL the window shows: electron-vite's dev server while developing, else the built
 * `index.html` over the app's own `app://` scheme (`app-protocol.ts`). A packaged app ignores
 * `ELECTRON_RENDERER_URL`, so the environment cannot point it at another page.
 */
export function rendererUrl(options: {
  env: Record<string, string | undefined>;
  isPackaged: boolean;
  rendererIndex: string;
}): string {
  const dev = options.isPackaged ? undefined : options.env['ELECTRON_RENDERER_URL']?.trim();
  return dev ? dev : appIndexUrl;
}

/** The dev server's URL when the window loads from one, for the CSP. */
export function devServerUrl(appUrl: string): string | null {
  return /^https?:/.test(appUrl) ? appUrl : null;
}

/** Creates the hardened main window and starts loading the app into it. */
export function createMainWindow(options: {
  preloadPath: string;
  appUrl: string;
  dark: boolean;
}): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(options.preloadPath, { dark: options.dark }));
  hardenContents(window.webContents, options.appUrl);
  window.once('ready-to-show', () => window.show());
  const loading = options.appUrl.startsWith('file:')
    ? window.loadFile(fileURLToPath(options.appUrl))
    : window.loadURL(options.appUrl);
  loading.catch((error: unknown) => {
    process.stderr.write(
      `Signet: the window could not load (${error instanceof Error ? error.message : String(error)})\n`,
    );
  });
  return window;
}
