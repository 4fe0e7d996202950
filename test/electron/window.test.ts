import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  appPaths,
  createMainWindow,
  devServerUrl,
  mainWindowOptions,
  rendererUrl,
} from '../../src/main/electron/window.js';
import { BrowserWindow, resetFakeElectron } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

beforeEach(() => resetFakeElectron());

describe('mainWindowOptions', () => {
  const options = mainWindowOptions('/app/out/preload/index.cjs');

  it('isolates and sandboxes the renderer, with no Node and no webviews', () => {
    // Each option by name, so a change to any of them in the source fails here.
    const on = ['contextIsolation', 'sandbox'] as const;
    const off = [
      'nodeIntegration',
      'nodeIntegrationInWorker',
      'nodeIntegrationInSubFrames',
      'webviewTag',
      'spellcheck',
    ] as const;
    expect(options.webPreferences?.preload).toBe('/app/out/preload/index.cjs');
    for (const name of on) expect(options.webPreferences?.[name], name).toBe(true);
    for (const name of off) expect(options.webPreferences?.[name], name).toBe(false);
    expect(options.webPreferences).not.toHaveProperty('webSecurity');
    expect(options.webPreferences).not.toHaveProperty('allowRunningInsecureContent');
    expect(options.webPreferences).not.toHaveProperty('experimentalFeatures');
  });

  it('waits to show until painted, with a sensible size and background', () => {
    expect(options).toMatchObject({ show: false, title: 'Signet' });
    expect(options.minWidth).toBeGreaterThanOrEqual(640);
    expect(options.minHeight).toBeGreaterThanOrEqual(480);
    expect(options.width).toBeGreaterThanOrEqual(options.minWidth ?? 0);
    expect(options.height).toBeGreaterThanOrEqual(options.minHeight ?? 0);
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/);
    expect(mainWindowOptions('/p', { dark: true }).backgroundColor).not.toBe(options.backgroundColor);
  });
});

describe('where the window loads from', () => {
  const rendererIndex = '/app/out/renderer/index.html';

  it('finds the preload and renderer beside out/main', () => {
    expect(appPaths('/app/out/main')).toEqual({
      preload: path.join('/app/out/preload/index.cjs'),
      rendererIndex: path.join('/app/out/renderer/index.html'),
      trayIcon: path.join('/app/build/icon.png'),
    });
  });

  it('uses the built index.html over app:// by default, not file://', () => {
    expect(rendererUrl({ env: {}, isPackaged: false, rendererIndex })).toBe('app://signet/index.html');
  });

  it('uses the dev server when electron-vite gives one', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' };
    expect(rendererUrl({ env, isPackaged: false, rendererIndex })).toBe('http://localhost:5173');
  });

  it('ignores ELECTRON_RENDERER_URL in a packaged app', () => {
    const env = { ELECTRON_RENDERER_URL: 'https://evil.example/' };
    expect(rendererUrl({ env, isPackaged: true, rendererIndex })).toBe('app://signet/index.html');
  });

  it('has a dev server for the CSP only when loading from one', () => {
    expect(devServerUrl('http://localhost:5173')).toBe('http://localhost:5173');
    expect(devServerUrl('app://signet/index.html')).toBeNull();
    expect(devServerUrl(pathToFileURL(rendererIndex).href)).toBeNull();
  });
});

describe('createMainWindow', () => {
  it('loads the built file, is hardened, and shows when ready', () => {
    const appUrl = pathToFileURL('/app/out/renderer/index.html').href;
    const window = createMainWindow({
      preloadPath: '/app/out/preload/index.cjs',
      appUrl,
      dark: false,
    }) as unknown as BrowserWindow;
    expect(window).toBe(BrowserWindow.instances[0]);
    expect(window.options).toEqual(mainWindowOptions('/app/out/preload/index.cjs'));
    expect(window.loaded).toEqual({ file: '/app/out/renderer/index.html' });
    expect(window.webContents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({
      action: 'deny',
    });
    expect(window.webContents.navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(window.webContents.navigate('will-navigate', appUrl)).toBe(false);
    expect(window.visible).toBe(false);
    window.emit('ready-to-show');
    expect(window.visible).toBe(true);
  });

  it('loads the dev server by URL', () => {
    const window = createMainWindow({
      preloadPath: '/p',
      appUrl: 'http://localhost:5173',
      dark: true,
    }) as unknown as BrowserWindow;
    expect(window.loaded).toEqual({ url: 'http://localhost:5173' });
    expect(window.webContents.navigate('will-navigate', 'http://localhost:5173/#x')).toBe(false);
  });
});
