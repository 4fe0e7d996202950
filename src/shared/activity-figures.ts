/**
 * The sign-in and refresh figures (`signet activity`, `signet metrics`, the Activity view),
 * computed from the redacted activity events. Plain functions over plain records, so the core and
 * the window's in-memory stand-in (`src/renderer/dev`) compute them alike. Nothing here sees an
 * account's name or a token: an event is a provider, a kind, an outcome, an error code, a duration
 * and a time.
 */
import type { AuthEventKind, AuthEventOutcome, ProviderId } from './domain.js';

/** What a failure was, as a person sorts failures; every error code maps to one (`failureTypeOf`). */
export const failureTypes = [
  'network',
  'rate-limited',
  'needs-sign-in',
  'provider-error',
  'keychain',
  'storage',
  'other',
] as const;
export type FailureType = (typeof failureTypes)[number];

/** One activity event as the figures need it: `at` in milliseconds since the epoch. */
export interface FigureEvent {
  provider: ProviderId;
  kind: AuthEventKind;
  outcome: AuthEventOutcome;
  errorCode: string | null;
  durationMs: number | null;
  at: number;
}

/** Sign-ins that ended. A cancelled one (the person closed it, Signet quit) is no failure. */
export interface SignInFigures {
  succeeded: number;
  failed: number;
  cancelled: number;
  /** succeeded ÷ (succeeded + failed), 0 to 1, four decimals; null when none ended either way. */
  successRate: number | null;
}

/** Refreshes of an access token by this machine (a `reauth-required` event is a failed refresh). */
export interface RefreshFigures {
  succeeded: number;
  failed: number;
  /** succeeded ÷ (succeeded + failed), 0 to 1, four decimals; null when there was none. */
  successRate: number | null;
}

/** Failures of sign-ins and of refreshes, by type. */
export type FailureCounts = Record<FailureType, { signIn: number; refresh: number }>;

/** Counts over the whole recorded history: what `signet metrics` gives as counters. */
export interface ActivityTally {
  signIns: SignInFigures;
  refreshes: RefreshFigures;
  failures: FailureCounts;
}

/** One bar of the chart: what ended in [start, start + the window's bucket). */
export interface FiguresBucket {
  /** ISO-8601. */
  start: string;
  refreshes: number;
  failedRefreshes: number;
  signIns: number;
  failedSignIns: number;
}

/** The figures of one window, for one provider or for all of them. */
export interface ActivityFigures extends ActivityTally {
  refreshes: RefreshFigures & {
    /** Refreshes tried (succeeded + failed) per hour of the window, three decimals. */
    perHour: number;
    /** How long a successful refresh took, in ms: the median and the slowest; null without one. */
    medianMs: number | null;
    slowestMs: number | null;
  };
  /** Oldest first, every bucket of the window, empty ones included. */
  series: FiguresBucket[];
}

export interface ProviderActivityFigures extends ActivityFigures {
  provider: ProviderId;
}

/** One window, such as the last 24 hours. */
export interface ActivityWindowFigures {
  /** How the window was asked for: `24h`, `7d`, `90m`. */
  label: string;
  /** ISO-8601: the window is [since, until]. */
  since: string;
  until: string;
  hours: number;
  /** The chart's bar width, in hours. */
  bucketHours: number;
  overall: ActivityFigures;
  /** Every provider with an event in any window asked for, by id; zeros where it had none in this one. */
  providers: ProviderActivityFigures[];
}

export interface ProviderActivityTally extends ActivityTally {
  provider: ProviderId;
}

/** `activity:figures`, `signet activity --json`, and what `signet metrics` prints. */
export interface ActivityFiguresView {
  generatedAt: string;
  windows: ActivityWindowFigures[];
  /** Since the first recorded event (`since`, null when there is none): monotonic counts. */
  totals: { since: string | null; overall: ActivityTally; providers: ProviderActivityTally[] };
}

/** A window asked for: its label and its length. */
export interface FiguresWindow {
  label: string;
  ms: number;
}

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const dayMs = 24 * hourMs;

/** The two windows the Activity view and `signet activity` show unless asked otherwise. */
export const defaultFiguresWindows: readonly FiguresWindow[] = [
  { label: '24h', ms: dayMs },
  { label: '7d', ms: 7 * dayMs },
];

