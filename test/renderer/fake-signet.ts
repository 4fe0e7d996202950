/**
 * An in-memory `SignetApi` for renderer tests: answers from plain state, records every call, and
 * lets a test push events the way the main process would.
 */
import type { EventMap, EventName, Result, SignetApi } from '../../src/shared/contract';
import type {
  AccountView,
  ActivityView,
  ProviderView,
  SettingsView,
  StatusView,
} from '../../src/shared/domain';
import type { ErrorCode } from '../../src/shared/errors';

type Methods = Omit<SignetApi, 'on'>;
export type MethodName = keyof Methods;

export interface FakeState {
  accounts: AccountView[];
  providers: ProviderView[];
  status: StatusView;
  settings: SettingsView;
  activity: ActivityView;
}

export interface Call {
  name: MethodName;
  input: unknown;
}

export interface FakeSignet {
  api: SignetApi;
  state: FakeState;
  calls: Call[];
  /** Replace a handler to script an answer; the call is still recorded. */
  handlers: Methods;
  callsTo(name: MethodName): unknown[];
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
  listenerCount(event?: EventName): number;
}

export function ok<T>(value: T): Promise<Result<T>> {
  return Promise.resolve({ ok: true, value });
}

/** For channels answering `null`, whose output type is currently `never` (NonNullable in contract.ts). */
export function okNull(): Promise<Result<never>> {
  return ok(null as never);
}

export function failure<T = never>(code: ErrorCode, message: string = code): Promise<Result<T>> {
  return Promise.resolve({ ok: false, error: { code, message } });
}

export const FLOW_ID = '9b2f7a9e-0c1d-4e5f-8a9b-0c1d2e3f4a5b';

let nextId = 1;

export function makeAccount(overrides: Partial<AccountView> = {}): AccountView {
  const n = nextId++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    provider: 'github',
    providerName: 'GitHub',
    login: `user${n}`,
    displayName: `User ${n}`,
    email: `user${n}@example.com`,
    avatar: null,
    scopes: [],
    status: 'active',
    lastErrorCode: null,
    accessTokenExpiresAt: null,
    lastRefreshedAt: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function makeStatus(overrides: Partial<StatusView> = {}): StatusView {
  return {
    dataDir: '/home/test/.config/Signet',
    keychain: { available: true, detail: 'Secret Service' },
    cache: 'sqlite',
    syncServer: { configured: false, connected: false },
    online: true,
    ...overrides,
  };
}

export const defaultProviders: ProviderView[] = [
  { id: 'google', name: 'Google', configured: true, methods: ['browser'], missing: [] },
  { id: 'github', name: 'GitHub', configured: true, methods: ['browser', 'device'], missing: [] },
  {
    id: 'discord',
    name: 'Discord',
    configured: false,
    methods: ['browser'],
    missing: ['SIGNET_DISCORD_CLIENT_ID'],
  },
];

export function createFakeSignet(initial: Partial<FakeState> = {}): FakeSignet {
  const state: FakeState = {
    accounts: [],
    providers: defaultProviders,
    status: makeStatus(),
    settings: { dataDir: '/home/test/.config/Signet', syncServerUrl: null, syncServerFromEnvironment: false },
    activity: { entries: [], buckets: [] },
    ...initial,
  };
  const calls: Call[] = [];
  const listeners = new Map<EventName, Set<(payload: never) => void>>();

  const handlers: Methods = {
    accountsList: () => ok(state.accounts),
    providersList: () => ok(state.providers),
    statusGet: () => ok(state.status),
    signInStart: () => ok({ flowId: FLOW_ID }),
    signInCancel: () => okNull(),
    signInReopenBrowser: () => okNull(),
    signInCopyLink: () => okNull(),
    accountRefresh: ({ accountId }) => {
      const account = state.accounts.find((candidate) => candidate.id === accountId);
      return account ? ok(account) : failure('not-found');
    },
    accountRemove: ({ accountId }) => {
      state.accounts = state.accounts.filter((account) => account.id !== accountId);
      return okNull();
    },
    activityList: () => ok(state.activity),
    settingsGet: () => ok(state.settings),
    settingsSetSyncServer: ({ url }) => {
      state.settings = { ...state.settings, syncServerUrl: url };
      return ok(state.settings);
    },
    settingsTestSyncServer: () => ok({ ok: true, detail: 'PONG in 2 ms' }),
  };

  function record<K extends MethodName>(name: K): Methods[K] {
    const recorded = (input?: unknown) => {
      calls.push({ name, input });
      return (handlers[name] as (input?: unknown) => Promise<unknown>)(input);
    };
    return recorded as Methods[K];
  }

  const methods = Object.fromEntries(
    (Object.keys(handlers) as MethodName[]).map((name) => [name, record(name)]),
  ) as Methods;

  const api: SignetApi = {
    ...methods,
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
    callsTo: (name) => calls.filter((call) => call.name === name).map((call) => call.input),
    emit(event, payload) {
      for (const listener of [...(listeners.get(event) ?? [])]) {
        (listener as (payload: EventMap[typeof event]) => void)(payload);
      }
    },
    listenerCount(event) {
      if (event) return listeners.get(event)?.size ?? 0;
      return [...listeners.values()].reduce((sum, set) => sum + set.size, 0);
    },
  };
}

/** Creates a fake and installs it as `window.signet`. */
export function installFakeSignet(initial: Partial<FakeState> = {}): FakeSignet {
  const fake = createFakeSignet(initial);
  window.signet = fake.api;
  return fake;
}
