import { useId } from 'react';
import type { ActivityBucket } from '../../shared/domain';
import { formatHour, HOUR_MS } from '../lib/time';

const MAX_HOURS = 48;

/** Sorted hourly buckets with the empty hours between them filled in, at most the last 48. */
export function normalizeBuckets(buckets: ActivityBucket[]): ActivityBucket[] {
  const known = buckets
    .map((bucket) => ({ bucket, at: Date.parse(bucket.start) }))
    .filter(({ at }) => !Number.isNaN(at))
    .sort((a, b) => a.at - b.at);
  const first = known[0];
  const last = known[known.length - 1];
  if (!first || !last) return [];
  const byHour = new Map(known.map(({ bucket, at }) => [at, bucket]));
  const from = Math.max(first.at, last.at - (MAX_HOURS - 1) * HOUR_MS);
  const filled: ActivityBucket[] = [];
  for (let at = from; at <= last.at; at += HOUR_MS) {
    filled.push(byHour.get(at) ?? { start: new Date(at).toISOString(), refreshes: 0, failures: 0 });
  }
  return filled;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The chart's content in one or two sentences, for everyone who does not see the bars. */
export function summarizeBuckets(buckets: ActivityBucket[]): string {
  if (buckets.length === 0) return 'No refreshes recorded yet.';
  const refreshes = buckets.reduce((sum, bucket) => sum + bucket.refreshes, 0);
  const failures = buckets.reduce((sum, bucket) => sum + bucket.failures, 0);
  const span = buckets.length === 1 ? 'In the last hour' : `Over the last ${buckets.length} hours`;
  let text = `${span}: ${plural(refreshes, 'refresh', 'refreshes')} and ${plural(failures, 'failure', 'failures')}.`;
  const busiest = buckets.reduce((best, bucket) => (bucket.refreshes > best.refreshes ? bucket : best));
  if (busiest.refreshes > 0) {
    text += ` Busiest hour: ${formatHour(busiest.start)} with ${plural(busiest.refreshes, 'refresh', 'refreshes')}.`;
  }
  return text;
}

const WIDTH = 560;
const HEIGHT = 168;
const PAD = { top: 12, right: 8, bottom: 24, left: 32 };

/** Refreshes and failures per hour as paired bars: a hand-drawn SVG, no chart library. */
export function ActivityChart({ buckets: raw }: { buckets: ActivityBucket[] }) {
  const titleId = useId();
  const descId = useId();
  const buckets = normalizeBuckets(raw);
  const summary = summarizeBuckets(buckets);
  const max = Math.max(1, ...buckets.map((bucket) => Math.max(bucket.refreshes, bucket.failures)));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = buckets.length > 0 ? plotWidth / buckets.length : plotWidth;
  const barWidth = Math.max(2, Math.min(12, slot * 0.36));
  const labelEvery = Math.max(1, Math.ceil(buckets.length / 8));
  const y = (value: number) => PAD.top + plotHeight - (value / max) * plotHeight;

  return (
    <figure className="chart">
      <svg
        className="chart-svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
      >
        <title id={titleId}>Refreshes and failures per hour</title>
        <desc id={descId}>{summary}</desc>
        {[max, Math.round(max / 2)].map((tick) => (
          <g key={tick} className="chart-grid">
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} />
            <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end" className="chart-label">
              {tick}
            </text>
          </g>
        ))}
        <line
          className="chart-axis"
          x1={PAD.left}
          x2={WIDTH - PAD.right}
          y1={PAD.top + plotHeight}
          y2={PAD.top + plotHeight}
        />
        {buckets.map((bucket, index) => {
          const center = PAD.left + slot * index + slot / 2;
          const hour = formatHour(bucket.start);
          return (
            <g key={bucket.start}>
              <title>{`${hour}: ${plural(bucket.refreshes, 'refresh', 'refreshes')}, ${plural(bucket.failures, 'failure', 'failures')}`}</title>
              <rect
                className="chart-bar chart-bar--refreshes"
                x={center - barWidth - 1}
                y={y(bucket.refreshes)}
                width={barWidth}
                height={Math.max(0, PAD.top + plotHeight - y(bucket.refreshes))}
                rx={2}
              />
              <rect
                className="chart-bar chart-bar--failures"
                x={center + 1}
                y={y(bucket.failures)}
                width={barWidth}
                height={Math.max(0, PAD.top + plotHeight - y(bucket.failures))}
                rx={2}
              />
              {index % labelEvery === 0 && (
                <text x={center} y={HEIGHT - 6} textAnchor="middle" className="chart-label">
                  {hour}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="chart-caption">
        <span className="chart-legend">
          <span className="chart-swatch chart-swatch--refreshes" aria-hidden="true" /> Refreshes
          <span className="chart-swatch chart-swatch--failures" aria-hidden="true" /> Failures
        </span>
        <span className="chart-summary">{summary}</span>
      </figcaption>
    </figure>
  );
}
