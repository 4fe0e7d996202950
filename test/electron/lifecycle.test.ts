import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventMap, EventName } from '../../src/shared/contract.js';
import type { AccountStatus, AccountView } from '../../src/shared/domain.js';
import { watchOnline } from '../../src/main/electron/online-watcher.js';
import { newlyNeedingReauth, reauthNotice, watchReauth } from '../../src/main/electron/reauth-notifier.js';
import { installShutdown } from '../../src/main/electron/shutdown.js';
import { app, resetFakeElectron } from './fake-electron.js';

afterEach(() => {
  vi.useRealTimers();
  resetFakeElectron();
});

function view(
  id: string,
  status: AccountStatus,
  provider = 'github',
  providerName = 'GitHub',
  login = 'octocat',
): AccountView {
  return {
    id,
    provider,
    providerName,
    login,
    displayName: null,
    email: null,
    avatar: null,
    scopes: [],
    status,
    lastErrorCode: status === 'needs-reauth' ? 'needs-reauth' : null,
    accessTokenExpiresAt: null,
    lastRefreshedAt: null,
    createdAt: '2030-01-01T00:00:00.000Z',
    revokesAtSignOut: true,
  };
}

describe('needs-reauth notifications', () => {
  it.each([
    ['active', 'needs-reauth', true],
    ['refreshing', 'needs-reauth', true],
    ['offline', 'needs-reauth', true],
    ['error', 'needs-reauth', true],
    ['needs-reauth', 'needs-reauth', false],
    ['active', 'error', false],
    ['needs-reauth', 'active', false],
  ] as const)('%s → %s notifies: %s', (before, after, notifies) => {
    expect(newlyNeedingReauth([view('a', before)], [view('a', after)]).length > 0).toBe(notifies);
  });

  it('does not notify for an account it had not seen before', () => {
    expect(newlyNeedingReauth([], [view('a', 'needs-reauth')])).toEqual([]);
  });

  it('says which provider and login, and nothing else', () => {
    const notice = reauthNotice(view('a', 'needs-reauth'));
    expect(notice.body).toBe('Sign in to GitHub again (octocat)');
    expect(notice.title).toMatch(/sign/i);
  });

  it('watches accounts-changed, comparing each listing with the one before', () => {
    let emit: ((payload: AccountView[]) => void) | undefined;
    const source = {
      on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) {
        if (event === 'accounts-changed') emit = listener as (payload: AccountView[]) => void;
        return () => (emit = undefined);
      },
    };
    const notified: string[] = [];
    const stop = watchReauth(source, [view('a', 'active'), view('b', 'needs-reauth')], (account) =>
      notified.push(reauthNotice(account).body),
    );
    emit?.([view('a', 'refreshing'), view('b', 'needs-reauth')]);
    emit?.([view('a', 'needs-reauth'), view('b', 'needs-reauth')]);
    emit?.([view('a', 'needs-reauth'), view('b', 'needs-reauth')]);
    expect(notified).toEqual(['Sign in to GitHub again (octocat)']);
    stop();
    expect(emit).toBeUndefined();
  });
});

describe('watchOnline', () => {
  it('reports an offline start at once, then only changes', () => {
    vi.useFakeTimers();
    let online = false;
    const changes: boolean[] = [];
    const stop = watchOnline({
      isOnline: () => online,
      onChange: (value) => changes.push(value),
      intervalMs: 10_000,
    });
    expect(changes).toEqual([false]);
    vi.advanceTimersByTime(30_000);
    expect(changes).toEqual([false]);
    online = true;
    vi.advanceTimersByTime(10_000);
    expect(changes).toEqual([false, true]);
    online = false;
    vi.advanceTimersByTime(10_000);
    stop();
    online = true;
    vi.advanceTimersByTime(60_000);
    expect(changes).toEqual([false, true, false]);
  });

  it('says nothing when the machine starts online, and survives a failing probe', () => {
    vi.useFakeTimers();
    const changes: boolean[] = [];
    let calls = 0;
    const stop = watchOnline({
      isOnline: () => {
        calls += 1;
        if (calls === 2) throw new Error('net is not ready');
        return true;
      },
      onChange: (value) => changes.push(value),
    });
    vi.advanceTimersByTime(30_000);
    stop();
    expect(changes).toEqual([]);
    expect(calls).toBe(4);
  });
});

describe('installShutdown', () => {
  it('holds the quit, stops, closes the service exactly once, then quits for real', async () => {
    const order: string[] = [];
    let finishClose!: () => void;
    const close = vi.fn(
      () =>
        new Promise<void>((resolve) => {
          order.push('close');
          finishClose = resolve;
        }),
    );
    installShutdown(app, { stop: () => order.push('stop'), close });
    expect(app.fireQuit('before-quit')).toBe(true);
    expect(app.fireQuit('before-quit')).toBe(true);
    expect(app.fireQuit('will-quit')).toBe(true);
    expect(close).toHaveBeenCalledTimes(1);
    expect(app.quitCount).toBe(0);
    finishClose();
    await vi.waitFor(() => expect(app.quitCount).toBe(1));
    expect(order).toEqual(['stop', 'close']);
    // The real quit that follows passes through.
    expect(app.fireQuit('before-quit')).toBe(false);
    expect(app.fireQuit('will-quit')).toBe(false);
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('quits even when closing fails or hangs', async () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    installShutdown(app, {
      stop: () => undefined,
      close: () => new Promise<void>(() => undefined),
      timeoutMs: 5000,
      onError: (e) => errors.push(e),
    });
    app.fireQuit('will-quit');
    await vi.advanceTimersByTimeAsync(5000);
    expect(app.quitCount).toBe(1);

    resetFakeElectron();
    installShutdown(app, {
      stop: () => undefined,
      close: () => Promise.reject(new Error('redis gone')),
      onError: (e) => errors.push(e),
    });
    app.fireQuit('before-quit');
    await vi.advanceTimersByTimeAsync(0);
    expect(app.quitCount).toBe(1);
    expect(errors).toHaveLength(1);
  });

  it('runs the same single shutdown when called directly', async () => {
    const close = vi.fn(async () => undefined);
    const shutdown = installShutdown(app, { stop: () => undefined, close });
    await Promise.all([shutdown(), shutdown()]);
    app.fireQuit('before-quit');
    expect(close).toHaveBeenCalledTimes(1);
  });
});
