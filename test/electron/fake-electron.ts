/**
 * A stand-in for the `electron` module, for tests in plain Node (no Electron binary can run
 * here). It implements only what src/main/electron and src/preload use, records what they do,
 * and lets a test play the parts of Electron: ask for an IPC call, fire `before-quit`, and so on.
 * Use it with `vi.mock('electron', () => import('./fake-electron.js'))`.
 */
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';

export class FakeFrame {
  constructor(
    public url: string,
    public parent: FakeFrame | null = null,
  ) {}
}

type WindowOpenHandler = (details: unknown) => { action: string };

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly mainFrame: FakeFrame;
  readonly sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: WindowOpenHandler | undefined;
  destroyed = false;

  constructor(url = 'about:blank') {
    super();
    this.mainFrame = new FakeFrame(url);
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Fires a navigation event the way Electron does and says whether it was prevented. */
  navigate(event: 'will-navigate' | 'will-redirect', url: string): boolean {
    let prevented = false;
    this.emit(event, { url, preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loaded: { file?: string; url?: string } | undefined;
  visible = false;
  focused = false;
  minimized = false;
  destroyed = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.instances.push(this);
  }

  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.instances.filter((window) => !window.destroyed);
  }

  loadFile(file: string): Promise<void> {
    this.loaded = { file };
    this.webContents.mainFrame.url = pathToFileURL(file).href;
    return Promise.resolve();
  }

  loadURL(url: string): Promise<void> {
    this.loaded = { url };
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }

  show(): void {
    this.visible = true;
  }

  focus(): void {
    this.focused = true;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  restore(): void {
    this.minimized = false;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  hide(): void {
    this.visible = false;
  }

  /** As the person closing it: `close` may be prevented (the window hides instead), else it goes. */
  close(): void {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    this.destroy();
  }

  destroy(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

type HeadersListener = (
  details: { responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void,
) => void;

type PermissionRequestHandler = (
  webContents: unknown,
  permission: unknown,
  callback: (granted: boolean) => void,
) => void;

export class FakeSession {
  headersListener: HeadersListener | undefined;
  permissionRequestHandler: PermissionRequestHandler | undefined;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | undefined;
  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener) => {
      this.headersListener = listener;
    },
  };

  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(handler: (...args: unknown[]) => boolean): void {
    this.permissionCheckHandler = handler;
  }

  /** Runs a response through the registered listener and returns the headers it answered. */
  respond(headers: Record<string, string[]>): Record<string, string | string[]> | undefined {
    let answered: Record<string, string | string[]> | undefined;
    this.headersListener?.({ responseHeaders: headers }, (response) => {
      answered = response.responseHeaders;
    });
    return answered;
  }

  /** Asks for a permission and returns what the handler granted. */
  requestPermission(permission: string): boolean | undefined {
    let granted: boolean | undefined;
    this.permissionRequestHandler?.({}, permission, (value) => (granted = value));
    return granted;
  }
}

export const session = { defaultSession: new FakeSession() };

class FakeApp extends EventEmitter {
  name = 'electron';
  isPackaged = false;
  singleInstance = true;
  readonly paths = new Map<string, string>([['appData', '/fake/appData']]);
  readonly calls: string[] = [];
  quitCount = 0;
  exitCode: number | undefined;

  setName(name: string): void {
    this.name = name;
  }

  getName(): string {
    return this.name;
  }

  getPath(name: string): string {
    return this.paths.get(name) ?? `/fake/${name}`;
  }

  /** The app's root, where an unpackaged app keeps its Electron builds of native modules. */
  appPath = '/fake/app';

  getAppPath(): string {
    return this.appPath;
  }

  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }

  sandboxed = false;

  enableSandbox(): void {
    this.sandboxed = true;
  }

  appUserModelId: string | undefined;
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }

  /** What `setLoginItemSettings` was last given, and whether this launch was a login start. */
  loginItem: { openAtLogin: boolean; path?: string; args?: string[] } | undefined;
  wasOpenedAtLogin = false;
  setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }): void {
    this.loginItem = settings;
  }
  getLoginItemSettings(): { openAtLogin: boolean; wasOpenedAtLogin: boolean } {
    return { openAtLogin: this.loginItem?.openAtLogin ?? false, wasOpenedAtLogin: this.wasOpenedAtLogin };
  }

  /** Switches as Chromium parsed them (`--remote-debugging-port=9222` → `remote-debugging-port`). */
  readonly switches = new Set<string>();
  readonly commandLine = {
    hasSwitch: (name: string) => this.switches.has(name),
  };

  readonly dock = {
    hidden: false,
    hide: () => {
      this.dock.hidden = true;
    },
  };

  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }

  whenReady(): Promise<void> {
    return Promise.resolve();
  }

  quit(): void {
    this.quitCount += 1;
    this.calls.push('quit');
  }

  exit(code = 0): void {
    this.exitCode = code;
    this.calls.push(`exit ${code}`);
  }

  /** Fires `before-quit` or `will-quit` and says whether a listener held the quit. */
  fireQuit(event: 'before-quit' | 'will-quit'): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true) });
    return prevented;
  }
}

