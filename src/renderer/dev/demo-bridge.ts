/**
 * An in-memory stand-in for the preload, for `vite` dev previews in a plain browser only. main.tsx
 * loads it when `import.meta.env.DEV` is true and no `window.signet` exists, so production builds
 * never include it. It fakes everything: there are no tokens here, real or otherwise.
 */
import type { SignetApi } from '../../shared/contract';
import type {
  AccountView,
  ActivityBucket,
  ActivityEntry,
  ProviderView,
  SignInMethod,
  SignInProgress,
  SignInStage,
} from '../../shared/domain';
import { createMemorySignet, defaultProviders, failure, type MemorySignet } from './memory-signet';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

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
      revokesAtSignOut: true,
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
      revokesAtSignOut: true,
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
      revokesAtSignOut: true,
    },
  ];
}

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

/**
 * The memory Signet with sample accounts and activity, and with the pace of the real thing:
 * sign-ins that walk through their stages on timers, refreshes and removals that take a moment,
 * and the browser's online state as the status bar's.
 */
export function createDemoBridge(): SignetApi {
  const dataDir = '/home/you/.config/Signet';
  const memory = createMemorySignet({
    accounts: sampleAccounts(Date.now()),
    providers: defaultProviders,
    status: {
      dataDir,
      keychain: { available: true, detail: 'Demo keychain (in memory)' },
      cache: 'sqlite',
      syncServer: { configured: false, connected: false, paired: false },
      online: navigator.onLine,
    },
    settings: { dataDir, syncServerUrl: null, syncServerFromEnvironment: false },
    activity: sampleActivity(Date.now()),
  });
  const { state, handlers, emit } = memory;
  const base = { ...handlers };
  const timers = new Map<string, ReturnType<typeof setTimeout>[]>();

  const setOnline = (online: boolean) => {
    state.status = { ...state.status, online };
    emit('status-changed', state.status);
  };
  window.addEventListener('online', () => setOnline(true));
  window.addEventListener('offline', () => setOnline(false));

  handlers.signInStart = async (input) => {
    const answer = await base.signInStart(input);
    const provider = state.providers.find((candidate) => candidate.id === input.provider);
    if (answer.ok && provider) {
      const { flowId } = answer.value;
      setTimeout(() => timers.set(flowId, runFlow(memory, flowId, provider, input.method)), 0);
    }
    return answer;
  };
  handlers.signInCancel = async (input) => {
    const answer = await base.signInCancel(input);
    timers.get(input.flowId)?.forEach(clearTimeout);
    timers.delete(input.flowId);
    return answer;
  };
  handlers.accountRefresh = async (input) => {
    const account = state.accounts.find((candidate) => candidate.id === input.accountId);
    if (!account || account.status === 'needs-reauth') return base.accountRefresh(input);
    memory.patchAccount(account.id, { status: 'refreshing' });
    await delay(700);
    if (!state.status.online) {
      memory.patchAccount(account.id, { status: 'offline' });
      return failure('network', 'offline');
    }
    const answer = await base.accountRefresh(input);
    if (!answer.ok || account.accessTokenExpiresAt === null) return answer;
    const renewed = memory.patchAccount(account.id, {
      accessTokenExpiresAt: new Date(Date.now() + HOUR).toISOString(),
    });
    return renewed ? { ok: true, value: renewed } : answer;
  };
  handlers.accountRemove = async (input) => {
    await delay(300);
    return base.accountRemove(input);
  };
  handlers.activityList = async (input) => {
    state.activity = sampleActivity(Date.now());
    return base.activityList(input);
  };
  handlers.settingsTestSyncServer = async (input) => {
    await delay(500);
    return base.settingsTestSyncServer(input);
  };
  return memory.api;
}

/** Plays one sign-in's stages on timers, the last one adding a new account; returns the timers. */
function runFlow(
  memory: MemorySignet,
  flowId: string,
  provider: ProviderView,
  method: SignInMethod,
): ReturnType<typeof setTimeout>[] {
  const base: Omit<SignInProgress, 'stage'> = { flowId, provider: provider.id, method };
  const expiresAt = new Date(Date.now() + 5 * MINUTE).toISOString();
  const device =
    method === 'device' ? { userCode: 'WDJB-MJHT', verificationUri: 'https://github.com/login/device' } : {};
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
  return plan.map(([at, stage]) =>
    setTimeout(() => {
      if (stage !== 'done') {
        memory.emit('sign-in-progress', { ...base, ...device, stage, expiresAt });
        return;
      }
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
        revokesAtSignOut: true,
      };
      memory.state.accounts = [...memory.state.accounts, account];
      memory.emit('accounts-changed', memory.state.accounts);
      memory.openFlows.delete(flowId);
      memory.emit('sign-in-progress', { ...base, stage, accountId: account.id });
    }, at),
  );
}

export function installDemoBridge(): void {
  window.signet = createDemoBridge();
}
