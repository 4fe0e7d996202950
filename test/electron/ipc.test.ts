import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  channelNames,
  eventChannel,
  type AppPreferencesView,
  eventNames,
  type ChannelInput,
  type ChannelName,
  type EventMap,
  type EventName,
} from '../../src/shared/contract.js';
import type {
  AccountView,
  ActivityView,
  SettingsView,
  SignInProgress,
  StatusView,
} from '../../src/shared/domain.js';
import { computeActivityFigures } from '../../src/shared/activity-figures.js';
import { SignetError } from '../../src/shared/errors.js';
import type { AccountService } from '../../src/main/core/account-service.js';
import { createIpcHandlers, type Handlers } from '../../src/main/ipc/ipc-handlers.js';
import { forwardEvents, registerIpc } from '../../src/main/electron/ipc.js';
import { FakeWebContents, ipcMain, resetFakeElectron } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

const accountId = '6f1d2a5c-3b4e-4f60-8a71-92b3c4d5e6f7';
const flowId = '0b1c2d3e-4f50-4617-8829-3a4b5c6d7e8f';

// Realistic secrets the stand-in service holds; none may cross IPC.
const secrets = {
  accessToken: 'gho_16C7e42F292c6912E7710c838347Ae178B4a',
  refreshToken: 'ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246',
  idToken: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl',
  authorizationUrl: `https://github.com/login/oauth/authorize?client_id=Iv1.8a61f9b3a7aba766&state=Zm9vYmFyYmF6cXV4cXV1eA&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM`,
};

// The one secret a channel returns on purpose: it is shown so another machine can join.
const pairingCode = 'K7QH-2M4X-9DWB-TR6C-Z3PN-8VJE-5GYA-QF1L';

const account: AccountView = {
  id: accountId,
  provider: 'github',
  providerName: 'GitHub',
  login: 'octocat',
  displayName: 'The Octocat',
  email: 'octocat@github.com',
  avatar: 'data:image/png;base64,iVBORw0KGgo=',
  scopes: ['read:user', 'user:email'],
  status: 'active',
  lastErrorCode: null,
  accessTokenExpiresAt: '2030-01-01T08:00:00.000Z',
  lastRefreshedAt: '2030-01-01T00:00:00.000Z',
  createdAt: '2029-12-01T00:00:00.000Z',
  revokesAtSignOut: true,
};
const status: StatusView = {
  dataDir: '/home/ada/.config/Signet',
  keychain: { available: true, detail: 'Secret Service' },
  cache: 'redis',
  syncServer: { configured: true, connected: true, paired: true },
  online: true,
};
const settings: SettingsView = {
  dataDir: status.dataDir,
  syncServerUrl: 'redis://:***@sync.example:6379',
  syncServerFromEnvironment: false,
};
const activity: ActivityView = {
  entries: [
    {
      id: 1,
      accountId,
      provider: 'github',
      kind: 'refresh',
      outcome: 'success',
      errorCode: null,
      durationMs: 120,
      at: '2030-01-01T00:00:00.000Z',
    },
  ],
  buckets: [{ start: '2030-01-01T00:00:00.000Z', refreshes: 1, failures: 0 }],
};

