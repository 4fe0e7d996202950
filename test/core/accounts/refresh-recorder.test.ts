import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGithubEmulator, type GithubEmulator } from '../../../emulators/index.js';
import { recordRefreshes } from '../../../src/main/core/accounts/refresh-recorder.js';
import type { AccountStatus, AccountView } from '../../../src/shared/domain.js';
import { makeCoreParts, signInThroughBrowser, type CoreParts } from '../../helpers/core-parts.js';
import { githubEnv } from '../../helpers/test-core.js';

describe('recordRefreshes', () => {
  let github: GithubEmulator;
  let parts: CoreParts;
  let clock: Date;
  let accountId: string;
  let stop: () => void;
  let emissions: AccountView[][];

  beforeEach(async () => {
    github = await startGithubEmulator({ mode: 'github-app' });
    clock = new Date('2026-12-01T09:00:00.000Z');
    parts = makeCoreParts({ env: githubEnv(github), now: () => clock });
    stop = recordRefreshes(parts);
    accountId = await signInThroughBrowser(parts, 'github');
    emissions = [];
    parts.state.on('accounts-changed', (accounts) => emissions.push(accounts));
    clock = new Date('2026-12-01T10:00:00.000Z');
  });
  afterEach(async () => {
    stop();
    await parts.close();
    await github.close();
  });

  const ref = () => ({ accountId, provider: 'github' });
  /** A forced refresh, as the refresh button does: backoff from an earlier failure never stands in the way. */
  const refresh = () => parts.tokens.refresh(ref(), { force: true }).catch(() => undefined);
  const row = () => parts.accounts.get(accountId);
  const lastEvent = () => parts.authEvents.recent(1)[0];
  const markRow = (status: AccountStatus) => parts.accounts.setStatus(accountId, status, 'earlier');

  it('a refresh that succeeds makes the account active, stamps it and records a success', async () => {
    markRow('offline');
    await refresh();
    expect(row()).toMatchObject({ status: 'active', lastErrorCode: null, lastRefreshedAt: clock });
    expect(lastEvent()).toMatchObject({
      accountId,
      provider: 'github',
      kind: 'refresh',
      outcome: 'success',
      errorCode: null,
      at: clock.toISOString(),
    });
    expect(lastEvent()?.durationMs).toEqual(expect.any(Number));
    expect(parts.state.remembered(accountId)?.status).toBe('active');
  });

  it('shows the account refreshing while the refresh runs, and how it ended after', async () => {
    github.pushFault('token', { kind: 'delay', ms: 300 });
    const running = refresh();
    await expect.poll(() => github.stats.inFlight).toBe(1);
    expect((await parts.state.view(accountId)).status).toBe('refreshing');
    await running;
    await new Promise((resolve) => setImmediate(resolve));
    expect(emissions.map((accounts) => accounts[0]?.status)).toEqual(['refreshing', 'active']);
  });

  it('a provider that cannot be reached makes the account offline', async () => {
    github.pushFault('token', { kind: 'reset' });
    await refresh();
    expect(row()).toMatchObject({
      status: 'offline',
      lastErrorCode: 'network',
      lastRefreshedAt: new Date('2026-12-01T09:00:00.000Z'),
    });
    expect(lastEvent()).toMatchObject({ kind: 'refresh', outcome: 'failure', errorCode: 'network' });
    expect(parts.state.remembered(accountId)?.status).toBe('offline');
  });

  it('a refused grant makes the account need sign-in, and records reauth-required', async () => {
    github.revokeAllRefreshTokens();
    await refresh();
    expect(row()).toMatchObject({ status: 'needs-reauth', lastErrorCode: 'needs-reauth' });
    expect(lastEvent()).toMatchObject({
      kind: 'reauth-required',
      outcome: 'failure',
      errorCode: 'needs-reauth',
    });
    // The hot path reads the row again rather than serve an account that needs sign-in.
    expect(parts.state.remembered(accountId)?.status).toBe('needs-reauth');
  });

  it.each([
    { fault: { kind: 'status', status: 503 } as const, code: 'provider-error' },
    {
      fault: { kind: 'status', status: 429, headers: { 'retry-after': '30' } } as const,
      code: 'rate-limited',
    },
  ])('a passing $code keeps an account that needs sign-in there', async ({ fault, code }) => {
    markRow('needs-reauth');
    github.pushFault('token', fault);
    await refresh();
    expect(row()).toMatchObject({ status: 'needs-reauth', lastErrorCode: code });
    expect(lastEvent()).toMatchObject({ kind: 'refresh', outcome: 'failure', errorCode: code });
  });

  it('the same passing failure on an active account is an error', async () => {
    github.pushFault('token', { kind: 'status', status: 503 });
    await refresh();
    expect(row()).toMatchObject({ status: 'error', lastErrorCode: 'provider-error' });
  });

  it('forgets an account removed while its refresh ran, recording nothing for it', async () => {
    const events = parts.authEvents.recent().length;
    github.pushFault('token', { kind: 'delay', ms: 300 });
    const running = refresh();
    await expect.poll(() => github.stats.inFlight).toBe(1);
    // Another process signs the account out meanwhile.
    parts.accounts.delete(accountId);
    await running;
    expect(row()).toBeUndefined();
    expect(parts.state.remembered(accountId)).toBeUndefined();
    expect(parts.authEvents.recent()).toHaveLength(events);
  });

  it('stops listening when stopped', async () => {
    stop();
    markRow('offline');
    await refresh();
    expect(row()?.status).toBe('offline');
  });
});
