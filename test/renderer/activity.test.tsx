import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FiguresBucket } from '../../src/shared/activity-figures';
import type { ActivityEntry } from '../../src/shared/domain';
import { ActivityChart, summarizeSeries } from '../../src/renderer/components/activity-chart';
import { formatRate } from '../../src/renderer/lib/figures-text';
import { renderApp } from './render-app';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let nextId = 1;
/** An event `ago` ms before now. */
function event(
  ago: number,
  entry: Partial<ActivityEntry> & Pick<ActivityEntry, 'provider' | 'kind'>,
): ActivityEntry {
  return {
    id: nextId++,
    accountId: null,
    outcome: 'success',
    errorCode: null,
    durationMs: null,
    at: new Date(Date.now() - ago).toISOString(),
    ...entry,
  };
}

/** Newest first, as the main process sends them. */
const entries: ActivityEntry[] = [
  event(3 * MINUTE, {
    provider: 'github',
    kind: 'refresh',
    outcome: 'failure',
    errorCode: 'network',
    durationMs: 1400,
  }),
  event(1 * HOUR, { provider: 'github', kind: 'refresh', durationMs: 300 }),
  event(2 * HOUR, { provider: 'google', kind: 'sign-in', durationMs: 230 }),
  event(2.5 * HOUR, {
    provider: 'google',
    kind: 'sign-in',
    outcome: 'cancelled',
    errorCode: 'user-cancelled',
  }),
  event(3 * HOUR, { provider: 'google', kind: 'refresh', durationMs: 100 }),
  event(4 * HOUR, { provider: 'google', kind: 'refresh', durationMs: 200 }),
  event(3 * 24 * HOUR, {
    provider: 'google',
    kind: 'refresh',
    outcome: 'failure',
    errorCode: 'rate-limited',
  }),
  event(4 * 24 * HOUR, {
    provider: 'github',
    kind: 'sign-in',
    outcome: 'failure',
    errorCode: 'access-denied',
  }),
].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));

const tile = (name: string) => {
  const term = screen.getByText(name, { selector: 'dt' });
  return [...term.parentElement!.querySelectorAll('dd')].map((dd) => dd.textContent);
};