/** Stands in for the service behind the real handler table; it knows tokens, as the real one does. */
function fakeService(clipboard: string[]) {
  const progressListeners: ((progress: SignInProgress) => void)[] = [];
  const service = {
    on: (event: string, listener: (progress: SignInProgress) => void) => {
      if (event === 'sign-in-progress') progressListeners.push(listener);
      return () => undefined;
    },
    listAccounts: async () => [account],
    listProviders: () => [
      { id: 'github', name: 'GitHub', configured: true, methods: ['browser', 'device'], missing: [] },
    ],
    status: async () => status,
    signIn: () => ({ flowId, result: Promise.resolve(accountId) }),
    addScopes: () => ({ flowId, result: Promise.resolve(accountId) }),
    cancelSignIn: () => undefined,
    reopenSignInBrowser: async () => undefined,
    signInUrl: () => secrets.authorizationUrl,
    refresh: async () => account,
    signOut: async () => ({ revoked: true }),
    activity: () => activity,
    activityFigures: () => computeActivityFigures([], [], { now: Date.now() }),
    settings: () => settings,
    setSyncServer: async () => settings,
    testSyncServer: async () => ({ ok: true, detail: 'Connected to Redis 7.2' }),
    syncPairingCode: async () => pairingCode,
    getAccessToken: async () => ({
      accessToken: secrets.accessToken,
      tokenType: 'bearer',
      scope: null,
      expiresAt: null,
    }),
  };
  const preferences: AppPreferencesView = {
    closeToTray: true,
    startAtLogin: false,
    logFile: '/home/you/.config/Signet/logs/signet.log',
    command: { availability: 'installable', path: '/usr/local/bin/signet' },
  };
  const handlers = createIpcHandlers(service as unknown as AccountService, {
    writeClipboard: (text) => clipboard.push(text),
    confirmSyncServer: async () => true,
    app: {
      preferences: () => preferences,
      setPreferences: async (change) => ({ ...preferences, ...change }),
      openLogs: async () => undefined,
      installCommand: async () => preferences,
    },
  });
  // A device sign-in under way: its code is what "Copy code" copies.
  for (const listener of progressListeners) {
    listener({
      flowId,
      provider: 'github',
      method: 'device',
      stage: 'waiting-for-device',
      userCode: 'WDJB-MJHT',
    });
  }
  return handlers;
}

const validInputs: { [C in ChannelName]: ChannelInput<C> } = {
  'accounts:list': undefined,
  'providers:list': undefined,
  'status:get': undefined,
  'sign-in:start': { provider: 'github', method: 'browser' },
  'sign-in:cancel': { flowId },
  'sign-in:reopen-browser': { flowId },
  'sign-in:copy-link': { flowId },
  'sign-in:copy-code': { flowId },
  'account:refresh': { accountId },
  'account:remove': { accountId },
  'account:add-scopes': { accountId, scopes: ['repo'] },
  'activity:list': { limit: 20 },
  'activity:figures': undefined,
  'settings:get': undefined,
  'settings:set-sync-server': { url: null },
  'settings:test-sync-server': { url: 'redis://localhost:6379' },
  'sync:pairing-code': undefined,
  'app:preferences': undefined,
  'app:set-preferences': { closeToTray: false },
  'app:open-logs': undefined,
  'app:install-command': undefined,
};

/** Handlers that record calls and answer nothing useful: for checks that must stop before them. */
function spyHandlers() {
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    channelNames.map((channel) => [
      channel,
      async () => {
        calls.push(channel);
        return null;
      },
    ]),
  ) as unknown as Handlers;
  return { handlers, calls };
}

const trustedEvent = { trusted: true };
const untrustedEvent = { trusted: false };
const isTrusted = (event: unknown) => (event as { trusted?: boolean }).trusted === true;

beforeEach(() => resetFakeElectron());

