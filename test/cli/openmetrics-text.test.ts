// The OpenMetrics writer behind `signet metrics`, on figures computed from events made up here, read
// back by parse-prometheus-text-format: label values that need escaping survive, a ratio with
// nothing to measure is left out, and all providers' gauges carry no provider label.

import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { openMetricsText } from '../../src/main/cli/openmetrics-text.js';
import { computeActivityFigures, type FigureEvent } from '../../src/shared/activity-figures.js';

const now = Date.parse('2025-06-10T12:00:00.000Z');
const odd = 'corp"sso\\eu';

function view(events: FigureEvent[]) {
  return computeActivityFigures(
    events,
    events.map((event) => ({ ...event, count: 1 })),
    { now, firstEventAt: events[0]?.at ?? null },
  );
}

describe('openMetricsText', () => {
  it('escapes label values, and the parser reads them back whole', () => {
    const text = openMetricsText(
      view([
        {
          provider: odd,
          kind: 'refresh',
          outcome: 'success',
          errorCode: null,
          durationMs: 250,
          at: now - 60_000,
        },
        {
          provider: odd,
          kind: 'refresh',
          outcome: 'failure',
          errorCode: 'timeout',
          durationMs: 30_000,
          at: now - 1000,
        },
      ]),
    );
    expect(text.endsWith('\n# EOF\n')).toBe(true);
    const families = parsePrometheusTextFormat(text);
    const total = families.find((family) => family.name === 'signet_refreshes_total')!;
    expect(total.metrics).toEqual([
      { labels: { provider: odd, result: 'success' }, value: '1' },
      { labels: { provider: odd, result: 'failure' }, value: '1' },
    ]);
    const ratio = families.find((family) => family.name === 'signet_refresh_success_ratio')!;
    expect(ratio.metrics).toEqual([
      { labels: { provider: odd, window: '24h' }, value: '0.5' },
      { labels: { window: '24h' }, value: '0.5' },
      { labels: { provider: odd, window: '7d' }, value: '0.5' },
      { labels: { window: '7d' }, value: '0.5' },
    ]);
    const slowest = families.find((family) => family.name === 'signet_refresh_duration_max_seconds')!;
    // The slowest successful refresh: the failed one's 30 s is not a time to refresh.
    expect(slowest.metrics[0]).toEqual({ labels: { provider: odd, window: '24h' }, value: '0.25' });
    const failures = families.find((family) => family.name === 'signet_failures_total')!;
    expect(
      failures.metrics.find((m) => m.labels?.['operation'] === 'refresh' && m.labels?.['type'] === 'network')
        ?.value,
    ).toBe('1');
  });

  it('leaves out a ratio with nothing to measure, and has no samples with nothing recorded', () => {
    const families = parsePrometheusTextFormat(openMetricsText(view([])));
    expect(families.find((family) => family.name === 'signet_sign_in_success_ratio')?.metrics).toEqual([]);
    expect(families.find((family) => family.name === 'signet_sign_ins_total')).toBeUndefined();
    expect(families.find((family) => family.name === 'signet_refreshes_per_hour')?.metrics).toEqual([
      { labels: { window: '24h' }, value: '0' },
      { labels: { window: '7d' }, value: '0' },
    ]);
  });
});
