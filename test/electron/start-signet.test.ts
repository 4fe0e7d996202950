import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { channelNames, eventChannel } from '../../src/shared/contract.js';
import type { AccountService } from '../../src/main/core/account-service.js';
import { createCore, type CoreOptions } from '../../src/main/core/create-core.js';
import { silentLogger } from '../../src/main/core/logging/logger.js';
import { MemorySecretStore } from '../../src/main/core/secrets/memory-secret-store.js';
import { AccountsRepository } from '../../src/main/core/storage/accounts-repository.js';
import { openDatabase } from '../../src/main/core/storage/database.js';
import { startSignet, type RunningSignet } from '../../src/main/electron/start-signet.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import {
  app,
  BrowserWindow,
  dialog,
  FakeWebContents,
  ipcMain,
  net,
  Notification,
  powerMonitor,
  resetFakeElectron,
  session,
} from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

let temp: ReturnType<typeof makeTempDir>;
let running: RunningSignet | null = null;
let created: { options: CoreOptions; windowsAtCreation: number; service: AccountService }[] = [];
let refreshes: number[] = [];
let closes = 0;

/** The real core on a temporary data directory, with an in-memory keychain and no logs. */
async function testCore(options: CoreOptions): Promise<AccountService> {
  const windowsAtCreation = BrowserWindow.instances.length;
  const service = await createCore({ ...options, secrets: new MemorySecretStore(), logger: silentLogger });
  const refreshAll = service.refreshAll.bind(service);
  vi.spyOn(service, 'refreshAll').mockImplementation((...args) => {
    refreshes.push(BrowserWindow.instances.length);
    return refreshAll(...args);
  });
  const close = service.close.bind(service);
  vi.spyOn(service, 'close').mockImplementation(() => {
    closes += 1;
    return close();
  });
  created.push({ options, windowsAtCreation, service });
  return service;
}

const mainDir = '/opt/Signet/out/main';
const appUrl = 'app://signet/index.html';

async function start(env: Record<string, string | undefined> = { SIGNET_HOME: temp.dir }, extra = {}) {
  running = await startSignet({ env, createCore: testCore, mainDir, ...extra });
  return running;
}

function theWindow(): BrowserWindow {
  const window = BrowserWindow.instances.at(-1);
  if (!window) throw new Error('no window was created');
  return window;
}

function fromWindow(window: BrowserWindow) {
  return { sender: window.webContents, senderFrame: window.webContents.mainFrame };
}

beforeEach(() => {
  resetFakeElectron();
  temp = makeTempDir('signet-electron-');
  created = [];
  refreshes = [];
  closes = 0;
});

afterEach(async () => {
  await running?.shutdown();
  running = null;
  temp.cleanup();
});

