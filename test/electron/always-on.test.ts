import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
  ipcMain,
  net,
  Notification,
  powerMonitor,
  protocol,
  resetFakeElectron,
  Tray,
} from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

let temp: ReturnType<typeof makeTempDir>;
let running: RunningSignet | null = null;
let refreshes = 0;
let closes = 0;

async function testCore(options: CoreOptions): Promise<AccountService> {
  const service = await createCore({ ...options, secrets: new MemorySecretStore(), logger: silentLogger });
  const refreshAll = service.refreshAll.bind(service);
  vi.spyOn(service, 'refreshAll').mockImplementation((...args) => {
    refreshes += 1;
    return refreshAll(...args);
  });
  const close = service.close.bind(service);
  vi.spyOn(service, 'close').mockImplementation(() => {
    closes += 1;
    return close();
  });
  return service;
}

async function start(extra: Record<string, unknown> = {}) {
  running = await startSignet({
    env: { SIGNET_HOME: temp.dir, XDG_CONFIG_HOME: path.join(temp.dir, 'xdg') },
    createCore: testCore,
    mainDir: '/opt/Signet/out/main',
    argv: ['/opt/Signet/signet-app'],
    ...extra,
  });
  return running!;
}

const window = () => {
  const last = BrowserWindow.instances.at(-1);
  if (!last) throw new Error('no window');
  return last;
};
const tray = () => {
  const last = Tray.instances.at(-1);
  if (!last) throw new Error('no tray');
  return last;
};
const fromWindow = (win: BrowserWindow) => ({
  sender: win.webContents,
  senderFrame: win.webContents.mainFrame,
});
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

/** An account written by another Signet process, so the app sees it on its next listing. */
function addAccount(status?: 'needs-reauth') {
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
  if (status) accounts.setStatus(account.id, status, status);
  db.$client.close();
  return account;
}

beforeEach(() => {
  resetFakeElectron();
  temp = makeTempDir('signet-always-on-');
  refreshes = 0;
  closes = 0;
});

afterEach(async () => {
  await running?.shutdown();
  running = null;
  temp.cleanup();
});

describe('Signet with its window closed', () => {
  it('closing the window hides it to the tray, says so once, and the app keeps running', async () => {
    await start();
    const first = window();
    first.visible = true;
    first.close();
    expect(first.destroyed).toBe(false);
    expect(first.visible).toBe(false);
    app.emit('window-all-closed');
    expect(app.quitCount).toBe(0);
    expect(Notification.instances.map((n) => n.options.title)).toEqual(['Signet is still running']);
    // Said once: the next close is silent, and so is the next launch.
    first.close();
    expect(Notification.instances).toHaveLength(1);
    expect(JSON.parse(readFileSync(path.join(temp.dir, 'config.json'), 'utf8'))).toEqual({
      app: { trayNoticeShown: true },
    });
    expect(tray().destroyed).toBe(false);
  });

  it('refreshes on resume and when the network returns, and notifies, with no window', async () => {
    net.online = false;
    await start({ onlinePollMs: 10 });
    await vi.waitFor(() => expect(refreshes).toBe(1));
    window().destroy();
    expect(BrowserWindow.getAllWindows()).toEqual([]);
    await settle();
    powerMonitor.emit('resume');
    await vi.waitFor(() => expect(refreshes).toBe(2));
    await settle();
    net.online = true;
    await vi.waitFor(() => expect(refreshes).toBe(3));

    const account = addAccount();
    await running!.service.emitAccounts();
    const db = openDatabase(temp.dir);
    new AccountsRepository(db).setStatus(account.id, 'needs-reauth', 'needs-reauth');
    db.$client.close();
    await running!.service.emitAccounts();
    const notice = Notification.instances.find((n) => n.options.title === 'Signet: sign-in needed');
    expect(notice?.shown).toBe(true);
    expect(BrowserWindow.getAllWindows()).toEqual([]);
    // The tray says so too, with a way back in.
    expect(tray().labels()).toContain('GitHub · octocat — sign in again');
    expect(tray().tooltip).toBe('Signet: 1 account, 1 needs signing in again');
    tray().menu!.click('Sign in to GitHub again…');
    expect(BrowserWindow.getAllWindows()).toHaveLength(1);
  });

  it('a second launch opens a window when none exists, and shows a hidden one', async () => {
    await start();
    window().destroy();
    app.emit('second-instance', {}, [], '');
    expect(BrowserWindow.getAllWindows()).toHaveLength(1);
    const reopened = window();
    expect(reopened.visible).toBe(true);
    expect(reopened.focused).toBe(true);
    reopened.close();
    expect(reopened.visible).toBe(false);
    app.emit('second-instance', {}, [], '');
    expect(BrowserWindow.instances).toHaveLength(2);
    expect(reopened.visible).toBe(true);
  });

  it('starts hidden in the tray with --hidden', async () => {
    await start({ argv: ['/opt/Signet/signet-app', '--hidden'] });
    expect(BrowserWindow.instances).toEqual([]);
    expect(Tray.instances).toHaveLength(1);
    expect(refreshes).toBe(1);
    tray().menu!.click('Open Signet');
    expect(BrowserWindow.instances).toHaveLength(1);
  });

  it('on macOS, a login start stays in the menu bar', async () => {
    app.wasOpenedAtLogin = true;
    await start({ platform: 'darwin' });
    expect(BrowserWindow.instances).toEqual([]);
  });

  it('"Pause refresh" stops the passes until it is turned off again', async () => {
    await start({ onlinePollMs: 10 });
    await vi.waitFor(() => expect(refreshes).toBe(1));
    await settle();
    tray().menu!.click('Pause refresh');
    expect(running!.refresh.isPaused).toBe(true);
    expect(tray().menu!.items.find((item) => item.label === 'Pause refresh')?.checked).toBe(true);
    powerMonitor.emit('resume');
    await settle();
    expect(refreshes).toBe(1);
    tray().menu!.click('Pause refresh');
    await vi.waitFor(() => expect(refreshes).toBe(2));
  });

  it('"Quit Signet" from the tray closes the window, the core and the tray once, cleanly', async () => {
    await start();
    await vi.waitFor(() => expect(running!.agent()).not.toBeNull());
    const socket = running!.agent()!.socketPath;
    const shown = window();
    tray().menu!.click('Quit Signet');
    expect(app.quitCount).toBe(1);
    // Electron fires before-quit on app.quit(); the shutdown holds it until the core has closed.
    expect(app.fireQuit('before-quit')).toBe(true);
    shown.close();
    expect(shown.destroyed).toBe(true);
    await vi.waitFor(() => expect(app.quitCount).toBe(2));
    expect(closes).toBe(1);
    expect(tray().destroyed).toBe(true);
    expect(ipcMain.handlers.size).toBe(0);
    expect(powerMonitor.listenerCount('resume')).toBe(0);
    expect(running!.agent()).toBeNull();
    expect(existsSync(socket)).toBe(false);
  });

  it('runs the agent in the main process, so signet token is answered from its memory', async () => {
    await start();
    await vi.waitFor(() => expect(running!.agent()).not.toBeNull());
    expect(running!.agent()!.scheduler).toBeUndefined();
    expect(existsSync(running!.agent()!.socketPath)).toBe(true);
  });
});

