/**
 * An in-memory `window.signet`: it answers from plain state the way the main process would at its
 * simplest, records every call, and pushes events. The demo bridge (a dev preview in a plain
 * browser) and the renderer tests both build on it, so the window meets one fake, not two that
 * drift apart. Nothing imports it in a production build. It holds no tokens, real or otherwise.
 */
import { computeActivityFigures, type FigureEvent } from '../../shared/activity-figures';
import type { AppPreferencesView, EventMap, EventName, Result, SignetApi } from '../../shared/contract';
import type { AccountView, ActivityView, ProviderView, SettingsView, StatusView } from '../../shared/domain';
import type { ErrorCode } from '../../shared/errors';

/** Everything the fake answers from; handlers read and replace it. */
export interface MemoryState {
  accounts: AccountView[];
  providers: ProviderView[];
  status: StatusView;
  settings: SettingsView;
  activity: ActivityView;
  /** The app's preferences; `defaultAppPreferences` when not given. */
  app?: AppPreferencesView;
}

/** Close to tray on, start at login off, a log file, and a command Settings can install. */
export const defaultAppPreferences: AppPreferencesView = {
  closeToTray: true,
  startAtLogin: false,
  logFile: '/home/you/.config/Signet/logs/signet.log',
  command: { availability: 'installable', path: '/usr/local/bin/signet' },
};

export type Handlers = Omit<SignetApi, 'on'>;
export type CallName = keyof Handlers;

export interface Call {
  name: CallName;
  input: unknown;
}

export interface MemorySignet {
  /** What to install as `window.signet`. */
  api: SignetApi;
  state: MemoryState;
  /** Every call, in order, whether its handler is the default or a replaced one. */
  calls: Call[];
  /** Replace one to script an answer (a failure, a delay); `api` calls whatever is here now. */
  handlers: Handlers;
  /** Sign-ins started and not yet cancelled or finished. */
  openFlows: Set<string>;
  callsTo(name: CallName): unknown[];
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
  listenerCount(event?: EventName): number;
  /** Changes one account, tells the window with `accounts-changed`, and returns it. */
  patchAccount(accountId: string, patch: Partial<AccountView>): AccountView | undefined;
}

export interface MemorySignetOptions {
  /** The id `signInStart` answers; a fresh UUID by default. */
  nextFlowId?: () => string;
}

export function ok<T>(value: T): Promise<Result<T>> {
  return Promise.resolve({ ok: true, value });
}

export function failure<T = never>(code: ErrorCode, message: string = code): Promise<Result<T>> {
  return Promise.resolve({ ok: false, error: { code, message } });
}

/** Not a real sync key: the main process makes the code, and its QR code, from the one it holds. */
export const demoPairingCode = 'DEMO-CODE-NOT-A-KEY';
/** A stand-in picture where the main process would send the QR code's SVG. */
export const demoQrSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><path d="M0 0h3v3H0zM5 0h3v3H5zM0 5h3v3H0z"/></svg>';

/** Google and GitHub ready (GitHub with the device flow), Discord waiting for its client id. */
export const defaultProviders: ProviderView[] = [
  {
    id: 'google',
    name: 'Google',
    configured: true,
    methods: ['browser'],
    missing: [],
    scopes: ['openid', 'email', 'profile'],
  },
  {
    id: 'github',
    name: 'GitHub',
    configured: true,
    methods: ['browser', 'device'],
    missing: [],
    scopes: ['read:user', 'user:email'],
  },
  {
    id: 'discord',
    name: 'Discord',
    configured: false,
    methods: ['browser'],
    missing: ['SIGNET_DISCORD_CLIENT_ID'],
    scopes: ['identify', 'email'],
  },
];