describe('startSignet', () => {
  it('uses SIGNET_HOME as userData, and creates the core before any window', async () => {
    await start();
    expect(app.getName()).toBe('Signet');
    expect(app.getPath('userData')).toBe(path.resolve(temp.dir));
    expect(app.getPath('sessionData')).toBe(path.join(path.resolve(temp.dir), 'Chromium'));
    expect(app.sandboxed).toBe(true);
    expect(created).toHaveLength(1);
    expect(created[0]?.options.dataDir).toBe(path.resolve(temp.dir));
    expect(created[0]?.windowsAtCreation).toBe(0);
    expect(BrowserWindow.instances).toHaveLength(1);
  });

  it('uses appData/Signet when SIGNET_HOME is not set', async () => {
    app.setPath('appData', temp.dir);
    await start({});
    expect(app.getPath('userData')).toBe(path.join(temp.dir, 'Signet'));
  });

  it('starts the launch refresh once the window shows', async () => {
    await start();
    expect(refreshes).toEqual([1]);
  });

  it('loads the built renderer into a hardened window with the preload', async () => {
    await start();
    const window = theWindow();
    expect(window.loaded).toEqual({ url: appUrl });
    expect((window.options['webPreferences'] as Record<string, unknown>)['preload']).toBe(
      '/opt/Signet/out/preload/index.cjs',
    );
    expect(window.webContents.windowOpenHandler?.({})).toEqual({ action: 'deny' });
    expect(session.defaultSession.respond({})?.['Content-Security-Policy']?.[0]).toContain(
      "script-src 'self';",
    );
    expect(session.defaultSession.requestPermission('notifications')).toBe(false);
  });

  it('answers the contract over IPC to its window only', async () => {
    await start();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...channelNames].sort());
    const window = theWindow();
    expect(window.webContents.mainFrame.url).toBe(appUrl);
    expect(await ipcMain.invoke(fromWindow(window), 'accounts:list')).toEqual({ ok: true, value: [] });
    const status = await ipcMain.invoke(fromWindow(window), 'status:get');
    expect(status).toMatchObject({ ok: true, value: { dataDir: path.resolve(temp.dir), cache: 'sqlite' } });

    const stranger = new FakeWebContents(appUrl);
    const forbidden = { ok: false, error: { code: 'forbidden', message: expect.any(String) } };
    expect(
      await ipcMain.invoke({ sender: stranger, senderFrame: stranger.mainFrame }, 'accounts:list'),
    ).toEqual(forbidden);
    const elsewhere = {
      sender: window.webContents,
      senderFrame: { url: 'https://evil.example/', parent: null },
    };
    expect(await ipcMain.invoke(elsewhere, 'accounts:list')).toEqual(forbidden);
  });

  it('shows a config error in a dialog and exits without opening a window', async () => {
    writeFileSync(path.join(temp.dir, 'config.json'), JSON.stringify({ logLevel: 'loud' }));
    expect(await start()).toBeNull();
    expect(dialog.errors).toHaveLength(1);
    expect(dialog.errors[0]?.content).toContain('config.json');
    expect(dialog.errors[0]?.content).toContain('logLevel');
    expect(dialog.errors[0]?.content).not.toContain('\n');
    expect(app.exitCode).toBe(1);
    expect(BrowserWindow.instances).toEqual([]);
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('quits when another instance holds the lock, without touching the data', async () => {
    app.singleInstance = false;
    expect(await start()).toBeNull();
    expect(app.quitCount).toBe(1);
    expect(created).toEqual([]);
    expect(BrowserWindow.instances).toEqual([]);
  });

  it('focuses the existing window when a second instance starts', async () => {
    await start();
    const window = theWindow();
    window.minimized = true;
    app.emit('second-instance', {}, [], '');
    expect(window.minimized).toBe(false);
    expect(window.visible).toBe(true);
    expect(window.focused).toBe(true);
  });

  it('forwards core events to the window', async () => {
    net.online = false;
    await start();
    const window = theWindow();
    await vi.waitFor(() =>
      expect(window.webContents.sent).toContainEqual({
        channel: eventChannel('status-changed'),
        payload: expect.objectContaining({ online: false }),
      }),
    );
  });

  it('refreshes on resume and when the network returns', async () => {
    net.online = false;
    await start(undefined, { onlinePollMs: 10 });
    const patiently = { timeout: 5000 };
    await vi.waitFor(() => expect(refreshes).toHaveLength(1), patiently);
    // A pass asked for while one runs is folded into it (the core's rule); let each one finish.
    const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
    await settle();
    powerMonitor.emit('resume');
    await vi.waitFor(() => expect(refreshes).toHaveLength(2), patiently);
    await settle();
    net.online = true;
    await vi.waitFor(() => expect(refreshes).toHaveLength(3), patiently);
    expect((await running?.service.status())?.online).toBe(true);
  });

  it('notifies when an account turns needs-reauth, and the notification opens the window', async () => {
    await start();
    const service = running!.service;
    // A second connection to the app's own database, as another Signet process would have.
    const db = openDatabase(temp.dir);
    const accounts = new AccountsRepository(db);
    const { account } = accounts.upsert({
      provider: 'github',
      issuer: 'https://github.com/login/oauth',
      providerUserId: '583231',
      login: 'octocat',
      displayName: null,
      email: null,
      avatar: null,
      scopes: [],
    });
    await service.emitAccounts();
    expect(Notification.instances).toEqual([]);
    accounts.setStatus(account.id, 'needs-reauth', 'needs-reauth');
    db.$client.close();
    await service.emitAccounts();
    expect(Notification.instances).toHaveLength(1);
    const notification = Notification.instances[0]!;
    expect(notification.options.body).toBe('Sign in to GitHub again (octocat)');
    expect(notification.shown).toBe(true);

    // Closed to the tray, then gone for good: the notification opens a new one.
    theWindow().close();
    theWindow().destroy();
    notification.emit('click');
    expect(BrowserWindow.instances).toHaveLength(2);
    expect(theWindow().focused).toBe(true);
  });

  it('closes the service exactly once on quit, then quits', async () => {
    await start();
    expect(app.fireQuit('before-quit')).toBe(true);
    expect(app.fireQuit('before-quit')).toBe(true);
    expect(app.fireQuit('will-quit')).toBe(true);
    await vi.waitFor(() => expect(app.quitCount).toBe(1));
    expect(closes).toBe(1);
    expect(app.fireQuit('will-quit')).toBe(false);
    await running?.shutdown();
    expect(closes).toBe(1);
    // Once closed, nothing is left polling or listening.
    expect(powerMonitor.listenerCount('resume')).toBe(0);
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('with close to tray off, quits when the last window closes, except on macOS', async () => {
    writeFileSync(path.join(temp.dir, 'config.json'), JSON.stringify({ app: { closeToTray: false } }));
    await start();
    theWindow().close();
    expect(theWindow().destroyed).toBe(true);
    app.emit('window-all-closed');
    expect(app.quitCount).toBe(process.platform === 'darwin' ? 0 : 1);
    app.emit('activate');
    expect(BrowserWindow.instances).toHaveLength(2);
  });
});