describe('the app shell on a first real run', () => {
  it('serves the window from app:// registered as privileged, with the CSP as a header', async () => {
    await start();
    expect(protocol.privileged).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    expect(window().loaded).toEqual({ url: 'app://signet/index.html' });
    const refused = await protocol.request('app://signet/../../../etc/passwd');
    expect(refused.status).toBe(404);
    expect(refused.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('sets the Windows app user model id: the executable under npm start, the app id packaged', async () => {
    await start({ platform: 'win32' });
    expect(app.appUserModelId).toBe(process.execPath);
    await running!.shutdown();
    running = null;
    resetFakeElectron();
    app.isPackaged = true;
    await start({ platform: 'win32' });
    expect(app.appUserModelId).toBe('dev.signet.app');
  });

  it('a packaged app refuses --remote-debugging-port, --inspect and --js-flags before anything opens', async () => {
    app.isPackaged = true;
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await start({ argv: ['/opt/Signet/signet-app', '--remote-debugging-port=9222'] })).toBeNull();
      expect(app.exitCode).toBe(2);
      app.exitCode = undefined;
      app.switches.add('js-flags');
      expect(await start({ argv: ['/opt/Signet/signet-app'] })).toBeNull();
      expect(app.exitCode).toBe(2);
      expect(String(stderr.mock.calls.at(-1)?.[0])).toContain('--js-flags');
    } finally {
      stderr.mockRestore();
    }
    expect(BrowserWindow.instances).toEqual([]);
    expect(Tray.instances).toEqual([]);
  });

  it('an unpackaged app (npm start) may be debugged', async () => {
    await start({ argv: ['/opt/electron', '.', '--inspect'] });
    expect(BrowserWindow.instances).toHaveLength(1);
  });

  it('Settings: start at login writes the XDG autostart entry, close to tray turns off, Open logs opens the file', async () => {
    await start({ platform: 'linux' });
    const from = fromWindow(window());
    const set = await ipcMain.invoke(from, 'app:set-preferences', { startAtLogin: true });
    expect(set).toMatchObject({ ok: true, value: { startAtLogin: true, closeToTray: true } });
    const entry = readFileSync(path.join(temp.dir, 'xdg', 'autostart', 'signet.desktop'), 'utf8');
    expect(entry).toContain('[Desktop Entry]');
    expect(entry).toMatch(/^Exec=.* --hidden$/m);
    await ipcMain.invoke(from, 'app:set-preferences', { startAtLogin: false });
    expect(existsSync(path.join(temp.dir, 'xdg', 'autostart', 'signet.desktop'))).toBe(false);

    await ipcMain.invoke(from, 'app:set-preferences', { closeToTray: false });
    window().close();
    expect(window().destroyed).toBe(true);

    const { shell } = await import('./fake-electron.js');
    const logs = path.join(temp.dir, 'logs', 'signet.log');
    const prefs = (await ipcMain.invoke(fromWindow(new BrowserWindow({})), 'app:preferences')) as {
      ok: boolean;
    };
    expect(prefs.ok).toBe(false); // a window Signet did not create is refused
    app.emit('activate');
    const answer = await ipcMain.invoke(fromWindow(window()), 'app:open-logs');
    expect(answer).toEqual({ ok: true, value: null });
    expect(shell.openedPaths).toEqual([logs]);
  });
});
