// `signet activity` and `signet metrics` against the Google and GitHub emulators: sign-ins that
// succeed and one the person declines, refreshes that succeed, one rate limited, one cut off by
// the network and one GitHub no longer accepts. Every figure is then checked twice: against the
// numbers this file caused, and against the rows of `auth_events` read straight from signet.db.
// `signet metrics` is read by an exposition-format parser from the npm registry
// (parse-prometheus-text-format) and by the Prometheus project's strict OpenMetrics parser
// (python3-prometheus-client), never by a regular expression of ours.

import path from 'node:path';
import Database from 'better-sqlite3';
import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startGithubEmulator,
  startGoogleEmulator,
  type GithubEmulator,
  type GoogleEmulator,
} from '../../emulators/index.js';
import type { ActivityFiguresView, ProviderActivityFigures } from '../../src/shared/activity-figures.js';
import { expectFailure } from '../helpers/cli.js';
import { CliSession } from '../helpers/cli-session.js';
import { parseOpenMetrics } from '../helpers/openmetrics-reference-parser.js';
import { githubEnv, googleEnv } from '../helpers/test-core.js';

interface EventRow {
  provider: string;
  kind: string;
  outcome: string;
  error_code: string | null;
  duration_ms: number | null;
  at: number;
}

describe('signet activity and signet metrics', () => {
  const session = new CliSession();
  let google: GoogleEmulator;
  let github: GithubEmulator;

  /** `auth_events` as SQLite holds it, read without any of Signet's code. */
  const rows = (): EventRow[] => {
    const db = new Database(path.join(session.home, 'signet.db'), { readonly: true });
    try {
      return db
        .prepare('SELECT provider, kind, outcome, error_code, duration_ms, at FROM auth_events')
        .all() as EventRow[];
    } finally {
      db.close();
    }
  };

  const activityJson = async (...flags: string[]): Promise<ActivityFiguresView> => {
    const result = await session.run('activity', '--json', ...flags);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as ActivityFiguresView;
  };

  beforeAll(async () => {
    google = await startGoogleEmulator();
    github = await startGithubEmulator({ mode: 'github-app' });
    session.begin({ ...googleEnv(google), ...githubEnv(github) });
  });

  afterAll(async () => {
    await session.end();
    await google?.close();
    await github?.close();
  });

  it('signs in, declines, refreshes and fails to refresh in the ways the figures count', async () => {
    await session.login('google');
    await session.login('github');
    // The person declines at GitHub's consent page: a failed sign-in, of the provider-error type.
    github.setDeny(true);
    expect((await session.run('login', 'github', '--json')).code).not.toBe(0);
    github.setDeny(false);

    expect((await session.run('refresh', 'google')).code).toBe(0);
    expect((await session.run('refresh', 'google')).code).toBe(0);
    google.pushFault('token', { kind: 'status', status: 429, headers: { 'retry-after': '1' } });
    expectFailure(await session.run('refresh', 'google'), 4, /^signet: /);
    google.pushFault('token', { kind: 'reset' });
    expectFailure(await session.run('refresh', 'google'), 4, /^signet: /);
    expect((await session.run('refresh', 'github')).code).toBe(0);
    github.revokeAllRefreshTokens();
    expectFailure(await session.run('refresh', 'github'), 3, /^signet: /);
  }, 120_000);

  it('prints the figures of the last 24 hours and 7 days, per provider and overall', async () => {
    const view = await activityJson();
    expect(view.windows.map((window) => window.label)).toEqual(['24h', '7d']);
    const [day] = view.windows;
    const of = (provider: string) => day!.providers.find((p) => p.provider === provider)!;
    expect(day!.providers.map((p) => p.provider)).toEqual(['github', 'google']);

    expect(of('google').signIns).toEqual({ succeeded: 1, failed: 0, cancelled: 0, successRate: 1 });
    expect(of('github').signIns).toEqual({ succeeded: 1, failed: 1, cancelled: 0, successRate: 0.5 });
    expect(of('google').refreshes).toMatchObject({ succeeded: 2, failed: 2, successRate: 0.5 });
    expect(of('github').refreshes).toMatchObject({ succeeded: 1, failed: 1, successRate: 0.5 });
    expect(of('google').failures['rate-limited']).toEqual({ signIn: 0, refresh: 1 });
    expect(of('google').failures.network).toEqual({ signIn: 0, refresh: 1 });
    expect(of('github').failures['needs-sign-in']).toEqual({ signIn: 0, refresh: 1 });
    expect(of('github').failures['provider-error']).toEqual({ signIn: 1, refresh: 0 });
    expect(day!.overall.refreshes).toMatchObject({
      succeeded: 3,
      failed: 3,
      successRate: 0.5,
      perHour: 0.25,
    });
    expect(day!.overall.signIns.successRate).toBe(0.6667);
    // The same events fall in both windows.
    expect(view.windows[1]!.overall.refreshes.succeeded).toBe(3);
    expect(view.totals.overall.refreshes).toEqual({ succeeded: 3, failed: 3, successRate: 0.5 });
  });

  it('gives exactly what the recorded events say', async () => {
    const events = rows();
    const view = await activityJson();
    const [day] = view.windows;
    const isRefresh = (row: EventRow) => row.kind === 'refresh' || row.kind === 'reauth-required';
    for (const figures of [...day!.providers, { ...day!.overall, provider: null }] as (Omit<
      ProviderActivityFigures,
      'provider'
    > & { provider: string | null })[]) {
      const mine = events.filter((row) => figures.provider === null || row.provider === figures.provider);
      const refreshes = mine.filter(isRefresh);
      const succeeded = refreshes.filter((row) => row.outcome === 'success');
      const signIns = mine.filter((row) => row.kind === 'sign-in');
      expect(figures.refreshes.succeeded).toBe(succeeded.length);
      expect(figures.refreshes.failed).toBe(refreshes.length - succeeded.length);
      expect(figures.signIns.succeeded).toBe(signIns.filter((row) => row.outcome === 'success').length);
      expect(figures.signIns.failed).toBe(signIns.filter((row) => row.outcome === 'failure').length);
      const durations = succeeded.map((row) => row.duration_ms!).sort((a, b) => a - b);
      expect(durations.every((ms) => Number.isInteger(ms) && ms >= 0)).toBe(true);
      expect(figures.refreshes.slowestMs).toBe(durations.at(-1));
      const middle = Math.floor(durations.length / 2);
      expect(figures.refreshes.medianMs).toBe(
        durations.length % 2
          ? durations[middle]
          : Math.round((durations[middle - 1]! + durations[middle]!) / 2),
      );
      const failedCodes = mine.filter(
        (row) => row.outcome === 'failure' && (isRefresh(row) || row.kind === 'sign-in'),
      );
      const counted = Object.values(figures.failures).reduce((sum, f) => sum + f.signIn + f.refresh, 0);
      expect(counted).toBe(failedCodes.length);
    }
    // What was recorded: no account id on a failed sign-in, and nothing that could be a secret.
    expect(events.filter((row) => row.kind === 'sign-in' && row.outcome === 'failure')).toEqual([
      expect.objectContaining({ provider: 'github', error_code: 'access-denied', duration_ms: null }),
    ]);
  });

  it('takes one window with --since, and refuses one it cannot read', async () => {
    const view = await activityJson('--since', '90m');
    expect(view.windows).toHaveLength(1);
    expect(view.windows[0]!.label).toBe('90m');
    expect(view.windows[0]!.hours).toBe(1.5);
    expect(view.windows[0]!.overall.refreshes.perHour).toBe(4);
    for (const bad of ['soon', '0h', '2y']) {
      expectFailure(await session.run('activity', '--since', bad), 2, /^signet: --since takes/);
    }
  });

  it('prints a table a person reads', async () => {
    const result = await session.run('activity');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Over the last 24 hours');
    expect(result.stdout).toContain('Over the last 7 days');
    const google = result.stdout.split('\n').find((line) => line.startsWith('Google'))!;
    expect(google).toMatch(/1\/1 \(100%\)\s+2\/4 \(50%\)/);
    expect(google).toContain('network 1, rate limited 1');
  });

  describe('signet metrics', () => {
    let text: string;
    let families: ParsedFamily[];
    const family = (name: string) => {
      const found = families.find((candidate) => candidate.name === name);
      expect(found, name).toBeDefined();
      return found!;
    };
    /** A sample's value, found by all of its labels. */
    const value = (name: string, labels: Record<string, string>) => {
      const metric = family(name).metrics.find(
        (m) =>
          JSON.stringify(Object.entries(m.labels ?? {}).sort()) ===
          JSON.stringify(Object.entries(labels).sort()),
      );
      return metric === undefined ? undefined : Number(metric.value);
    };

    beforeAll(async () => {
      const result = await session.run('metrics');
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      text = result.stdout;
      families = parsePrometheusTextFormat(text);
    });

    it('is the OpenMetrics text format: typed families, units, counters as _total, and # EOF last', () => {
      expect(text.endsWith('\n# EOF\n')).toBe(true);
      // The parser reads the Prometheus format, of which OpenMetrics is the stricter kin: a counter
      // family comes out typed and empty, followed at once by its `_total` samples.
      for (const name of ['signet_sign_ins', 'signet_refreshes', 'signet_failures']) {
        const index = families.findIndex((candidate) => candidate.name === name);
        expect(families[index]).toMatchObject({ type: 'COUNTER', metrics: [] });
        expect(families[index]!.help).not.toBe('');
        expect(families[index + 1]!.name).toBe(`${name}_total`);
        expect(families[index + 1]!.metrics.length).toBeGreaterThan(0);
      }
      for (const name of [
        'signet_sign_in_success_ratio',
        'signet_refresh_success_ratio',
        'signet_refreshes_per_hour',
        'signet_refresh_duration_median_seconds',
        'signet_refresh_duration_max_seconds',
        'signet_window_failures',
      ]) {
        expect(family(name).type).toBe('GAUGE');
        expect(family(name).help).not.toBe('');
      }
      // Every line of metadata names its family; a unit is the family name's last word.
      const units = text.split('\n').filter((line) => line.startsWith('# UNIT '));
      expect(units.length).toBe(4);
      for (const line of units) {
        const [, , name, unit] = line.split(' ');
        expect(name!.endsWith(`_${unit}`)).toBe(true);
      }
    });

    it("passes the Prometheus project's strict OpenMetrics parser, with the same values", () => {
      const strict = parseOpenMetrics(text);
      const counters = strict.filter((f) => f.type === 'counter').map((f) => f.name);
      expect(counters.sort()).toEqual(['signet_failures', 'signet_refreshes', 'signet_sign_ins']);
      for (const f of strict) {
        expect(f.help, f.name).not.toBe('');
        if (f.unit !== '') expect(f.name.endsWith(`_${f.unit}`)).toBe(true);
        for (const sample of f.samples) {
          // Every sample the strict parser reads, the npm parser read with the same value.
          expect(value(sample.name, sample.labels), `${sample.name} ${JSON.stringify(sample.labels)}`).toBe(
            sample.value,
          );
        }
      }
      const samples = strict.flatMap((f) => f.samples);
      expect(samples.length).toBe(families.reduce((n, f) => n + f.metrics.length, 0));
      // The parser is strict: the same text without its # EOF, or a counter without _total, is refused.
      expect(() => parseOpenMetrics(text.replace('# EOF\n', ''))).toThrow(/Missing # EOF/);
      expect(() => parseOpenMetrics(text.replace(/^signet_sign_ins_total/m, 'signet_sign_ins'))).toThrow(
        /Clashing name/,
      );
    });

    it('counts what the recorded events say', () => {
      const events = rows();
      const count = (provider: string, predicate: (row: EventRow) => boolean) =>
        events.filter((row) => row.provider === provider && predicate(row)).length;
      for (const provider of ['google', 'github']) {
        expect(value('signet_sign_ins_total', { provider, result: 'success' })).toBe(
          count(provider, (row) => row.kind === 'sign-in' && row.outcome === 'success'),
        );
        expect(value('signet_sign_ins_total', { provider, result: 'failure' })).toBe(
          count(provider, (row) => row.kind === 'sign-in' && row.outcome === 'failure'),
        );
        expect(value('signet_refreshes_total', { provider, result: 'success' })).toBe(
          count(provider, (row) => row.kind === 'refresh' && row.outcome === 'success'),
        );
        expect(value('signet_refreshes_total', { provider, result: 'failure' })).toBe(
          count(
            provider,
            (row) => (row.kind === 'refresh' || row.kind === 'reauth-required') && row.outcome === 'failure',
          ),
        );
      }
      expect(value('signet_refreshes_total', { provider: 'google', result: 'success' })).toBe(2);
      expect(
        value('signet_failures_total', { provider: 'google', operation: 'refresh', type: 'rate-limited' }),
      ).toBe(1);
      expect(
        value('signet_failures_total', { provider: 'google', operation: 'refresh', type: 'network' }),
      ).toBe(1);
      expect(
        value('signet_failures_total', { provider: 'github', operation: 'refresh', type: 'needs-sign-in' }),
      ).toBe(1);
      expect(
        value('signet_failures_total', { provider: 'github', operation: 'sign-in', type: 'provider-error' }),
      ).toBe(1);
      expect(
        value('signet_failures_total', { provider: 'github', operation: 'refresh', type: 'keychain' }),
      ).toBe(0);
    });

    it('gives the windowed figures as gauges, all providers without a provider label', async () => {
      const view = await activityJson();
      const [day, week] = view.windows;
      expect(value('signet_refresh_success_ratio', { window: '24h' })).toBe(
        day!.overall.refreshes.successRate,
      );
      expect(value('signet_refresh_success_ratio', { provider: 'google', window: '7d' })).toBe(0.5);
      expect(value('signet_sign_in_success_ratio', { provider: 'github', window: '24h' })).toBe(0.5);
      expect(value('signet_refreshes_per_hour', { window: '7d' })).toBe(week!.overall.refreshes.perHour);
      expect(value('signet_refresh_duration_max_seconds', { window: '24h' })).toBe(
        day!.overall.refreshes.slowestMs! / 1000,
      );
      expect(value('signet_refresh_duration_median_seconds', { provider: 'github', window: '24h' })).toBe(
        day!.providers.find((p) => p.provider === 'github')!.refreshes.medianMs! / 1000,
      );
      expect(
        value('signet_window_failures', {
          provider: 'google',
          window: '24h',
          operation: 'refresh',
          type: 'network',
        }),
      ).toBe(1);
    });
  });

  it('never printed or stored a secret', () => {
    session.expectNoSecrets();
  });
});