export const app = new FakeApp();

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

class FakeIpcMain {
  readonly handlers = new Map<string, InvokeHandler>();

  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What `ipcRenderer.invoke(channel, ...args)` from `event`'s sender would resolve to. */
  async invoke(event: unknown, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }
}

export const ipcMain = new FakeIpcMain();

class FakeIpcRenderer extends EventEmitter {
  readonly invocations: unknown[][] = [];

  invoke(...args: unknown[]): Promise<unknown> {
    this.invocations.push(args);
    return Promise.resolve({ ok: true, value: null });
  }
}

export const ipcRenderer = new FakeIpcRenderer();

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.set(key, api);
  },
};

interface MessageBox {
  window: unknown;
  options: { message: string; detail?: string; buttons?: string[]; cancelId?: number; defaultId?: number };
}

export const dialog = {
  errors: [] as { title: string; content: string }[],
  showErrorBox(title: string, content: string): void {
    this.errors.push({ title, content });
  },
  /** Every message box asked for, with the window it was asked on (null when none). */
  messageBoxes: [] as MessageBox[],
  /** The label of the button the person presses in the next message boxes; Cancel unless a test says. */
  answer: 'Cancel',
  showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
    const [window, options] = (args.length > 1 ? args : [null, args[0]]) as [unknown, MessageBox['options']];
    this.messageBoxes.push({ window, options });
    const index = options.buttons?.indexOf(this.answer) ?? -1;
    return Promise.resolve({
      response: index >= 0 ? index : (options.cancelId ?? 0),
      checkboxChecked: false,
    });
  },
};

export const shell = {
  /** Files `openPath` opened, and the answer it gives (an error text, or '' for success). */
  openedPaths: [] as string[],
  openPathAnswer: '',
  shownInFolder: [] as string[],
  openPath(file: string): Promise<string> {
    this.openedPaths.push(file);
    return Promise.resolve(this.openPathAnswer);
  },
  showItemInFolder(file: string): void {
    this.shownInFolder.push(file);
  },
  opened: [] as string[],
  failWith: null as Error | null,
  openExternal(url: string): Promise<void> {
    if (this.failWith) return Promise.reject(this.failWith);
    this.opened.push(url);
    return Promise.resolve();
  },
};

export const clipboard = {
  text: '',
  writeText(text: string): void {
    this.text = text;
  },
};

export const nativeTheme = { shouldUseDarkColors: false };

export const net = {
  online: true,
  isOnline(): boolean {
    return this.online;
  },
  /** Every URL fetched through Electron's net; answered by Node's fetch. */
  fetched: [] as string[],
  fetch(url: string, init?: RequestInit): Promise<Response> {
    this.fetched.push(url);
    return fetch(url, init);
  },
};

