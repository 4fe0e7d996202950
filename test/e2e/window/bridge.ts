// The account manager window without Electron: the built renderer (out/renderer) served over
// loopback http and opened in Debian's Chromium by playwright-core, with `window.signet` built by
// the preload's own code (page-preload.ts: one function per contract channel, plus `on`), each call
// bridged to `dispatch()` on a real core — the same handler table and input parsing that the
// Electron IPC layer registers. Core events reach the page the way `forwardEvents` sends them.
//
// Everything that crosses the bridge is recorded, so a test can prove no token ever reached the
// window. Nothing here downloads a browser: Chromium is the system's.

import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { AccountService } from '../../../src/main/core/account-service.js';
import { createCore, type CoreOptions } from '../../../src/main/core/create-core.js';
import {
  createIpcHandlers,
  type AppCapabilities,
  type SyncServerConfirmation,
} from '../../../src/main/ipc/ipc-handlers.js';
import { dispatch } from '../../../src/main/ipc/dispatch.js';
import { contentSecurityPolicy } from '../../../src/main/electron/security.js';
import { eventChannel, eventNames, type EventName } from '../../../src/shared/contract.js';
import { FollowingOpener } from '../../helpers/following-opener.js';
import { forgetKeychainService } from '../../helpers/forget-keychain-service.js';
import { findSecrets } from '../../helpers/secret-scan.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const rendererDir = path.join(repoRoot, 'out', 'renderer');
export const resultsDir = path.join(repoRoot, 'test-results');

/** The size of the Electron window (src/main/electron/window.ts). */
export const windowSize = { width: 1040, height: 720 };

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const chromiumPath = '/usr/bin/chromium';

/** Debian's Chromium; never a downloaded one. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`no Chromium at ${chromiumPath}: install the distribution's (apt install chromium)`);
  }
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

// ── the renderer over http ─────────────────────────────────────────────────────────────

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The latest modification time of any file under `dirs`. */
function newestChange(dirs: string[]): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else newest = Math.max(newest, statSync(file).mtimeMs);
    }
  };
  dirs.forEach(walk);
  return newest;
}

export interface RendererServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `out/renderer` on 127.0.0.1 and an ephemeral port, with the CSP header the Electron
 * session sets; the page's CSP meta applies too (its origin is http, so `'self'` is this server).
 */