describe('activity', () => {
  it('shows the figures of the last 24 hours, then 7 days, for all providers or one', async () => {
    const { fake, user } = await renderApp({ activity: { entries, buckets: [] } });
    await user.click(screen.getByRole('tab', { name: 'Activity' }));
    await screen.findByRole('heading', { name: 'All providers, last 24 hours' });
    expect(fake.callsTo('activityFigures')).toHaveLength(1);

    expect(tile('Sign-in success')).toEqual(['100%', '1 of 1 sign-in, 1 cancelled']);
    expect(tile('Refresh success')).toEqual(['75%', '3 of 4 refreshes']);
    expect(tile('Refreshes per hour')).toEqual(['0.17', 'tried, on average']);
    expect(tile('Time to refresh')).toEqual(['200 ms', 'median; slowest 300 ms']);
    const failures = screen.getByRole('list', { name: 'Failures by type, last 24 hours' });
    expect(
      within(failures)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Network1 (1 refresh)']);

    const chart = screen.getByRole('img', { name: /Refreshes per hour, succeeded and failed/ });
    expect(chart.querySelector('desc')?.textContent).toMatch(
      /^Over the last 24 hours: 4 refreshes, 1 of them failed\./,
    );
    expect(chart.querySelectorAll('rect.chart-bar--refreshes')).toHaveLength(3);
    expect(chart.querySelectorAll('rect.chart-bar--failures')).toHaveLength(1);

    const byProvider = screen.getByRole('table', { name: 'Figures per provider' });
    expect(
      within(byProvider)
        .getAllByRole('row')
        .slice(1)
        .map((row) => [...row.children].map((cell) => cell.textContent)),
    ).toEqual([
      ['All providers', '100% (1/1)', '75% (3/4)', '0.17', '200 ms', '300 ms', 'Network 1'],
      ['GitHub', '—', '50% (1/2)', '0.08', '300 ms', '300 ms', 'Network 1'],
      ['Google', '100% (1/1)', '100% (2/2)', '0.08', '150 ms', '200 ms', 'none'],
    ]);

    await user.click(screen.getByRole('button', { name: 'Last 7 days' }));
    await screen.findByRole('heading', { name: 'All providers, last 7 days' });
    expect(screen.getByRole('button', { name: 'Last 7 days' }).getAttribute('aria-pressed')).toBe('true');
    expect(tile('Sign-in success')).toEqual(['50%', '1 of 2 sign-ins, 1 cancelled']);
    expect(tile('Refresh success')).toEqual(['60%', '3 of 5 refreshes']);
    expect(
      within(screen.getByRole('list', { name: 'Failures by type, last 7 days' }))
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Network1 (1 refresh)', 'Rate limited1 (1 refresh)', 'Provider error1 (1 sign-in)']);
    expect(screen.getByRole('img', { name: /Refreshes per 6 hours/ })).toBeTruthy();

    await user.selectOptions(screen.getByLabelText('Provider'), 'google');
    await screen.findByRole('heading', { name: 'Google, last 7 days' });
    expect(tile('Refresh success')).toEqual(['66.7%', '2 of 3 refreshes']);
    expect(tile('Sign-in success')).toEqual(['100%', '1 of 1 sign-in, 1 cancelled']);
  });

  it('lists the recent events, a cancelled sign-in as cancelled', async () => {
    const { user } = await renderApp({ activity: { entries, buckets: [] } });
    await user.click(screen.getByRole('tab', { name: 'Activity' }));
    const table = await screen.findByRole('table', { name: 'Recent activity, newest first' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      within(rows[0]!)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['3 min ago', 'Refresh', 'GitHub', 'Failed', 'network', '1.4 s']);
    expect(
      within(rows[3]!)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['2 h ago', 'Sign-in', 'Google', 'Cancelled', 'user-cancelled', '—']);
  });

  it('says so when nothing happened yet', async () => {
    const { user } = await renderApp();
    await user.click(screen.getByRole('tab', { name: 'Activity' }));
    await screen.findByText('No failures in the last 24 hours.');
    expect(tile('Refresh success')).toEqual(['—', 'no refreshes']);
    expect(screen.getByText('No activity yet. Sign-ins and refreshes will show up here.')).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Figures per provider' })).toBeNull();
  });
});

describe('the refresh chart', () => {
  const bar = (start: string, refreshes: number, failedRefreshes: number): FiguresBucket => ({
    start,
    refreshes,
    failedRefreshes,
    signIns: 0,
    failedSignIns: 0,
  });

  it('stacks the failed refreshes on the succeeded ones', () => {
    const { container } = render(
      <ActivityChart
        series={[bar('2025-06-01T10:00:00.000Z', 4, 2), bar('2025-06-01T11:00:00.000Z', 0, 0)]}
        bucketHours={1}
        span="last 24 hours"
      />,
    );
    const ok = container.querySelector('rect.chart-bar--refreshes')!;
    const failed = container.querySelector('rect.chart-bar--failures')!;
    expect(container.querySelectorAll('rect.chart-bar')).toHaveLength(2);
    // The failed part sits right on top of the succeeded part, and is half its height.
    expect(Number(failed.getAttribute('y')) + Number(failed.getAttribute('height'))).toBeCloseTo(
      Number(ok.getAttribute('y')),
    );
    expect(Number(failed.getAttribute('height')) * 2).toBeCloseTo(Number(ok.getAttribute('height')));
  });

  it('sums up in words', () => {
    expect(summarizeSeries([], 1, 'last 24 hours')).toBe('No refreshes in the last 24 hours.');
    expect(summarizeSeries([bar('2025-06-01T10:00:00.000Z', 3, 0)], 1, 'last 24 hours')).toMatch(
      /^Over the last 24 hours: 3 refreshes, none of them failed\. Busiest: the hour from \d\d:00, with 3 refreshes\.$/,
    );
  });

  it('never rounds a rate up to 100%', () => {
    expect(formatRate(0.9996)).toBe('99.9%');
    expect(formatRate(1)).toBe('100%');
    expect(formatRate(0.6667)).toBe('66.7%');
    expect(formatRate(null)).toBe('—');
  });
});
