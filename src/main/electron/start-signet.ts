/**
 * The Electron front's composition root: the data directory, the core, the window, IPC, the
 * refresh schedule and their events, and a clean shutdown. Everything it wires is in its own
 * small file; this one only says in which order.
 * @see docs/ARCHITECTURE.md
 */
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
  session,
} from 'electron';
import type { AccountView } from '../../shared/domain.js';
import {
  appName,
  createCore,
  electronNativeModules,
  RefreshScheduler,
  resolveDataDir,
  toSignetError,
  type AccountService,
  type CoreOptions,
} from '../core/index.js';
import { createIpcHandlers } from '../ipc/ipc-handlers.js';
import { ElectronBrowserOpener } from './electron-opener.js';
import { forwardEvents, registerMainIpc } from './ipc.js';
import { watchOnline } from './online-watcher.js';
import { reauthNotice, watchReauth } from './reauth-notifier.js';
import { hardenSession, isTrustedSender, type TrustPolicy } from './security.js';
import { installShutdown } from './shutdown.js';
import { confirmSyncServer } from './sync-server-dialog.js';
import { appPaths, createMainWindow, devServerUrl, rendererUrl } from './window.js';

export interface StartOptions {
  env?: Record<string, string | undefined>;
  /** The core's factory; tests wrap it to use an in-memory keychain. */
  createCore?: (options: CoreOptions) => Promise<AccountService>;
  /** The folder of the main bundle (`out/main`), to find the preload and renderer. */
  mainDir?: string;
  /** How often connectivity is polled. */
  onlinePollMs?: number;
}

/** What a started app exposes to its caller (tests; the entry point ignores it). */
export interface RunningSignet {
  service: AccountService;
  window(): BrowserWindow | null;
  /** The shutdown that `before-quit` runs: stop everything, close the core once. */
  shutdown(): Promise<void>;
}

/**
 * Starts the app. Resolves `null` when this instance is not needed (another one runs, and has
 * been focused) or could not start (the reason was shown to the person, and the app exits 1).
 */
export async function startSignet(options: StartOptions = {}): Promise<RunningSignet | null> {
  const env = options.env ?? process.env;
  // The core's folder, the same as the CLI's; set before `ready` so Chromium uses it too.
  app.setName(appName);
  const dataDir = resolveDataDir(env, { appData: app.getPath('appData') });
  app.setPath('userData', dataDir);
  // Chromium's caches in a folder of their own, so the data directory shows Signet's files.
  app.setPath('sessionData', path.join(dataDir, 'Chromium'));
  // Every renderer sandboxed, whatever a window's options say.
  app.enableSandbox();

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  let window: BrowserWindow | null = null;
  const focusWindow = () => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  app.on('second-instance', focusWindow);

  await app.whenReady();
  const paths = appPaths(options.mainDir);
  const appUrl = rendererUrl({ env, isPackaged: app.isPackaged, rendererIndex: paths.rendererIndex });
  hardenSession(session.defaultSession, { devServerUrl: devServerUrl(appUrl) });

  // Migrations run inside createCore: no window may see an old schema.
  let service: AccountService;
  try {
    service = await (options.createCore ?? createCore)({
      env,
      dataDir,
      opener: new ElectronBrowserOpener(),
      nativeModules: electronNativeModules(app.getAppPath()),
    });
  } catch (error) {
    dialog.showErrorBox('Signet cannot start', toSignetError(error).message);
    app.exit(1);
    return null;
  }
  const logger = service.logger;

  const ours = new WeakSet<object>();
  const policy: TrustPolicy = {
    appUrl,
    isOurContents: (contents) => typeof contents === 'object' && contents !== null && ours.has(contents),
  };
  const disposeIpc = registerMainIpc(
    createIpcHandlers(service, {
      writeClipboard: (text) => clipboard.writeText(text),
      confirmSyncServer: (request) => confirmSyncServer(window, request),
    }),
    (event) => isTrustedSender(event, policy),
  );

  const openWindow = () => {
    const created = createMainWindow({
      preloadPath: paths.preload,
      appUrl,
      dark: nativeTheme.shouldUseDarkColors,
    });
    // Captured now: a closed window's webContents can no longer be read.
    const contents = created.webContents;
    ours.add(contents);
    const stopForwarding = forwardEvents(service, contents);
    created.on('closed', () => {
      stopForwarding();
      if (window === created) window = null;
    });
    window = created;
  };

  const notify = (account: AccountView) => {
    if (!Notification.isSupported()) return;
    const notification = new Notification(reauthNotice(account));
    notification.on('click', () => {
      if (!window) openWindow();
      focusWindow();
    });
    notification.show();
  };
  // Read before the launch refresh, so an account that fails it is noticed.
  const initial = await service.listAccounts().catch(() => []);
  const stopReauth = watchReauth(service, initial, notify);

  const scheduler = new RefreshScheduler(service, logger);
  const onResume = () => void scheduler.onResume();
  powerMonitor.on('resume', onResume);
  const stopOnline = watchOnline({
    isOnline: () => net.isOnline(),
    onChange: (online) => (online ? void scheduler.onOnline() : service.setOnline(false)),
    ...(options.onlinePollMs ? { intervalMs: options.onlinePollMs } : {}),
  });

  const shutdown = installShutdown(app, {
    stop: () => {
      scheduler.stop();
      stopOnline();
      stopReauth();
      powerMonitor.off('resume', onResume);
      disposeIpc();
    },
    close: () => service.close(),
    onError: (error) => logger.error('shutdown failed', { code: toSignetError(error).code }),
  });
  app.on('window-all-closed', () => {
    // macOS apps stay in the dock with no window; elsewhere the last window ends the app.
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!window) openWindow();
  });

  // The window shows cached state at once; the launch refresh updates it as it goes.
  openWindow();
  void scheduler.start();
  return { service, window: () => window, shutdown };
}