/** Electron's `protocol`: the privileged schemes registered, and each scheme's handler. */
export const protocol = {
  privileged: [] as { scheme: string; privileges: Record<string, boolean> }[],
  handlers: new Map<string, (request: { url: string }) => Promise<Response> | Response>(),
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]): void {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: { url: string }) => Promise<Response> | Response): void {
    if (this.handlers.has(scheme)) throw new Error(`The scheme ${scheme} is already handled`);
    this.handlers.set(scheme, handler);
  },
  /** What a request for `url` would get from the window's scheme. */
  async request(url: string): Promise<Response> {
    const handler = this.handlers.get(new URL(url).protocol.replace(/:$/, ''));
    if (!handler) throw new Error(`No handler for ${url}`);
    return handler({ url });
  },
};

export class FakeImage {
  constructor(
    readonly file: string,
    readonly size = 512,
  ) {}
  isEmpty(): boolean {
    return false;
  }
  resize(options: { width: number }): FakeImage {
    return new FakeImage(this.file, options.width);
  }
}

export const nativeImage = {
  createFromPath: (file: string) => new FakeImage(file),
};

export interface FakeMenuItem {
  label?: string;
  type?: string;
  checked?: boolean;
  enabled?: boolean;
  click?: () => void;
}

export class Menu {
  constructor(readonly items: FakeMenuItem[]) {}
  static buildFromTemplate(template: FakeMenuItem[]): Menu {
    return new Menu(template);
  }
  /** Clicks the item with this label, as the person would. */
  click(label: string): void {
    const item = this.items.find((candidate) => candidate.label === label);
    if (!item?.click) throw new Error(`No clickable menu item "${label}"`);
    if (item.enabled === false) throw new Error(`The menu item "${label}" is disabled`);
    item.click();
  }
}

export class Tray extends EventEmitter {
  static instances: Tray[] = [];
  menu: Menu | undefined;
  tooltip = '';
  destroyed = false;
  constructor(readonly image: FakeImage) {
    super();
    Tray.instances.push(this);
  }
  setContextMenu(menu: Menu): void {
    this.menu = menu;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** The labels of the current menu, separators as '—'. */
  labels(): string[] {
    return (this.menu?.items ?? []).map((item) => (item.type === 'separator' ? '—' : (item.label ?? '')));
  }
}

export const powerMonitor = new EventEmitter();

export class Notification extends EventEmitter {
  static instances: Notification[] = [];
  static supported = true;
  shown = false;

  constructor(readonly options: { title: string; body: string }) {
    super();
    Notification.instances.push(this);
  }

  static isSupported(): boolean {
    return Notification.supported;
  }

  show(): void {
    this.shown = true;
  }
}

/** Puts every stand-in back as a fresh process would find it. */
export function resetFakeElectron(): void {
  app.removeAllListeners();
  app.name = 'electron';
  app.isPackaged = false;
  app.singleInstance = true;
  app.sandboxed = false;
  app.paths.clear();
  app.paths.set('appData', '/fake/appData');
  app.calls.length = 0;
  app.quitCount = 0;
  app.exitCode = undefined;
  app.appUserModelId = undefined;
  app.loginItem = undefined;
  app.wasOpenedAtLogin = false;
  app.switches.clear();
  app.dock.hidden = false;
  shell.openedPaths.length = 0;
  shell.openPathAnswer = '';
  shell.shownInFolder.length = 0;
  net.fetched.length = 0;
  protocol.privileged.length = 0;
  protocol.handlers.clear();
  Tray.instances = [];
  BrowserWindow.instances = [];
  session.defaultSession = new FakeSession();
  ipcMain.handlers.clear();
  ipcRenderer.removeAllListeners();
  ipcRenderer.invocations.length = 0;
  contextBridge.exposed.clear();
  dialog.errors.length = 0;
  dialog.messageBoxes.length = 0;
  dialog.answer = 'Cancel';
  shell.opened.length = 0;
  shell.failWith = null;
  clipboard.text = '';
  nativeTheme.shouldUseDarkColors = false;
  net.online = true;
  powerMonitor.removeAllListeners();
  Notification.instances = [];
  Notification.supported = true;
}
