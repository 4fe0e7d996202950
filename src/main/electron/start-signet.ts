/**
 * The Electron front's composition root: the data directory, the core, the window, the tray, IPC,
 * the refresh schedule and the agent, their events, and a clean shutdown. Everything it wires is
 * in its own small file; this one only says in which order.
 * @see docs/ARCHITECTURE.md
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  app,
  type BrowserWindow,
  clipboard,
  dialog,
  nativeTheme,
  net,
  Notification,
  powerMonitor,
  protocol,
  session,
  shell,
} from 'electron';
import type { AccountView } from '../../shared/domain.js';
import {
  appName,
  createCore,
  createLogFileSink,
  electronNativeModules,
  logFilePath,
  readAppPreferences,
  RefreshScheduler,
  resolveDataDir,
  startAgent,
  toSignetError,
  writeAppPreferences,
  type AccountService,
  type CoreOptions,
  type RunningAgent,
} from '../core/index.js';
import { createIpcHandlers } from '../ipc/ipc-handlers.js';
import { createAppCapabilities } from './app-capabilities.js';
import { appSchemePrivileges, serveAppRequest, appScheme } from './app-protocol.js';
import { BackgroundRefresh } from './background-refresh.js';
import { refusalMessage, refusedSwitchesIn } from './command-line-guard.js';
import { ElectronBrowserOpener } from './electron-opener.js';
import { forwardEvents, registerMainIpc } from './ipc.js';
import { setStartAtLogin, startsHidden } from './login-item.js';
import { watchOnline } from './online-watcher.js';
import { reauthNotice, watchReauth } from './reauth-notifier.js';
import { hardenSession, isTrustedSender, type TrustPolicy } from './security.js';
import { installShutdown } from './shutdown.js';
import { confirmSyncServer } from './sync-server-dialog.js';
import { createTray, type SignetTray } from './tray.js';
import { createTrayActionHandler } from './tray-actions.js';
import { appPaths, createMainWindow, devServerUrl, rendererUrl } from './window.js';

/** The app's id: Windows matches notifications to it (the installer's shortcut carries it too). */
export const appId = 'dev.signet.app';

export interface StartOptions {
  env?: Record<string, string | undefined>;
  /** The core's factory; tests wrap it to use an in-memory keychain. */
  createCore?: (options: CoreOptions) => Promise<AccountService>;
  /** The folder of the main bundle (`out/main`), to find the preload and renderer. */
  mainDir?: string;
  /** How often connectivity is polled. */
  onlinePollMs?: number;
  /** The process's arguments (`--hidden` starts in the tray); `process.argv` by default. */
  argv?: readonly string[];
  /** The platform whose conventions to follow; `process.platform` by default. */
  platform?: NodeJS.Platform;
}

/** What a started app exposes to its caller (tests; the entry point ignores it). */
export interface RunningSignet {
  service: AccountService;
  window(): BrowserWindow | null;
  /** The tray icon, present for as long as the app runs. */
  tray(): SignetTray | null;
  /** The agent answering `signet token` from this process, when it could start. */
  agent(): RunningAgent | null;
  refresh: BackgroundRefresh;
  /** The shutdown that `before-quit` runs: stop everything, close the core once. */
  shutdown(): Promise<void>;
}

/**
 * Starts the app. Resolves `null` when this instance is not needed (another one runs, and has
 * been focused) or could not start (the reason was shown to the person, and the app exits 1).
 */
