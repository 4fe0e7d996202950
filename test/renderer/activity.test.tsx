import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  ActivityChart,
  normalizeBuckets,
  summarizeBuckets,
} from '../../src/renderer/components/activity-chart';
import { renderApp } from './render-app';

const HOUR = 3_600_000;
const base = Date.parse('2025-06-01T10:00:00.000Z');
const at = (hours: number) => new Date(base + hours * HOUR).toISOString();

describe('activity', () => {
  it('lists recent entries and charts refreshes per hour', async () => {
    const { fake, user } = await renderApp({
      activity: {
        entries: [
          {
            id: 2,
            accountId: null,
            provider: 'github',
            kind: 'refresh',
            outcome: 'failure',
            errorCode: 'network',
            durationMs: 1400,
            at: new Date(Date.now() - 3 * 60_000).toISOString(),
          },
          {
            id: 1,
            accountId: null,
            provider: 'google',
            kind: 'sign-in',
            outcome: 'success',
            errorCode: null,
            durationMs: 230,
            at: new Date(Date.now() - 2 * HOUR).toISOString(),
          },
        ],
        buckets: [
          { start: at(0), refreshes: 3, failures: 0 },
          { start: at(2), refreshes: 5, failures: 1 },
        ],
      },
    });
    await user.click(screen.getByRole('tab', { name: 'Activity' }));
    const table = await screen.findByRole('table');
    expect(fake.callsTo('activityList')).toEqual([{ limit: 100 }]);

    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      ),
    ).toEqual([
      ['3 min ago', 'Refresh', 'GitHub', 'Failed', 'network', '1.4 s'],
      ['2 h ago', 'Sign-in', 'Google', 'Succeeded', '—', '230 ms'],
    ]);

    const chart = screen.getByRole('img', { name: /Refreshes and failures per hour/ });
    expect(chart.tagName.toLowerCase()).toBe('svg');
    expect(chart.querySelector('title')?.textContent).toBe('Refreshes and failures per hour');
    expect(chart.querySelector('desc')?.textContent).toMatch(
      /^Over the last 3 hours: 8 refreshes and 1 failure\./,
    );
    // The same summary is shown beside the chart, for everyone who does not read the SVG.
    expect(document.querySelector('.chart-summary')?.textContent).toBe(
      chart.querySelector('desc')?.textContent,
    );
  });

  it('fills empty hours so the bars keep their place in time', () => {
    const filled = normalizeBuckets([
      { start: at(3), refreshes: 1, failures: 0 },
      { start: at(0), refreshes: 2, failures: 1 },
    ]);
    expect(filled.map((bucket) => bucket.refreshes)).toEqual([2, 0, 0, 1]);
    expect(summarizeBuckets([])).toBe('No refreshes recorded yet.');
  });

  it('draws two bars per hour', () => {
    const { container } = render(
      <ActivityChart
        buckets={[
          { start: at(0), refreshes: 4, failures: 2 },
          { start: at(1), refreshes: 0, failures: 0 },
        ]}
      />,
    );
    expect(container.querySelectorAll('rect.chart-bar--refreshes')).toHaveLength(2);
    expect(container.querySelectorAll('rect.chart-bar--failures')).toHaveLength(2);
  });
});
