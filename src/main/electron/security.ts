/**
 * The window's security policy: a strict CSP, no permissions, no new windows, no navigation away
 * from the app, and a check on every IPC sender. The pure helpers take only the small shapes of
 * Electron objects they read, so tests drive them with plain objects.
 * @see docs/ARCHITECTURE.md §8
 */

/** A frame as `event.senderFrame` presents it (Electron's `WebFrameMain`). */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
}

/** What `isTrustedSender` reads from an `IpcMainInvokeEvent`. */
export interface SenderEvent {
  readonly sender: unknown;
  readonly senderFrame: FrameLike | null;
}

export interface TrustPolicy {
  /** The URL the window loads: `app://signet/index.html` or the dev server's. */
  appUrl: string;
  /** Whether these web contents belong to a window this process created. */
  isOurContents(contents: unknown): boolean;
}

/**
 * Whether `candidate` is the app itself. A `file:` app is one exact file (any other local file,
 * such as `file:///etc/passwd`, is not the app); an `http(s):` app (the dev server) is its origin.
 */
export function isAppUrl(candidate: string, appUrl: string): boolean {
  let target: URL;
  let app: URL;
  try {
    target = new URL(candidate);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  if (app.protocol === 'file:') {
    return target.protocol === 'file:' && target.host === app.host && samePath(target.pathname, app.pathname);
  }
  if (app.protocol === 'http:' || app.protocol === 'https:') return target.origin === app.origin;
  // The app's own scheme (`app://signet/…`): any file it serves, none of another host.
  if (app.protocol === 'app:') return target.protocol === 'app:' && target.host === app.host;
  return false;
}

function samePath(a: string, b: string): boolean {
  try {
    return decodeURIComponent(a) === decodeURIComponent(b);
  } catch {
    return false;
  }
}

/**
 * An IPC call is trusted only from the main frame of a window we created, showing the app. A
 * subframe, devtools, a page navigated elsewhere or a frame already gone is refused.
 */
export function isTrustedSender(event: SenderEvent, policy: TrustPolicy): boolean {
  try {
    const frame = event.senderFrame;
    if (!frame) return false;
    if (!policy.isOurContents(event.sender)) return false;
    if (frame.parent !== null) return false;
    return isAppUrl(frame.url, policy.appUrl);
  } catch {
    // Reading a disposed frame throws in Electron; a frame that is gone is not trusted.
    return false;
  }
}

const baseDirectives: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['default-src', ["'self'"]],
  ['img-src', ["'self'", 'data:']],
  ['style-src', ["'self'"]],
  ['script-src', ["'self'"]],
  ['connect-src', ["'self'"]],
  ['object-src', ["'none'"]],
  ['base-uri', ["'none'"]],
  ['form-action', ["'none'"]],
  ['frame-ancestors', ["'none'"]],
];

/**
 * The Content-Security-Policy of every response. With a dev server (development only), its origin
 * may serve scripts, its WebSocket may carry hot-module updates, and its inline preamble and
 * styles may run; a built app gets the strict policy alone.
 */
export function contentSecurityPolicy(devServerUrl?: string | null): string {
  let dev: URL | null = null;
  if (devServerUrl) {
    try {
      dev = new URL(devServerUrl);
    } catch {
      dev = null;
    }
  }
  return baseDirectives
    .map(([name, sources]) => {
      const extra: string[] = [];
      // Dev only: the dev server's React-refresh preamble and injected CSS are inline.
      if (dev && name === 'script-src') extra.push(dev.origin, "'unsafe-inline'");
      if (dev && name === 'style-src') extra.push("'unsafe-inline'");
      if (dev && name === 'connect-src')
        extra.push(dev.origin, `${dev.protocol === 'https:' ? 'wss' : 'ws'}://${dev.host}`);
      return `${name} ${[...sources, ...extra].join(' ')}`;
    })
    .join('; ');
}

/** Response headers with the CSP set, replacing any the response carried in any letter case. */
export function withCsp(
  headers: Record<string, string[]> | undefined,
  csp: string,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [csp];
  return result;
}

/** The parts of an Electron `Session` that `hardenSession` configures. */
export interface SessionLike {
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void,
      ) => void,
    ): void;
  };
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: unknown, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: () => boolean): void;
}

/** Sets the CSP on every response and denies every permission (camera, notifications, …). */
export function hardenSession(session: SessionLike, options: { devServerUrl?: string | null } = {}): void {
  const csp = contentSecurityPolicy(options.devServerUrl);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders, csp) });
  });
  // The window needs no permission; desktop notifications come from the main process.
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** A navigation event as `will-navigate` and `will-redirect` pass it. */
export interface NavigationEvent {
  readonly url: string;
  preventDefault(): void;
}

/** The parts of Electron's `WebContents` that `hardenContents` configures. */
export interface ContentsLike {
  setWindowOpenHandler(handler: () => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
}

/** No new windows, no webviews, and no navigation away from the app. */
export function hardenContents(contents: ContentsLike, appUrl: string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const stayInApp = (event: NavigationEvent) => {
    if (!isAppUrl(event.url, appUrl)) event.preventDefault();
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