export function createMemorySignet(state: MemoryState, options: MemorySignetOptions = {}): MemorySignet {
  const nextFlowId = options.nextFlowId ?? (() => crypto.randomUUID());
  const calls: Call[] = [];
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const openFlows = new Set<string>();

  function emit<E extends EventName>(event: E, payload: EventMap[E]): void {
    for (const listener of [...(listeners.get(event) ?? [])]) {
      (listener as (payload: EventMap[E]) => void)(payload);
    }
  }

  function patchAccount(accountId: string, patch: Partial<AccountView>): AccountView | undefined {
    let updated: AccountView | undefined;
    state.accounts = state.accounts.map((account) =>
      account.id === accountId ? (updated = { ...account, ...patch }) : account,
    );
    if (updated) emit('accounts-changed', state.accounts);
    return updated;
  }

  const openFlow = (flowId: string) =>
    openFlows.has(flowId) ? ok(null) : failure<null>('not-found', 'No such sign-in.');

  const handlers: Handlers = {
    accountsList: () => ok(state.accounts),
    providersList: () => ok(state.providers),
    statusGet: () => ok(state.status),
    signInStart: ({ provider: providerId }) => {
      const provider = state.providers.find((candidate) => candidate.id === providerId);
      if (!provider) return failure('not-found', `No provider ${providerId}.`);
      if (!provider.configured) {
        return failure('provider-not-configured', `${provider.name} is not configured.`);
      }
      const flowId = nextFlowId();
      openFlows.add(flowId);
      return ok({ flowId });
    },
    signInCancel: ({ flowId }) => {
      const answer = openFlow(flowId);
      openFlows.delete(flowId);
      return answer;
    },
    signInReopenBrowser: ({ flowId }) => openFlow(flowId),
    signInCopyLink: ({ flowId }) => openFlow(flowId),
    signInCopyCode: ({ flowId }) => openFlow(flowId),
    accountRefresh: ({ accountId }) => {
      const account = state.accounts.find((candidate) => candidate.id === accountId);
      if (!account) return failure('not-found', 'No such account.');
      if (account.status === 'needs-reauth') return failure('needs-reauth', 'Sign in again.');
      const updated = patchAccount(accountId, {
        status: 'active',
        lastErrorCode: null,
        lastRefreshedAt: new Date().toISOString(),
      });
      return updated ? ok(updated) : failure('not-found', 'No such account.');
    },
    accountAddScopes: ({ accountId }) => {
      const account = state.accounts.find((candidate) => candidate.id === accountId);
      if (!account) return failure('not-found', 'No such account.');
      const provider = state.providers.find((candidate) => candidate.id === account.provider);
      if (provider && !provider.configured) {
        return failure('provider-not-configured', `${provider.name} is not configured.`);
      }
      // Like signInStart: the flow's progress, and the account it updates, are the caller's to emit.
      const flowId = nextFlowId();
      openFlows.add(flowId);
      return ok({ flowId });
    },
    accountRemove: ({ accountId }) => {
      state.accounts = state.accounts.filter((account) => account.id !== accountId);
      emit('accounts-changed', state.accounts);
      return ok(null);
    },
    activityList: () => ok(state.activity),
    activityFigures: () => ok(figuresOf(state.activity)),
    settingsGet: () => ok(state.settings),
    settingsSetSyncServer: ({ url }) => {
      state.settings = { ...state.settings, syncServerUrl: url };
      state.status = {
        ...state.status,
        syncServer: { configured: url !== null, connected: false, paired: url !== null },
      };
      emit('status-changed', state.status);
      return ok(state.settings);
    },
    settingsTestSyncServer: () =>
      ok({ ok: false, detail: 'This Signet runs in memory: there is no sync server to reach.' }),
    appPreferences: () => ok((state.app ??= defaultAppPreferences)),
    appSetPreferences: (change) => ok((state.app = { ...(state.app ?? defaultAppPreferences), ...change })),
    appOpenLogs: () => ok(null),
    appInstallCommand: () => {
      const current = state.app ?? defaultAppPreferences;
      return ok((state.app = { ...current, command: { ...current.command, availability: 'installed' } }));
    },
    syncPairingCode: () =>
      state.settings.syncServerUrl === null
        ? failure('invalid-input', 'Set a sync server first: a pairing code is only good there.')
        : ok({ code: demoPairingCode, qrSvg: demoQrSvg }),
  };

  function recorded<N extends CallName>(name: N): Handlers[N] {
    const call = (input?: unknown) => {
      calls.push({ name, input });
      return (handlers[name] as (input?: unknown) => Promise<unknown>)(input);
    };
    return call as Handlers[N];
  }

  const api: SignetApi = {
    ...(Object.fromEntries(
      (Object.keys(handlers) as CallName[]).map((name) => [name, recorded(name)]),
    ) as Handlers),
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const entry = listener as (payload: never) => void;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
  };

  return {
    api,
    state,
    calls,
    handlers,
    openFlows,
    callsTo: (name) => calls.filter((call) => call.name === name).map((call) => call.input),
    emit,
    listenerCount(event) {
      if (event) return listeners.get(event)?.size ?? 0;
      return [...listeners.values()].reduce((sum, set) => sum + set.size, 0);
    },
    patchAccount,
  };
}

/** The figures the main process would compute from these events (the same function, over them). */
export function figuresOf(activity: ActivityView, now = Date.now()) {
  const events: FigureEvent[] = activity.entries.map((entry) => ({ ...entry, at: Date.parse(entry.at) }));
  const first = events.reduce<number | null>(
    (min, event) => (min === null || event.at < min ? event.at : min),
    null,
  );
  return computeActivityFigures(
    events,
    events.map((event) => ({ ...event, count: 1 })),
    { now, firstEventAt: first },
  );
}
