import { randomUUID } from 'node:crypto';
import type { SignInMethod, SignInProgress, SignInStage } from '../../../shared/domain.js';
import { SignetError } from '../../../shared/errors.js';
import { toSignetError } from '../errors/translate-error.js';
import { TypedEmitter } from '../events/typed-emitter.js';
import type { Logger } from '../logging/logger.js';
import type { Provider, ProviderProfile } from '../providers/provider.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import type { BrowserOpener } from './browser-opener.js';
import { LoopbackServer } from './loopback-server.js';
import {
  createAuthorizationRequest,
  exchangeCode,
  judgeCallback,
  metadataFor,
  pollDeviceToken,
  startDeviceAuthorization,
  type TokenSet,
} from './oauth-operations.js';
import { assertOpenable } from './url-allowlist.js';
import { availableMethods } from '../providers/available-methods.js';

export const signInTimeoutMs = 5 * 60_000;

export interface CompletedSignIn {
  accountId: string;
  /** False when the person signed in as an account Signet already had, which was updated. */
  created: boolean;
}

export interface SignInOptions {
  /**
   * Ask the provider to let the person choose an account (`prompt=select_account` or its
   * equivalent), so adding a second account does not silently sign in the first one again.
   */
  selectAccount?: boolean;
  /** The scopes to ask for instead of the provider's (incremental consent: `consentRequest`). */
  scopes?: string[];
  /** Authorization request parameters laid over the provider's (`include_granted_scopes`). */
  extraParams?: Record<string, string>;
  /**
   * The account this sign-in must come back as (adding permissions to it). Anyone else is
   * refused with `wrong-account` before anything is kept: the account, the keychain and the
   * cache stay as they were.
   */
  expected?: ExpectedIdentity;
}

/** Who an incremental consent has to be: the account's identity at its provider. */
export interface ExpectedIdentity {
  providerUserId: string;
  login: string;
}

/** Where a finished sign-in is kept: keychain first, then the database. */
export interface SignInStore {
  record(provider: Provider, tokens: TokenSet, profile: ProviderProfile): Promise<CompletedSignIn>;
}

export interface SignInManagerEvents {
  'sign-in-progress': SignInProgress;
}

export interface SignInManagerOptions {
  providers: ProviderRegistry;
  opener: BrowserOpener;
  store: SignInStore;
  logger: Logger;
  timeoutMs?: number;
  /** Runs before anything else (the keychain check): a sign-in that could not be kept never starts. */
  preflight?: () => Promise<void>;
}

interface PendingFlow {
  provider: Provider;
  method: SignInMethod;
  controller: AbortController;
  authorizationUrl: string | null;
  selectAccount: boolean;
  scopes: string[];
  extraParams: Record<string, string>;
  expected: ExpectedIdentity | undefined;
  progress: SignInProgress;
}

/** Runs sign-ins: the browser flow over a loopback redirect, and the device flow. */
export class SignInManager {
  private readonly flows = new Map<string, PendingFlow>();
  private readonly events = new TypedEmitter<SignInManagerEvents>();

  constructor(private readonly options: SignInManagerOptions) {}

  /** Each stage of each sign-in, as it happens. */
  on(event: 'sign-in-progress', listener: (progress: SignInProgress) => void): () => void {
    return this.events.on(event, listener);
  }

  /** Starts a sign-in; progress arrives as events, and `result` settles when it ends. */
  start(
    providerId: string,
    method: SignInMethod,
    options: SignInOptions = {},
  ): { flowId: string; result: Promise<CompletedSignIn> } {
    const provider = this.options.providers.require(providerId);
    // A provider that learns its methods from discovery is asked once the sign-in runs.
    if (!provider.methods.includes(method) && !(method === 'device' && provider.discoversMethods)) {
      throw unsupported(provider, method);
    }
    const flowId = randomUUID();
    const controller = new AbortController();
    const timeoutMs = this.options.timeoutMs ?? signInTimeoutMs;
    const flow: PendingFlow = {
      provider,
      method,
      controller,
      authorizationUrl: null,
      selectAccount: options.selectAccount ?? false,
      scopes: options.scopes ?? provider.scopes,
      extraParams: options.extraParams ?? {},
      expected: options.expected,
      progress: {
        flowId,
        provider: provider.id,
        method,
        stage: 'starting',
        expiresAt: new Date(Date.now() + timeoutMs).toISOString(),
      },
    };
    this.flows.set(flowId, flow);
    const timer = setTimeout(
      () =>
        controller.abort(new SignetError('timeout', 'The sign-in timed out after 5 minutes. Start again.')),
      timeoutMs,
    );
    timer.unref();
    const started = Date.now();
    const run = async () => {
      await this.options.preflight?.();
      if (!(await availableMethods(provider)).includes(method)) throw unsupported(provider, method);
      return method === 'device' ? this.runDevice(flowId, flow) : this.runBrowser(flowId, flow);
    };
    const result = run()
      .then(
        (completed) => {
          this.emit(flow, 'done', { accountId: completed.accountId });
          this.options.logger.info('sign-in finished', { provider: provider.id, ms: Date.now() - started });
          return completed;
        },
        (error: unknown) => {
          const failure = toSignetError(error, provider.name);
          this.emit(flow, failure.code === 'user-cancelled' ? 'cancelled' : 'failed', {
            error: failure.toInfo(),
          });
          this.options.logger.warn('sign-in failed', { provider: provider.id, errorCode: failure.code });
          throw failure;
        },
      )
      .finally(() => {
        clearTimeout(timer);
        this.flows.delete(flowId);
      });
    result.catch(() => undefined);
    return { flowId, result };
  }

  cancel(flowId: string): void {
    this.require(flowId).controller.abort(new SignetError('user-cancelled', 'The sign-in was cancelled.'));
  }

