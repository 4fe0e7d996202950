/**
 * An in-memory stand-in for the preload, for `vite` dev previews in a plain browser only. main.tsx
 * loads it when `import.meta.env.DEV` is true and no `window.signet` exists, so production builds
 * never include it. It fakes everything: there are no tokens here, real or otherwise.
 */
import type { EventMap, EventName, Result, SignetApi } from '../shared/contract';
import type {
  AccountView,
  ActivityBucket,
  ActivityEntry,
  ProviderView,
  SettingsView,
  SignInMethod,
  SignInProgress,
  SignInStage,
  StatusView,
} from '../shared/domain';
import type { ErrorCode } from '../shared/errors';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function ok<T>(value: T): Promise<Result<T>> {
  return Promise.resolve({ ok: true, value });
}

/**
 * The answer of channels whose output is `null`. `ChannelOutput` is `NonNullable<…>`, which turns
 * `null` into `never`; the cast keeps this compiling before and after that is fixed in src/shared.
 */
function okNull(): Promise<Result<never>> {
  return ok(null as never);
}

function fail<T>(code: ErrorCode, message: string): Promise<Result<T>> {
  return Promise.resolve({ ok: false, error: { code, message } });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function avatar(letter: string, colour: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><rect width="40" height="40" fill="${colour}"/><text x="20" y="26" font-family="sans-serif" font-size="18" fill="#fff" text-anchor="middle">${letter}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

function sampleAccounts(now: number): AccountView[] {
  const iso = (offset: number) => new Date(now + offset).toISOString();
  return [
    {
      id: '3f1c1a52-6c55-4a2e-9f0e-2d7f4f0a1b01',
      provider: 'google',
      providerName: 'Google',
      login: 'ada.lovelace@gmail.com',
      displayName: 'Ada Lovelace',
      email: 'ada.lovelace@gmail.com',
      avatar: avatar('A', '#7c3aed'),
      scopes: ['openid', 'email', 'profile'],
      status: 'active',
      lastErrorCode: null,
      accessTokenExpiresAt: iso(41 * MINUTE + 3000),
      lastRefreshedAt: iso(-19 * MINUTE),
      createdAt: iso(-30 * 24 * HOUR),
    },
    {
      id: '3f1c1a52-6c55-4a2e-9f0e-2d7f4f0a1b02',
      provider: 'google',
      providerName: 'Google',
      login: 'ada@analytical.engineering',
      displayName: 'Ada (work)',
      email: 'ada@analytical.engineering',
      avatar: null,
      scopes: ['openid', 'email'],
      status: 'needs-reauth',
      lastErrorCode: 'needs-reauth',
      accessTokenExpiresAt: null,
      lastRefreshedAt: iso(-3 * 24 * HOUR),
      createdAt: iso(-60 * 24 * HOUR),
    },
    {
      id: '3f1c1a52-6c55-4a2e-9f0e-2d7f4f0a1b03',
      provider: 'github',
      providerName: 'GitHub',
      login: 'octocat',
      displayName: 'The Octocat',
      email: null,
      avatar: avatar('O', '#24292f'),
      scopes: ['read:user'],
      status: 'active',
      lastErrorCode: null,
      accessTokenExpiresAt: null,
      lastRefreshedAt: iso(-2 * HOUR),
      createdAt: iso(-10 * 24 * HOUR),
    },
  ];
}

const providers: ProviderView[] = [
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

function sampleActivity(now: number): { entries: ActivityEntry[]; buckets: ActivityBucket[] } {
  const hour = Math.floor(now / HOUR) * HOUR;
  const buckets: ActivityBucket[] = [];
  for (let i = 23; i >= 0; i--) {
    const refreshes = (i * 7 + 3) % 5;
    buckets.push({
      start: new Date(hour - i * HOUR).toISOString(),
      refreshes,
      failures: i % 9 === 4 ? 1 : 0,
    });
  }
  const kinds: ActivityEntry['kind'][] = ['refresh', 'refresh', 'sign-in', 'refresh', 'reauth-required'];
  const entries = Array.from({ length: 12 }, (_, i): ActivityEntry => {
    const kind = kinds[i % kinds.length] ?? 'refresh';
    const failed = kind === 'reauth-required' || i === 6;
    return {
      id: 100 - i,
      accountId: null,
      provider: i % 3 === 0 ? 'github' : 'google',
      kind,
      outcome: failed ? 'failure' : 'success',
      errorCode: kind === 'reauth-required' ? 'needs-reauth' : failed ? 'network' : null,
      durationMs: 120 + ((i * 97) % 900),
      at: new Date(now - i * 37 * MINUTE - 40_000).toISOString(),
    };
  });
  return { entries, buckets };
}

/** A fake `SignetApi` with sample accounts and simulated sign-ins. */
export function createDemoBridge(): SignetApi {
  let accounts = sampleAccounts(Date.now());
  let settings: SettingsView = {
    dataDir: '/home/you/.config/Signet',
    syncServerUrl: null,
    syncServerFromEnvironment: false,
  };
  let status: StatusView = {
    dataDir: settings.dataDir,
    keychain: { available: true, detail: 'Demo keychain (in memory)' },
    cache: 'sqlite',
    syncServer: { configured: false, connected: false },
    online: navigator.onLine,
  };
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const flows = new Map<string, ReturnType<typeof setTimeout>[]>();

  function emit<E extends EventName>(event: E, payload: EventMap[E]): void {
    for (const listener of listeners.get(event) ?? []) (listener as (payload: EventMap[E]) => void)(payload);
  }
  function setStatus(next: StatusView): void {
    status = next;
    emit('status-changed', status);
  }
  window.addEventListener('online', () => setStatus({ ...status, online: true }));
  window.addEventListener('offline', () => setStatus({ ...status, online: false }));

  function runFlow(flowId: string, provider: ProviderView, method: SignInMethod): void {
    const base: Omit<SignInProgress, 'stage'> = { flowId, provider: provider.id, method };
    const expiresAt = new Date(Date.now() + 5 * MINUTE).toISOString();
    const device =
      method === 'device'
        ? { userCode: 'WDJB-MJHT', verificationUri: 'https://github.com/login/device' }
        : {};
    const plan: [number, SignInStage][] =
      method === 'device'
        ? [
            [300, 'waiting-for-device'],
            [7000, 'exchanging'],
            [7600, 'fetching-profile'],
            [8200, 'storing'],
            [8600, 'done'],
          ]
        : [
            [200, 'opening-browser'],
            [700, 'waiting-for-browser'],
            [4500, 'exchanging'],
            [5100, 'fetching-profile'],
            [5600, 'storing'],
            [6000, 'done'],
          ];
    const timers = plan.map(([at, stage]) =>
      setTimeout(() => {
        if (stage === 'done') {
          const account: AccountView = {
            id: crypto.randomUUID(),
            provider: provider.id,
            providerName: provider.name,
            login: `new-${provider.id}-user`,
            displayName: `New ${provider.name} account`,
            email: null,
            avatar: null,
            scopes: [],
            status: 'active',
            lastErrorCode: null,
            accessTokenExpiresAt: new Date(Date.now() + HOUR).toISOString(),
            lastRefreshedAt: new Date().toISOString(),
            createdAt: new Date().toISOString(),
          };
          accounts = [...accounts, account];
          emit('accounts-changed', accounts);
          flows.delete(flowId);
          emit('sign-in-progress', { ...base, stage, accountId: account.id });
          return;
        }
        emit('sign-in-progress', { ...base, ...device, stage, expiresAt });
      }, at),
    );
    flows.set(flowId, timers);
  }

  function patchAccount(accountId: string, patch: Partial<AccountView>): AccountView | undefined {
    let updated: AccountView | undefined;
    accounts = accounts.map((account) =>
      account.id === accountId ? (updated = { ...account, ...patch }) : account,
    );
    emit('accounts-changed', accounts);
    return updated;
  }

  return {
    accountsList: () => ok(accounts),
    providersList: () => ok(providers),
    statusGet: () => ok(status),
    async signInStart({ provider: providerId, method }) {
      const provider = providers.find((candidate) => candidate.id === providerId);
      if (!provider) return fail('not-found', `no provider ${providerId}`);
      if (!provider.configured) return fail('provider-not-configured', `${provider.name} is not configured`);
      const flowId = crypto.randomUUID();
      setTimeout(() => runFlow(flowId, provider, method), 0);
      return ok({ flowId });
    },
    async signInCancel({ flowId }) {
      const timers = flows.get(flowId);
      if (!timers) return fail('not-found', 'no such sign-in');
      timers.forEach(clearTimeout);
      flows.delete(flowId);
      return okNull();
    },
    signInReopenBrowser: ({ flowId }) =>
      flows.has(flowId) ? okNull() : fail('not-found', 'no such sign-in'),
    signInCopyLink: ({ flowId }) => (flows.has(flowId) ? okNull() : fail('not-found', 'no such sign-in')),
    async accountRefresh({ accountId }) {
      const account = accounts.find((candidate) => candidate.id === accountId);
      if (!account) return fail('not-found', 'no such account');
      if (account.status === 'needs-reauth') return fail('needs-reauth', 'sign in again');
      patchAccount(accountId, { status: 'refreshing' });
      await delay(700);
      if (!status.online) {
        patchAccount(accountId, { status: 'offline' });
        return fail('network', 'offline');
      }
      const updated = patchAccount(accountId, {
        status: 'active',
        lastErrorCode: null,
        lastRefreshedAt: new Date().toISOString(),
        accessTokenExpiresAt:
          account.accessTokenExpiresAt === null ? null : new Date(Date.now() + HOUR).toISOString(),
      });
      return updated ? ok(updated) : fail('not-found', 'no such account');
    },
    async accountRemove({ accountId }) {
      await delay(300);
      accounts = accounts.filter((account) => account.id !== accountId);
      emit('accounts-changed', accounts);
      return okNull();
    },
    activityList: () => ok(sampleActivity(Date.now())),
    settingsGet: () => ok(settings),
    async settingsSetSyncServer({ url }) {
      settings = { ...settings, syncServerUrl: url };
      setStatus({ ...status, syncServer: { configured: url !== null, connected: false } });
      return ok(settings);
    },
    async settingsTestSyncServer() {
      await delay(500);
      return ok({ ok: false, detail: 'Demo mode has no sync server to connect to.' });
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const entry = listener as (payload: never) => void;
      set.add(entry);
      return () => set.delete(entry);
    },
  };
}

export function installDemoBridge(): void {
  window.signet = createDemoBridge();
}
