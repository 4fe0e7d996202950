/**
 * The renderer tests' `window.signet`: the in-memory Signet the demo bridge uses too, with the
 * fixed state and flow id the tests assert on, and builders for accounts and status.
 */
import {
  createMemorySignet,
  defaultProviders,
  type MemorySignet,
  type MemoryState,
} from '../../src/renderer/dev/memory-signet';
import type { AccountView, StatusView } from '../../src/shared/domain';

export { failure, ok } from '../../src/renderer/dev/memory-signet';
export type FakeSignet = MemorySignet;
export type FakeState = MemoryState;

/** The id every sign-in in these tests gets, so progress events can name it. */
export const FLOW_ID = '9b2f7a9e-0c1d-4e5f-8a9b-0c1d2e3f4a5b';

let nextId = 1;

/** An account of GitHub's unless `overrides` name another provider, whose name it then takes. */
export function makeAccount(overrides: Partial<AccountView> = {}): AccountView {
  const n = nextId++;
  const provider = overrides.provider ?? 'github';
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    provider,
    providerName: defaultProviders.find((known) => known.id === provider)?.name ?? provider,
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
    revokesAtSignOut: provider !== 'microsoft',
    ...overrides,
  };
}

export function makeStatus(overrides: Partial<StatusView> = {}): StatusView {
  return {
    dataDir: '/home/test/.config/Signet',
    keychain: { available: true, detail: 'Secret Service' },
    cache: 'sqlite',
    syncServer: { configured: false, connected: false, paired: false },
    online: true,
    ...overrides,
  };
}

export function createFakeSignet(initial: Partial<FakeState> = {}): FakeSignet {
  return createMemorySignet(
    {
      accounts: [],
      providers: defaultProviders,
      status: makeStatus(),
      settings: {
        dataDir: '/home/test/.config/Signet',
        syncServerUrl: null,
        syncServerFromEnvironment: false,
      },
      activity: { entries: [], buckets: [] },
      ...initial,
    },
    { nextFlowId: () => FLOW_ID },
  );
}

/** Creates a fake and installs it as `window.signet`. */
export function installFakeSignet(initial: Partial<FakeState> = {}): FakeSignet {
  const fake = createFakeSignet(initial);
  window.signet = fake.api;
  return fake;
}