const durationUnits: Record<string, number> = { m: minuteMs, h: hourMs, d: dayMs, w: 7 * dayMs };

/** The longest window asked for: a year, beyond which the figures say little about today. */
export const maxFiguresWindowMs = 366 * dayMs;

/**
 * `90m`, `24h`, `7d`, `2w` as a window; null for anything else (zero, a fraction, no unit, past
 * a year), so the caller can say what it takes.
 */
export function parseFiguresWindow(text: string): FiguresWindow | null {
  const match = /^([1-9]\d{0,5})([mhdw])$/.exec(text.trim());
  if (!match) return null;
  const ms = Number(match[1]) * durationUnits[match[2]!]!;
  return ms > maxFiguresWindowMs ? null : { label: `${match[1]}${match[2]}`, ms };
}

/** Where an error code belongs among the failure types; `user-cancelled` is no failure at all. */
export function failureTypeOf(errorCode: string | null): FailureType {
  switch (errorCode) {
    case 'network':
    case 'timeout':
      return 'network';
    case 'rate-limited':
      return 'rate-limited';
    case 'needs-reauth':
      return 'needs-sign-in';
    case 'provider-error':
    case 'access-denied':
    case 'state-mismatch':
    case 'iss-mismatch':
    case 'id-token-invalid':
    case 'forbidden':
      return 'provider-error';
    case 'keychain-unavailable':
      return 'keychain';
    case 'storage':
    case 'sealed-data-invalid':
      return 'storage';
    default:
      return 'other';
  }
}

/** A sign-in or a refresh, as the figures count it; null for the events they do not (revoke, sign-out). */
export function operationOf(kind: AuthEventKind): 'sign-in' | 'refresh' | null {
  if (kind === 'sign-in') return 'sign-in';
  if (kind === 'refresh' || kind === 'reauth-required') return 'refresh';
  return null;
}

/** A grouped count of like events: what the database answers for the whole history. */
export interface CountedEvent {
  provider: ProviderId;
  kind: AuthEventKind;
  outcome: AuthEventOutcome;
  errorCode: string | null;
  count: number;
}

function emptyFailures(): FailureCounts {
  return Object.fromEntries(failureTypes.map((type) => [type, { signIn: 0, refresh: 0 }])) as FailureCounts;
}

function emptyTally(): ActivityTally {
  return {
    signIns: { succeeded: 0, failed: 0, cancelled: 0, successRate: null },
    refreshes: { succeeded: 0, failed: 0, successRate: null },
    failures: emptyFailures(),
  };
}

const round = (value: number, places: number) => Number(value.toFixed(places));
const rate = (succeeded: number, failed: number) =>
  succeeded + failed === 0 ? null : round(succeeded / (succeeded + failed), 4);

/** Adds `count` like events to a tally (its rates are set by `finishTally`). */
function addTo(tally: ActivityTally, event: Omit<CountedEvent, 'provider'>): void {
  const operation = operationOf(event.kind);
  if (operation === null) return;
  if (operation === 'sign-in') {
    if (event.outcome === 'success') tally.signIns.succeeded += event.count;
    else if (event.outcome === 'cancelled' || event.errorCode === 'user-cancelled') {
      tally.signIns.cancelled += event.count;
    } else {
      tally.signIns.failed += event.count;
      tally.failures[failureTypeOf(event.errorCode)].signIn += event.count;
    }
    return;
  }
  if (event.outcome === 'success') tally.refreshes.succeeded += event.count;
  else {
    tally.refreshes.failed += event.count;
    tally.failures[failureTypeOf(event.errorCode)].refresh += event.count;
  }
}

function finishTally<T extends ActivityTally>(tally: T): T {
  tally.signIns.successRate = rate(tally.signIns.succeeded, tally.signIns.failed);
  tally.refreshes.successRate = rate(tally.refreshes.succeeded, tally.refreshes.failed);
  return tally;
}

/** Counts over grouped events, overall and per provider (by id). */
export function tallyEvents(events: readonly CountedEvent[]): {
  overall: ActivityTally;
  providers: ProviderActivityTally[];
} {
  const overall = emptyTally();
  const byProvider = new Map<ProviderId, ActivityTally>();
  for (const event of events) {
    if (operationOf(event.kind) === null) continue;
    addTo(overall, event);
    let tally = byProvider.get(event.provider);
    if (!tally) byProvider.set(event.provider, (tally = emptyTally()));
    addTo(tally, event);
  }
  return {
    overall: finishTally(overall),
    providers: [...byProvider.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([provider, tally]) => finishTally({ provider, ...tally })),
  };
}

