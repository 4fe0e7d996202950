import type { AccountService } from '../../src/main/core/account-service.js';
import { createCore, type CoreOptions } from '../../src/main/core/create-core.js';
import type { BrowserOpener } from '../../src/main/core/flows/browser-opener.js';
import type { CompletedSignIn } from '../../src/main/core/flows/sign-in-manager.js';
import { silentLogger } from '../../src/main/core/logging/logger.js';
import { MemorySecretStore } from '../../src/main/core/secrets/memory-secret-store.js';
import type { StoredCredential } from '../../src/main/core/secrets/secret-store.js';
import { rawRequest, type RawResponse } from './raw-http.js';
import { makeTempDir } from './temp-dir.js';

/** A browser opener that opens nothing: it hands each URL to the test, which plays the browser. */
export class RecordingOpener implements BrowserOpener {
  private readonly waiting: ((url: string) => void)[] = [];
  private readonly opened: string[] = [];

  async open(url: string): Promise<void> {
    const next = this.waiting.shift();
    if (next) next(url);
    else this.opened.push(url);
  }

  /** The next URL the flow hands to the browser. */
  next(): Promise<string> {
    const ready = this.opened.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

/** The in-memory keychain, with a way to see what was ever written (half-created accounts). */
export class WatchedSecretStore extends MemorySecretStore {
  readonly written = new Set<string>();

  override async setCredential(accountId: string, credential: StoredCredential): Promise<void> {
    this.written.add(accountId);
    await super.setCredential(accountId, credential);
  }
}

export interface TestCore {
  core: AccountService;
  opener: RecordingOpener;
  secrets: WatchedSecretStore;
  close(): Promise<void>;
}

/** The real core on a temporary data directory, an in-memory keychain, and no logs. */
export async function startTestCore(
  env: Record<string, string>,
  options: Omit<CoreOptions, 'env' | 'dataDir' | 'secrets' | 'opener'> = {},
): Promise<TestCore> {
  const temp = makeTempDir();
  const opener = new RecordingOpener();
  const secrets = new WatchedSecretStore();
  const core = await createCore({
    logger: silentLogger,
    ...options,
    dataDir: temp.dir,
    env: { SIGNET_HOME: temp.dir, ...env },
    secrets,
    opener,
  });
  return {
    core,
    opener,
    secrets,
    async close() {
      await core.close();
      temp.cleanup();
    },
  };
}

/** A browser sign-in in progress: the authorization URL and the loopback port it redirects to. */
export interface PendingBrowserSignIn {
  flowId: string;
  result: Promise<CompletedSignIn>;
  /** Holds the state: kept in memory by the test, never printed. */
  authorizationUrl: URL;
  port: number;
  /** The right state, for crafting callbacks. Never printed. */
  state: string;
}

export async function beginBrowserSignIn(test: TestCore, provider: string): Promise<PendingBrowserSignIn> {
  const { flowId, result } = test.core.signIn(provider, { method: 'browser' });
  const authorizationUrl = new URL(await test.opener.next());
  const redirect = new URL(authorizationUrl.searchParams.get('redirect_uri') ?? '');
  return {
    flowId,
    result,
    authorizationUrl,
    port: Number(redirect.port),
    state: authorizationUrl.searchParams.get('state') ?? '',
  };
}

/**
 * The user approves at the provider: follows the real authorization URL through the emulator and
 * returns the callback target it redirects to (path and query; holds the code and state).
 */
export async function approveAtProvider(flow: PendingBrowserSignIn): Promise<string> {
  const response = await fetch(flow.authorizationUrl, { redirect: 'manual' });
  await response.arrayBuffer();
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) {
    throw new Error(`the provider answered HTTP ${response.status} without a redirect`);
  }
  const target = new URL(location);
  if (target.port !== String(flow.port)) throw new Error('the provider redirected to another port');
  return `${target.pathname}${target.search}`;
}

export interface BrowserLanding {
  callback: RawResponse;
  resultPage: RawResponse | null;
}

/** The browser delivers a callback target, then follows the redirect to the result page. */
export async function deliverCallback(flow: PendingBrowserSignIn, target: string): Promise<BrowserLanding> {
  const callback = await rawRequest(flow.port, { target }, { deadlineMs: 5000 });
  if (callback.status !== 302) return { callback, resultPage: null };
  const location = callback.headers['location'] ?? '';
  const resultPage = await rawRequest(flow.port, { target: location }, { deadlineMs: 10_000 });
  return { callback, resultPage };
}

/** Approves at the provider and delivers the real callback: the happy end of every attack. */
export async function completeBrowserSignIn(flow: PendingBrowserSignIn): Promise<BrowserLanding> {
  return deliverCallback(flow, await approveAtProvider(flow));
}

/** True when the promise is still pending after the current turn of the event loop. */
export async function isPending(promise: Promise<unknown>, waitMs = 0): Promise<boolean> {
  const marker = Symbol('pending');
  const timer = new Promise((resolve) => setTimeout(() => resolve(marker), waitMs));
  const winner = await Promise.race([
    promise.then(
      () => 'settled',
      () => 'settled',
    ),
    timer,
  ]);
  return winner === marker;
}
