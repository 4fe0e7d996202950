// The figures behind `signet activity`, `signet metrics` and the Activity view, over a real SQLite
// file with the real migrations: events recorded at chosen times through AuthEventsRepository, then
// read back by ActivityReport. Every expected number is worked out by hand from the events below.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActivityReport } from '../../../src/main/core/activity/activity-report.js';
import {
  AuthEventsRepository,
  type AuthEventInput,
} from '../../../src/main/core/storage/auth-events-repository.js';
import { failureTypeOf, parseFiguresWindow } from '../../../src/shared/activity-figures.js';
import { makeTestStorage, type TestStorage } from '../../helpers/storage.js';

const hour = 3_600_000;
const now = Date.parse('2025-06-10T12:30:00.000Z');

describe('ActivityReport figures', () => {
  let storage: TestStorage;
  let clock = now;
  let events: AuthEventsRepository;
  let report: ActivityReport;

  /** Records an event `hoursAgo` before now. */
  const at = (hoursAgo: number, event: Omit<AuthEventInput, 'accountId'>) => {
    clock = now - hoursAgo * hour;
    events.record({ accountId: null, ...event });
  };

  beforeEach(() => {
    storage = makeTestStorage();
    events = new AuthEventsRepository(storage.db, () => new Date(clock));
    report = new ActivityReport(events, () => now);
  });
  afterEach(() => storage.close());

  it('is all zeros and nulls with nothing recorded', () => {
    const figures = report.figures();
    expect(figures.windows.map((w) => w.label)).toEqual(['24h', '7d']);
    const day = figures.windows[0]!;
    expect(day.providers).toEqual([]);
    expect(day.overall.signIns).toEqual({ succeeded: 0, failed: 0, cancelled: 0, successRate: null });
    expect(day.overall.refreshes).toEqual({
      succeeded: 0,
      failed: 0,
      successRate: null,
      perHour: 0,
      medianMs: null,
      slowestMs: null,
    });
    expect(day.overall.series).toHaveLength(25);
    expect(figures.windows[1]!.overall.series).toHaveLength(29);
    expect(figures.totals.since).toBeNull();
  });

  it('counts sign-ins, refreshes, times and failures per provider, per window and in total', () => {
    // Inside the last 24 h.
    at(1, { provider: 'google', kind: 'sign-in', outcome: 'success', durationMs: 40 });
    at(2, { provider: 'google', kind: 'sign-in', outcome: 'failure', errorCode: 'access-denied' });
    at(3, { provider: 'google', kind: 'sign-in', outcome: 'cancelled', errorCode: 'user-cancelled' });
    at(1, { provider: 'google', kind: 'refresh', outcome: 'success', durationMs: 100 });
    at(2, { provider: 'google', kind: 'refresh', outcome: 'success', durationMs: 300 });
    at(3, { provider: 'google', kind: 'refresh', outcome: 'success', durationMs: 200 });
    at(4, { provider: 'google', kind: 'refresh', outcome: 'failure', errorCode: 'network', durationMs: 5 });
    at(5, { provider: 'github', kind: 'refresh', outcome: 'success', durationMs: 900 });
    at(6, { provider: 'github', kind: 'reauth-required', outcome: 'failure', errorCode: 'needs-reauth' });
    // Neither a sign-in nor a refresh: not in the figures.
    at(2, { provider: 'github', kind: 'sign-out', outcome: 'success' });
    at(2, { provider: 'github', kind: 'revoke', outcome: 'failure', errorCode: 'network' });
    // Inside 7 d, not 24 h.
    at(30, { provider: 'discord', kind: 'refresh', outcome: 'failure', errorCode: 'rate-limited' });
    at(48, { provider: 'google', kind: 'refresh', outcome: 'success', durationMs: 1000 });
    // Older than 7 d: only in the totals.
    at(200, { provider: 'github', kind: 'sign-in', outcome: 'failure', errorCode: 'keychain-unavailable' });

    const figures = report.figures();
    const [day, week] = figures.windows;
    expect(day!.since).toBe(new Date(now - 24 * hour).toISOString());
    expect(day!.until).toBe(new Date(now).toISOString());
    expect(day!.providers.map((p) => p.provider)).toEqual(['discord', 'github', 'google']);

    const googleDay = day!.providers.find((p) => p.provider === 'google')!;
    expect(googleDay.signIns).toEqual({ succeeded: 1, failed: 1, cancelled: 1, successRate: 0.5 });
    expect(googleDay.refreshes).toEqual({
      succeeded: 3,
      failed: 1,
      successRate: 0.75,
      perHour: Number((4 / 24).toFixed(3)),
      medianMs: 200,
      slowestMs: 300,
    });
    expect(googleDay.failures['provider-error']).toEqual({ signIn: 1, refresh: 0 });
    expect(googleDay.failures.network).toEqual({ signIn: 0, refresh: 1 });

    expect(day!.overall.refreshes).toEqual({
      succeeded: 4,
      failed: 2,
      successRate: 0.6667,
      perHour: 0.25,
      medianMs: 250,
      slowestMs: 900,
    });
    expect(day!.overall.failures['needs-sign-in']).toEqual({ signIn: 0, refresh: 1 });
    expect(day!.overall.failures['rate-limited']).toEqual({ signIn: 0, refresh: 0 });
    const discordDay = day!.providers.find((p) => p.provider === 'discord')!;
    expect(discordDay.refreshes.succeeded + discordDay.refreshes.failed).toBe(0);

    expect(week!.overall.refreshes).toMatchObject({
      succeeded: 5,
      failed: 3,
      medianMs: 300,
      slowestMs: 1000,
    });
    expect(week!.overall.refreshes.perHour).toBe(Number((8 / 168).toFixed(3)));
    expect(week!.overall.failures['rate-limited']).toEqual({ signIn: 0, refresh: 1 });
    expect(week!.overall.signIns.failed).toBe(1);

    // The bars: one per hour, the last one holding now, and every event of the window in one.
    const bars = day!.overall.series;
    expect(bars.at(-1)!.start).toBe('2025-06-10T12:00:00.000Z');
    const sum = (key: 'refreshes' | 'failedRefreshes' | 'signIns' | 'failedSignIns') =>
      bars.reduce((total, bar) => total + bar[key], 0);
    expect([sum('refreshes'), sum('failedRefreshes'), sum('signIns'), sum('failedSignIns')]).toEqual([
      4, 2, 1, 1,
    ]);
    expect(bars.find((bar) => bar.start === '2025-06-10T11:00:00.000Z')!.refreshes).toBe(1);
    expect(week!.bucketHours).toBe(6);
    expect(week!.overall.series.reduce((total, bar) => total + bar.refreshes, 0)).toBe(5);

    // The totals: every event ever recorded.
    expect(figures.totals.since).toBe(new Date(now - 200 * hour).toISOString());
    expect(figures.totals.overall.signIns).toEqual({
      succeeded: 1,
      failed: 2,
      cancelled: 1,
      successRate: 0.3333,
    });
    expect(figures.totals.overall.refreshes).toEqual({ succeeded: 5, failed: 3, successRate: 0.625 });
    expect(figures.totals.overall.failures.keychain).toEqual({ signIn: 1, refresh: 0 });
    expect(figures.totals.providers.map((p) => p.provider)).toEqual(['discord', 'github', 'google']);
  });

  it('takes any window asked for', () => {
    at(0.5, { provider: 'google', kind: 'refresh', outcome: 'success', durationMs: 10 });
    at(2, { provider: 'google', kind: 'refresh', outcome: 'success', durationMs: 20 });
    const [window] = report.figures([parseFiguresWindow('90m')!]).windows;
    expect(window!.label).toBe('90m');
    expect(window!.hours).toBe(1.5);
    expect(window!.overall.refreshes.succeeded).toBe(1);
    expect(window!.overall.refreshes.perHour).toBe(Number((1 / 1.5).toFixed(3)));
  });
});

describe('figure helpers', () => {
  it.each([
    ['30m', 30 * 60_000],
    ['24h', 24 * hour],
    ['7d', 7 * 24 * hour],
    ['2w', 14 * 24 * hour],
  ])('reads the window %s', (text, ms) => {
    expect(parseFiguresWindow(text)).toEqual({ label: text, ms });
  });

  it.each(['', '0h', '1.5h', '24', 'h', '-3d', '1y', '400d', 'soon'])('refuses the window %j', (text) => {
    expect(parseFiguresWindow(text)).toBeNull();
  });

  it('sorts every error code into a failure type', () => {
    expect(failureTypeOf('timeout')).toBe('network');
    expect(failureTypeOf('rate-limited')).toBe('rate-limited');
    expect(failureTypeOf('needs-reauth')).toBe('needs-sign-in');
    expect(failureTypeOf('iss-mismatch')).toBe('provider-error');
    expect(failureTypeOf('keychain-unavailable')).toBe('keychain');
    expect(failureTypeOf('sealed-data-invalid')).toBe('storage');
    expect(failureTypeOf('internal')).toBe('other');
    expect(failureTypeOf(null)).toBe('other');
  });
});