describe('registerIpc', () => {
  it('registers exactly the contract channels, and removes them on dispose', () => {
    const dispose = registerIpc(ipcMain, spyHandlers().handlers, isTrusted);
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...channelNames].sort());
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it.each(channelNames)(
    '%s answers forbidden to an untrusted sender without calling the handler',
    async (channel) => {
      const { handlers, calls } = spyHandlers();
      registerIpc(ipcMain, handlers, isTrusted);
      const result = await ipcMain.invoke(untrustedEvent, channel, validInputs[channel]);
      expect(result).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
      expect(calls).toEqual([]);
    },
  );

  const badInputs: [string, unknown][] = [
    ["''", ''],
    ['12345', 12345],
    ['[]', []],
    ['null', null],
    ['{}', {}],
    ["{ accountId: 'x' }", { accountId: 'x' }],
  ];
  const cases = channelNames.flatMap((channel) =>
    badInputs.map(([label, input]) => [channel, label, input] as const),
  );

  it.each(cases)('%s rejects %s as invalid-input before the handler', async (channel, _label, input) => {
    const { handlers, calls } = spyHandlers();
    registerIpc(ipcMain, handlers, isTrusted);
    const result = await ipcMain.invoke(trustedEvent, channel, input);
    expect(result).toEqual({ ok: false, error: { code: 'invalid-input', message: expect.any(String) } });
    expect(calls).toEqual([]);
  });

  it.each(channelNames)('%s passes a valid input from a trusted sender to its handler', async (channel) => {
    const { handlers, calls } = spyHandlers();
    registerIpc(ipcMain, handlers, isTrusted);
    const result = await ipcMain.invoke(trustedEvent, channel, validInputs[channel]);
    expect(result).toEqual({ ok: true, value: null });
    expect(calls).toEqual([channel]);
  });

  it('reads only the first argument', async () => {
    const seen: unknown[] = [];
    const handlers = {
      ...spyHandlers().handlers,
      'account:refresh': async (input: unknown) => (seen.push(input), account),
    };
    registerIpc(ipcMain, handlers as Handlers, isTrusted);
    await ipcMain.invoke(trustedEvent, 'account:refresh', { accountId }, { extra: secrets.accessToken });
    expect(seen).toEqual([{ accountId }]);
  });

  it('shapes a handler failure into { code, message } with no stack', async () => {
    const handlers = {
      ...spyHandlers().handlers,
      'account:refresh': async () => {
        throw new SignetError('needs-reauth', 'octocat needs to sign in again.');
      },
    };
    registerIpc(ipcMain, handlers as Handlers, isTrusted);
    const result = await ipcMain.invoke(trustedEvent, 'account:refresh', { accountId });
    expect(result).toEqual({
      ok: false,
      error: { code: 'needs-reauth', message: 'octocat needs to sign in again.' },
    });
  });

  it('never returns a token, a state or an authorization URL on any channel', async () => {
    const clipboard: string[] = [];
    registerIpc(ipcMain, fakeService(clipboard), isTrusted);
    for (const channel of channelNames) {
      const result = (await ipcMain.invoke(trustedEvent, channel, validInputs[channel])) as { ok: boolean };
      expect(result.ok, channel).toBe(true);
      const json = JSON.stringify(result);
      for (const secret of Object.values(secrets)) expect(json, channel).not.toContain(secret);
      // The pairing code crosses on its own channel, where showing it is the point, and nowhere else.
      if (channel !== 'sync:pairing-code') expect(json, channel).not.toContain(pairingCode);
      expect(json, channel).not.toContain('state=');
      expect(json, channel).not.toMatch(
        /"(access_?token|refresh_?token|id_?token|token|code_?verifier|state)"\s*:/i,
      );
    }
    // "Copy link" puts the authorization URL on the clipboard, and only there; "Copy code" the
    // device flow's code, which the main process knows from the flow's progress.
    expect(clipboard).toEqual([secrets.authorizationUrl, 'WDJB-MJHT']);
  });
});

describe('forwardEvents', () => {
  function fakeSource() {
    const listeners = new Map<EventName, Set<(payload: never) => void>>();
    return {
      on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) {
        const set = listeners.get(event) ?? new Set();
        listeners.set(event, set);
        set.add(listener as (payload: never) => void);
        return () => set.delete(listener as (payload: never) => void);
      },
      emit<E extends EventName>(event: E, payload: EventMap[E]) {
        for (const listener of listeners.get(event) ?? [])
          (listener as (payload: EventMap[E]) => void)(payload);
      },
      count: () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0),
    };
  }
  const progress: SignInProgress = {
    flowId,
    provider: 'github',
    method: 'device',
    stage: 'waiting-for-device',
    userCode: 'WDJB-MJHT',
  };

  it('sends every contract event on its event channel', () => {
    const source = fakeSource();
    const contents = new FakeWebContents();
    forwardEvents(source, contents);
    source.emit('accounts-changed', [account]);
    source.emit('sign-in-progress', progress);
    source.emit('status-changed', status);
    expect(contents.sent).toEqual([
      { channel: eventChannel('accounts-changed'), payload: [account] },
      { channel: eventChannel('sign-in-progress'), payload: progress },
      { channel: eventChannel('status-changed'), payload: status },
    ]);
    expect(source.count()).toBe(eventNames.length);
  });

  it('sends nothing to destroyed contents, and nothing after dispose', () => {
    const source = fakeSource();
    const contents = new FakeWebContents();
    const dispose = forwardEvents(source, contents);
    contents.destroyed = true;
    source.emit('status-changed', status);
    contents.destroyed = false;
    dispose();
    source.emit('status-changed', status);
    expect(contents.sent).toEqual([]);
    expect(source.count()).toBe(0);
  });
});