export async function startSignet(options: StartOptions = {}): Promise<RunningSignet | null> {
  const env = options.env ?? process.env;
  const argv = options.argv ?? process.argv;
  const platform = options.platform ?? process.platform;
  if (app.isPackaged) {
    const refused = refusedSwitchesIn(argv, (name) => app.commandLine.hasSwitch(name));
    if (refused.length > 0) {
      process.stderr.write(refusalMessage(refused));
      app.exit(2);
      return null;
    }
  }
  // The core's folder, the same as the CLI's; set before `ready` so Chromium uses it too.
  app.setName(appName);
  // Windows shows a toast only for an app with an id: the installer's when packaged, else the
  // executable's (npm start).
  if (platform === 'win32') app.setAppUserModelId(app.isPackaged ? appId : process.execPath);
  const dataDir = resolveDataDir(env, { appData: app.getPath('appData') });
  app.setPath('userData', dataDir);
  // Chromium's caches in a folder of their own, so the data directory shows Signet's files.
  app.setPath('sessionData', path.join(dataDir, 'Chromium'));
  // Every renderer sandboxed, whatever a window's options say.
  app.enableSandbox();
  // Before `ready`: the window's scheme is standard and secure, as https is.
  protocol.registerSchemesAsPrivileged([appSchemePrivileges]);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  let window: BrowserWindow | null = null;
  let openWindow: () => void = () => undefined;
  const showWindow = () => {
    // A second launch or the tray opens the window wherever it was closed.
    if (!window || window.isDestroyed()) openWindow();
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  app.on('second-instance', showWindow);

  await app.whenReady();
  const paths = appPaths(options.mainDir);
  const appUrl = rendererUrl({ env, isPackaged: app.isPackaged, rendererIndex: paths.rendererIndex });
  const dev = devServerUrl(appUrl);
  hardenSession(session.defaultSession, { devServerUrl: dev });
  if (!dev) {
    protocol.handle(appScheme, (request) => serveAppRequest(path.dirname(paths.rendererIndex), request.url));
  }

  // A packaged app has no terminal: its log goes to a rotating file in the data directory too.
  const logFile = createLogFileSink({ file: logFilePath(dataDir) });
  // Migrations run inside createCore: no window may see an old schema.
  let service: AccountService;
  try {
    service = await (options.createCore ?? createCore)({
      env,
      dataDir,
      opener: new ElectronBrowserOpener(),
      nativeModules: electronNativeModules(app.getAppPath()),
      // Electron's net: the system's proxy settings and trust store, as the browser uses.
      fetch: (url, init) => net.fetch(url, init),
      logSink: (line) => {
        logFile(line);
        if (!app.isPackaged) process.stderr.write(`${line}\n`);
      },
    });
  } catch (error) {
    dialog.showErrorBox('Signet cannot start', toSignetError(error).message);
    app.exit(1);
    return null;
  }
  const logger = service.logger;
  let preferences = readAppPreferences(dataDir);

  const loginContext = {
    platform,
    app,
    env,
    execPath: env['APPIMAGE'] ?? process.execPath,
    appArgs: app.isPackaged ? [] : [app.getAppPath()],
  };
  const ours = new WeakSet<object>();
  const policy: TrustPolicy = {
    appUrl,
    isOurContents: (contents) => typeof contents === 'object' && contents !== null && ours.has(contents),
  };
  const disposeIpc = registerMainIpc(
    createIpcHandlers(service, {
      writeClipboard: (text) => clipboard.writeText(text),
      confirmSyncServer: (request) => confirmSyncServer(window, request),
      app: createAppCapabilities({
        dataDir,
        logFile: logFile.file,
        login: loginContext,
        command: { platform, env, execPath: process.execPath, isPackaged: app.isPackaged },
        openPath: async (file) => {
          if (!existsSync(file)) {
            mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
            writeFileSync(file, '', { mode: 0o600 });
          }
          const failed = await shell.openPath(file);
          if (failed) shell.showItemInFolder(file);
        },
        onChange: (saved) => (preferences = saved),
      }),
    }),
    (event) => isTrustedSender(event, policy),
  );

  let quitting = false;
  app.on('before-quit', () => (quitting = true));
  const tellOnceAboutTray = () => {
    if (preferences.trayNoticeShown) return;
    preferences = writeAppPreferencesQuietly(dataDir, { trayNoticeShown: true }) ?? preferences;
    if (!Notification.isSupported()) return;
    new Notification({
      title: 'Signet is still running',
      body: 'It keeps you signed in from the tray. Quit it from the tray menu, or turn this off in Settings.',
    }).show();
  };

  openWindow = () => {
    const created = createMainWindow({
      preloadPath: paths.preload,
      appUrl,
      dark: nativeTheme.shouldUseDarkColors,
    });
    // Captured now: a closed window's webContents can no longer be read.
    const contents = created.webContents;
    ours.add(contents);
    const stopForwarding = forwardEvents(service, contents);
    created.on('close', (event: { preventDefault(): void }) => {
      // Closing the window keeps Signet running in the tray, as password managers do.
      if (quitting || !preferences.closeToTray) return;
      event.preventDefault();
      created.hide();
      tellOnceAboutTray();
    });
    created.on('closed', () => {
      stopForwarding();
      if (window === created) window = null;
    });
    window = created;
  };

  const notify = (account: AccountView) => {
    if (!Notification.isSupported()) return;
    const notification = new Notification(reauthNotice(account));
    notification.on('click', showWindow);
    notification.show();
  };
  // Read before the launch refresh, so an account that fails it is noticed.
  const initial = await service.listAccounts().catch(() => []);
  const stopReauth = watchReauth(service, initial, notify);

  const refresh = new BackgroundRefresh(new RefreshScheduler(service, logger));
  const onResume = () => void refresh.onResume();
  powerMonitor.on('resume', onResume);
  const stopOnline = watchOnline({
    isOnline: () => net.isOnline(),
    onChange: (online) => {
      service.setOnline(online);
      if (online) void refresh.onOnline();
    },
    ...(options.onlinePollMs ? { intervalMs: options.onlinePollMs } : {}),
  });

  // The tray shows what the window shows: the same accounts and statuses.
  let accounts: readonly AccountView[] = initial;
  let tray: SignetTray | null = null;
  const trayState = () => ({ accounts, paused: refresh.isPaused });
  const onTrayAction = createTrayActionHandler({
    showWindow,
    refreshAll: () => service.refreshAll({ force: true }),
    refresh,
    updateTray: () => tray?.update(trayState()),
    quit: () => app.quit(),
  });
  tray = createTray({ iconPath: paths.trayIcon, state: trayState(), onAction: onTrayAction });
  const stopTray = service.on('accounts-changed', (next) => {
    accounts = next;
    tray?.update(trayState());
  });

  // The same agent `signet agent` runs, so `signet token` is answered from this process's memory.
  let agent: RunningAgent | null = null;
  const agentStarting = startAgent({ service, dataDir, logger, refreshAhead: false })
    .then((running) => (agent = running))
    .catch((error: unknown) => {
      logger.warn('the agent did not start; signet token works without it', {
        code: toSignetError(error).code,
      });
      return null;
    });

  const shutdown = installShutdown(app, {
    stop: () => {
      refresh.stop();
      stopOnline();
      stopReauth();
      stopTray();
      tray?.destroy();
      tray = null;
      powerMonitor.off('resume', onResume);
      disposeIpc();
    },
    close: async () => {
      await agentStarting;
      await agent?.close().catch(() => undefined);
      agent = null;
      await service.close();
    },
    onError: (error) => logger.error('shutdown failed', { code: toSignetError(error).code }),
  });
  app.on('window-all-closed', () => {
    // With close to tray, no window is normal. Without it, the last window ends the app, except
    // on macOS, where apps stay in the Dock.
    if (!preferences.closeToTray && platform !== 'darwin') app.quit();
  });
  app.on('activate', showWindow);

  // Start at login follows the setting, with this executable (it moves when the app updates).
  if (preferences.startAtLogin) {
    try {
      setStartAtLogin(true, loginContext);
    } catch (error) {
      logger.warn('start at login could not be renewed', { code: toSignetError(error).code });
    }
  }
  // The window shows cached state at once; the launch refresh updates it as it goes. A login
  // start stays in the tray.
  const loginItem = platform === 'darwin' ? app.getLoginItemSettings() : undefined;
  if (!startsHidden(argv, loginItem?.wasOpenedAtLogin === true)) openWindow();
  void refresh.start();
  return {
    service,
    window: () => window,
    tray: () => tray,
    agent: () => agent,
    refresh,
    shutdown,
  };
}

function writeAppPreferencesQuietly(dataDir: string, change: Parameters<typeof writeAppPreferences>[1]) {
  try {
    return writeAppPreferences(dataDir, change);
  } catch {
    return undefined;
  }
}