/** The chart's bar width for a window: an hour up to two days, six hours up to two weeks, else a day. */
export function bucketMsFor(windowMs: number): number {
  if (windowMs <= 2 * dayMs) return hourMs;
  if (windowMs <= 14 * dayMs) return 6 * hourMs;
  return dayMs;
}

/** The middle value of sorted numbers (the mean of the two middle ones for an even count), rounded. */
function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.round(value);
}

/** The figures of one window over the events given (already those of one provider, or all). */
function windowFigures(events: readonly FigureEvent[], window: FiguresWindow, now: number): ActivityFigures {
  const since = now - window.ms;
  const bucketMs = bucketMsFor(window.ms);
  // Bars on whole hours (UTC), the last one holding now; the first may reach back before `since`,
  // but only what happened inside the window is counted in it.
  const end = Math.floor(now / bucketMs) * bucketMs + bucketMs;
  const count = Math.ceil((end - since) / bucketMs);
  const start = end - count * bucketMs;
  const series: FiguresBucket[] = Array.from({ length: count }, (_, index) => ({
    start: new Date(start + index * bucketMs).toISOString(),
    refreshes: 0,
    failedRefreshes: 0,
    signIns: 0,
    failedSignIns: 0,
  }));
  const tally = emptyTally();
  const durations: number[] = [];
  for (const event of events) {
    if (event.at < since || event.at > now) continue;
    const operation = operationOf(event.kind);
    if (operation === null) continue;
    addTo(tally, { ...event, count: 1 });
    const bucket = series[Math.floor((event.at - start) / bucketMs)];
    const succeeded = event.outcome === 'success';
    if (operation === 'refresh') {
      if (succeeded && event.durationMs !== null) durations.push(event.durationMs);
      if (bucket) bucket[succeeded ? 'refreshes' : 'failedRefreshes'] += 1;
    } else if (bucket && event.outcome !== 'cancelled' && event.errorCode !== 'user-cancelled') {
      bucket[succeeded ? 'signIns' : 'failedSignIns'] += 1;
    }
  }
  durations.sort((a, b) => a - b);
  finishTally(tally);
  return {
    ...tally,
    refreshes: {
      ...tally.refreshes,
      perHour: round((tally.refreshes.succeeded + tally.refreshes.failed) / (window.ms / hourMs), 3),
      medianMs: median(durations),
      slowestMs: durations.at(-1) ?? null,
    },
    series,
  };
}

/**
 * The figures of each window ending `now`, overall and for each provider with an event in any of
 * them, plus the counts over the whole history (`counted`, grouped like events).
 */
export function computeActivityFigures(
  events: readonly FigureEvent[],
  counted: readonly CountedEvent[],
  options: { now: number; windows?: readonly FiguresWindow[]; firstEventAt?: number | null },
): ActivityFiguresView {
  const { now } = options;
  const windows = options.windows ?? defaultFiguresWindows;
  const longest = Math.max(0, ...windows.map((window) => window.ms));
  const inAny = events.filter(
    (event) => event.at >= now - longest && event.at <= now && operationOf(event.kind) !== null,
  );
  const providers = [...new Set(inAny.map((event) => event.provider))].sort((a, b) => a.localeCompare(b));
  const totals = tallyEvents(counted);
  return {
    generatedAt: new Date(now).toISOString(),
    windows: windows.map((window) => ({
      label: window.label,
      since: new Date(now - window.ms).toISOString(),
      until: new Date(now).toISOString(),
      hours: round(window.ms / hourMs, 3),
      bucketHours: bucketMsFor(window.ms) / hourMs,
      overall: windowFigures(inAny, window, now),
      providers: providers.map((provider) => ({
        provider,
        ...windowFigures(
          inAny.filter((event) => event.provider === provider),
          window,
          now,
        ),
      })),
    })),
    totals: {
      since: options.firstEventAt == null ? null : new Date(options.firstEventAt).toISOString(),
      ...totals,
    },
  };
}