export async function serveRenderer(): Promise<RendererServer> {
  const built = path.join(rendererDir, 'index.html');
  if (!existsSync(built)) throw new Error('out/renderer is missing: run `npx electron-vite build` first');
  // Testing yesterday's bundle would pass or fail for the wrong reasons.
  const sources = ['src/renderer', 'src/shared'].map((dir) => path.join(repoRoot, dir));
  if (newestChange(sources) > statSync(built).mtimeMs) {
    throw new Error('out/renderer is older than src/renderer: run `npx electron-vite build` first');
  }
  const server: Server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    // Chromium asks an http origin for a favicon; an Electron window loading file:// never does.
    if (pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = path.join(rendererDir, pathname === '/' ? 'index.html' : pathname);
    if (req.method !== 'GET' || !file.startsWith(rendererDir + path.sep) || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const type = contentTypes[path.extname(file)] ?? 'application/octet-stream';
    // The header the Electron session adds to every response (frame-ancestors works only there).
    res
      .writeHead(200, {
        'content-type': type,
        'cache-control': 'no-store',
        'content-security-policy': contentSecurityPolicy(),
      })
      .end(readFileSync(file));
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

// ── the core ───────────────────────────────────────────────────────────────────────────

export interface BridgeCore {
  service: AccountService;
  /** Follows every authorization URL like a browser; set `follow = false` for a user who never finishes. */
  opener: FollowingOpener;
  dir: string;
  keychainService: string;
  /** Closes the core, deletes its keychain entries and its data directory. */
  close(): Promise<void>;
}

/**
 * A real core: a temporary data directory, the real keychain (keytar, under a keychain service of
 * its own), the given provider environment, and an opener the test controls.
 */
export async function startBridgeCore(
  env: Record<string, string>,
  options: Omit<CoreOptions, 'env' | 'dataDir' | 'opener'> = {},
): Promise<BridgeCore> {
  const temp = makeTempDir('signet-window-');
  const keychainService = `signet-window-e2e-${randomUUID()}`;
  const opener = new FollowingOpener();
  const service = await createCore({
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    ...options,
    dataDir: temp.dir,
    env: { SIGNET_HOME: temp.dir, SIGNET_KEYCHAIN_SERVICE: keychainService, ...env },
    opener,
  });
  return {
    service,
    opener,
    dir: temp.dir,
    keychainService,
    async close() {
      await service.close();
      await forgetKeychainService(keychainService);
      temp.cleanup();
    },
  };
}

// ── the window ─────────────────────────────────────────────────────────────────────────

export interface Crossing {
  kind: 'result' | 'event';
  name: string;
  /** Exactly what was handed to the page (as JSON). */
  payload: string;
}

export interface WindowBridge {
  page: Page;
  context: BrowserContext;
  /** Every IPC result and every event payload sent to the page, in order. */
  readonly crossings: Crossing[];
  /** The events the page was sent, parsed, in order. */
  events<E extends EventName>(name: E): unknown[];
  /** What "Copy link" put on the clipboard (the main process's clipboard, not the page's). */
  readonly clipboard: string[];
  /** Console errors and uncaught page errors. */
  readonly consoleErrors: string[];
  /** Secrets found in anything that crossed to the page. */
  findLeaks(known?: string[]): string[];
  /** A full-page screenshot to test-results/window-<name>.png. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface OpenWindowOptions {
  colorScheme?: 'light' | 'dark';
  /** Only for the axe check, which injects a script the CSP would refuse. */
  bypassCSP?: boolean;
  /** The person's answer to the main process's "Use this sync server?" dialog; yes unless told. */
  answerSyncServer?: (request: SyncServerConfirmation) => boolean;
  /** The desktop app's preferences, logs and command for this window; none unless given. */
  app?: (core: BridgeCore) => AppCapabilities;
}

let pagePreload: Promise<string> | undefined;

/**
 * page-preload.ts bundled for the page, once per test file: the preload's own code, so the window
 * is tested with the `window.signet` Electron gives it rather than a copy of it.
 */
function pagePreloadScript(): Promise<string> {
  pagePreload ??= build({
    entryPoints: [path.join(import.meta.dirname, 'page-preload.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    logLevel: 'warning',
  }).then((result) => result.outputFiles[0]!.text);
  return pagePreload;
}

/** Opens the window on `server`, bridged to `core`. Waits until the app has rendered its header. */
export async function openWindow(
  browser: Browser,
  server: RendererServer,
  core: BridgeCore,
  options: OpenWindowOptions = {},
): Promise<WindowBridge> {
  const context = await browser.newContext({
    viewport: windowSize,
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: 'reduce',
    bypassCSP: options.bypassCSP ?? false,
    locale: 'en-GB',
  });
  const page = await context.newPage();
  // Everything here answers in milliseconds; a step that waits longer has failed.
  page.setDefaultTimeout(10_000);
  const crossings: Crossing[] = [];
  const clipboard: string[] = [];
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`${error.name}: ${error.message}`));

  const handlers = createIpcHandlers(core.service, {
    writeClipboard: (text) => clipboard.push(text),
    // The native dialog has no page to click in here; the test answers for the person.
    confirmSyncServer: async (request) => options.answerSyncServer?.(request) ?? true,
    ...(options.app ? { app: options.app(core) } : {}),
  });
  await page.exposeBinding('__signetInvoke', async (_source, channel: unknown, input: unknown) => {
    const result = await dispatch(handlers, String(channel), input);
    crossings.push({ kind: 'result', name: String(channel), payload: JSON.stringify(result) });
    return result;
  });
  await page.addInitScript({ content: await pagePreloadScript() });

  let closed = false;
  // Events are delivered in order: each waits for the one before it.
  let delivery = Promise.resolve();
  const unsubscribes = eventNames.map((name) =>
    core.service.on(name, (payload) => {
      if (closed) return;
      crossings.push({ kind: 'event', name, payload: JSON.stringify(payload) });
      delivery = delivery
        .then(() =>
          page.evaluate(
            ([channel, body]) =>
              (globalThis as unknown as { __signetDeliver(c: string, p: unknown): void }).__signetDeliver(
                channel,
                body,
              ),
            [eventChannel(name), payload] as const,
          ),
        )
        .catch(() => undefined);
    }),
  );

  await page.goto(server.url);
  await page.getByRole('heading', { name: 'Signet', level: 1 }).waitFor();

  return {
    page,
    context,
    crossings,
    clipboard,
    consoleErrors,
    events(name) {
      return crossings
        .filter((crossing) => crossing.kind === 'event' && crossing.name === name)
        .map((crossing) => JSON.parse(crossing.payload) as unknown);
    },
    findLeaks(known = []) {
      return crossings.flatMap((crossing) =>
        findSecrets(crossing.payload, known).map((hit) => `${crossing.kind} ${crossing.name}: ${hit}`),
      );
    },
    async screenshot(name) {
      mkdirSync(resultsDir, { recursive: true });
      const file = path.join(resultsDir, `window-${name}.png`);
      // The window scrolls inside its main area, not the page: grow the viewport to show it all.
      const hidden = await page.evaluate(() => {
        const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document;
        const main = doc.querySelector('.app-main') as { scrollHeight: number; clientHeight: number } | null;
        return main ? main.scrollHeight - main.clientHeight : 0;
      });
      if (hidden > 0) await page.setViewportSize({ ...windowSize, height: windowSize.height + hidden });
      try {
        await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
      } finally {
        if (hidden > 0) await page.setViewportSize(windowSize);
      }
      return file;
    },
    async close() {
      closed = true;
      for (const unsubscribe of unsubscribes) unsubscribe();
      await delivery;
      await context.close();
    },
  };
}

// ── a session: all of the above at once ───────────────────────────────────────────────

export interface WindowSession {
  server: RendererServer;
  browser: Browser;
  core: BridgeCore;
  /** The window opened with the session. */
  win: WindowBridge;
  /** Another window on the same core (dark mode, say); the caller closes it. */
  openWindow(options?: OpenWindowOptions): Promise<WindowBridge>;
  /** Closes the window, the core (with its keychain entries and data), Chromium and the server. */
  close(): Promise<void>;
}

export interface WindowSessionOptions extends OpenWindowOptions {
  /** Runs on the core before the window opens: what should be there at first paint. */
  beforeOpen?: (core: BridgeCore) => Promise<void>;
}

/**
 * The built renderer served, Chromium launched, a real core with the provider environment `env`,
 * and a window on it. If any step fails, what had started is closed again before the error.
 */
export async function startWindowSession(
  env: Record<string, string>,
  options: WindowSessionOptions = {},
): Promise<WindowSession> {
  const { beforeOpen, ...windowOptions } = options;
  // Closed last-started first, by close() or when a later step fails.
  const started: { close(): Promise<void> }[] = [];
  const close = async () => {
    for (const part of started.splice(0).reverse()) await part.close();
  };
  try {
    const server = await serveRenderer();
    started.push(server);
    const browser = await launchChromium();
    started.push(browser);
    const core = await startBridgeCore(env);
    started.push(core);
    await beforeOpen?.(core);
    const win = await openWindow(browser, server, core, windowOptions);
    started.push(win);
    return {
      server,
      browser,
      core,
      win,
      openWindow: (more) => openWindow(browser, server, core, more),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

// ── accessibility ──────────────────────────────────────────────────────────────────────

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** CSS selectors of the offending elements. */
  targets: string[];
}

const axeSource = () => readFileSync(path.join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/**
 * Runs axe-core on the page as it is now and returns its `serious` and `critical` violations.
 * The page must come from a window opened with `bypassCSP`: axe is injected as an inline script.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => 'axe' in globalThis);
  if (!loaded) await page.addScriptTag({ content: axeSource() });
  const violations = await page.evaluate(async () => {
    type Result = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };
    const scope = globalThis as unknown as {
      axe: { run(context: unknown, options: unknown): Promise<{ violations: Result[] }> };
      document: unknown;
    };
    const results = await scope.axe.run(scope.document, { resultTypes: ['violations'] });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
    }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}