  cancelAll(): void {
    for (const flow of this.flows.values()) {
      flow.controller.abort(new SignetError('user-cancelled', 'Signet is closing.'));
    }
  }

  async reopenBrowser(flowId: string): Promise<void> {
    const flow = this.require(flowId);
    if (!flow.authorizationUrl)
      throw new SignetError('invalid-input', 'This sign-in has no browser page to open.');
    await this.options.opener.open(flow.authorizationUrl);
  }

  /** For "copy link": the authorization URL of a pending browser sign-in. Main process only. */
  authorizationUrl(flowId: string): string {
    const flow = this.require(flowId);
    if (!flow.authorizationUrl) throw new SignetError('invalid-input', 'This sign-in has no browser page.');
    return flow.authorizationUrl;
  }

  pending(): SignInProgress[] {
    return [...this.flows.values()].map((flow) => flow.progress);
  }

  private require(flowId: string): PendingFlow {
    const flow = this.flows.get(flowId);
    if (!flow) throw new SignetError('not-found', 'That sign-in is no longer pending.');
    return flow;
  }

  private emit(flow: PendingFlow, stage: SignInStage, extra: Partial<SignInProgress> = {}): void {
    flow.progress = { ...flow.progress, ...extra, stage };
    this.events.emit('sign-in-progress', flow.progress);
  }

  private async runBrowser(flowId: string, flow: PendingFlow): Promise<CompletedSignIn> {
    const { provider, controller } = flow;
    const as = await metadataFor(provider);
    let outcome: { ok: boolean; title: string; detail: string } | undefined;
    let announce!: (value: { ok: boolean; title: string; detail: string }) => void;
    const outcomeReady = new Promise<{ ok: boolean; title: string; detail: string }>((resolve) => {
      announce = (value) => {
        outcome = value;
        resolve(value);
      };
    });
    let request: Awaited<ReturnType<typeof createAuthorizationRequest>> | undefined;
    const server = await LoopbackServer.start<URLSearchParams>({
      ...(provider.redirectPort ? { port: provider.redirectPort } : {}),
      judge: (params) =>
        request
          ? judgeCallback(provider, as, request, params)
          : { kind: 'ignore', status: 425, message: 'The sign-in is not ready yet.' },
      resultPage: () => (outcome ? Promise.resolve(outcome) : outcomeReady),
    });
    const onAbort = () => server.abort(controller.signal.reason as SignetError);
    controller.signal.addEventListener('abort', onAbort, { once: true });
    try {
      // Cancelled or timed out while the server was starting: 'abort' fired before the listener.
      controller.signal.throwIfAborted();
      request = await createAuthorizationRequest(provider, server.redirectUri, {
        selectAccount: flow.selectAccount,
        scopes: flow.scopes,
        extraParams: flow.extraParams,
      });
      const url = assertOpenable(provider, as, request.url.href).href;
      flow.authorizationUrl = url;
      // Never open the browser for a sign-in that is already over.
      controller.signal.throwIfAborted();
      this.emit(flow, 'opening-browser');
      await this.options.opener.open(url);
      this.emit(flow, 'waiting-for-browser');
      const params = await server.callback;
      this.emit(flow, 'exchanging');
      const tokens = await exchangeCode(provider, request, params, controller.signal);
      const completed = await this.finish(flow, tokens);
      announce({
        ok: true,
        title: `Signed in to ${provider.name}`,
        detail: 'You can close this tab and return to Signet.',
      });
      return completed;
    } catch (error) {
      const failure = toSignetError(error, provider.name);
      announce({
        ok: false,
        title: 'Sign-in did not finish',
        detail: `${failure.message} Return to Signet to try again.`,
      });
      throw failure;
    } finally {
      controller.signal.removeEventListener('abort', onAbort);
      flow.authorizationUrl = null;
      // A moment for the browser to fetch the result page, then the port is gone.
      setTimeout(() => void server.close(), 500).unref();
    }
  }

  private async runDevice(_flowId: string, flow: PendingFlow): Promise<CompletedSignIn> {
    const { provider, controller } = flow;
    const device = await startDeviceAuthorization(provider, controller.signal, flow.scopes);
    const as = await metadataFor(provider);
    assertOpenable(provider, as, device.verificationUri);
    this.emit(flow, 'waiting-for-device', {
      userCode: device.userCode,
      verificationUri: device.verificationUri,
      expiresAt: device.expiresAt.toISOString(),
    });
    const tokens = await pollDeviceToken(provider, device, controller.signal, abortableSleep);
    this.emit(flow, 'exchanging');
    return this.finish(flow, tokens);
  }

  private async finish(flow: PendingFlow, tokens: TokenSet): Promise<CompletedSignIn> {
    flow.controller.signal.throwIfAborted();
    this.emit(flow, 'fetching-profile');
    const profile = await flow.provider.fetchProfile(tokens.accessToken, tokens.idTokenClaims);
    flow.controller.signal.throwIfAborted();
    const { expected } = flow;
    if (expected && profile.providerUserId !== expected.providerUserId) {
      throw new SignetError(
        'wrong-account',
        `You signed in to ${flow.provider.name} as ${profile.login === expected.login ? 'a different account' : profile.login}, not ${expected.login}: nothing was changed. Sign in as ${expected.login} to add the permissions.`,
      );
    }
    this.emit(flow, 'storing');
    return this.options.store.record(flow.provider, tokens, profile);
  }
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function unsupported(provider: Provider, method: SignInMethod): SignetError {
  return new SignetError(
    'invalid-input',
    method === 'device'
      ? `${provider.name} does not offer sign-in with a code.`
      : `${provider.name} needs its client secret configured for browser sign-in; use the device flow instead.`,
  );
}
