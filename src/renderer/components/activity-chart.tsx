import { useId } from 'react';
import type { FiguresBucket } from '../../shared/activity-figures';
import { plural } from '../lib/figures-text';
import { formatHour } from '../lib/time';

export interface ActivityChartProps {
  series: FiguresBucket[];
  /** The width of one bar, in hours: 1 for a day's window, 6 for a week's. */
  bucketHours: number;
  /** `last 24 hours`: what the chart spans, in words. */
  span: string;
}

/** A bar's label under the axis: the hour for hourly bars, the weekday at the start of each day otherwise. */
function barLabel(iso: string, bucketHours: number): string {
  if (bucketHours < 2) return formatHour(iso);
  const at = new Date(iso);
  return at.toLocaleDateString(undefined, { weekday: 'short' });
}

/** What a bar covers, for its tooltip: `14:00 for an hour`, `Mon, 06:00 for 6 hours`. */
function barTitle(iso: string, bucketHours: number): string {
  if (bucketHours < 2) return `${formatHour(iso)} for an hour`;
  const at = new Date(iso).toLocaleString(undefined, {
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  return `${at} for ${bucketHours} hours`;
}

/** Where a bar's label goes: every few hourly bars, or the first bar of each local day. */
function labelled(series: FiguresBucket[], index: number, bucketHours: number): boolean {
  if (bucketHours < 2) return index % Math.max(1, Math.ceil(series.length / 8)) === 0;
  const hours = new Date(series[index]!.start).getHours();
  return hours < bucketHours;
}

/** The chart's content in a sentence or two, for everyone who does not see the bars. */
export function summarizeSeries(series: FiguresBucket[], bucketHours: number, span: string): string {
  const refreshes = series.reduce((sum, bar) => sum + bar.refreshes + bar.failedRefreshes, 0);
  const failed = series.reduce((sum, bar) => sum + bar.failedRefreshes, 0);
  if (refreshes === 0) return `No refreshes in the ${span}.`;
  let text = `Over the ${span}: ${plural(refreshes, 'refresh', 'refreshes')}, ${failed === 0 ? 'none' : failed} of them failed.`;
  const busiest = series.reduce((best, bar) =>
    bar.refreshes + bar.failedRefreshes > best.refreshes + best.failedRefreshes ? bar : best,
  );
  const when =
    bucketHours < 2
      ? `the hour from ${formatHour(busiest.start)}`
      : `${new Date(busiest.start).toLocaleString(undefined, { weekday: 'long', hour: '2-digit', minute: '2-digit' })} (${bucketHours} h)`;
  text += ` Busiest: ${when}, with ${plural(busiest.refreshes + busiest.failedRefreshes, 'refresh', 'refreshes')}.`;
  return text;
}

const WIDTH = 560;
const HEIGHT = 168;
const PAD = { top: 12, right: 8, bottom: 24, left: 32 };

/**
 * Refreshes over time, one stacked bar per hour (or six hours): those that succeeded, with those
 * that failed on top, so a red cap reads as trouble at a glance. A hand-drawn SVG, no chart library.
 */
export function ActivityChart({ series, bucketHours, span }: ActivityChartProps) {
  const titleId = useId();
  const descId = useId();
  const summary = summarizeSeries(series, bucketHours, span);
  const max = Math.max(1, ...series.map((bar) => bar.refreshes + bar.failedRefreshes));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = series.length > 0 ? plotWidth / series.length : plotWidth;
  const barWidth = Math.max(3, Math.min(16, slot * 0.7));
  const y = (value: number) => PAD.top + plotHeight - (value / max) * plotHeight;
  const ticks = [...new Set([max, Math.round(max / 2)])].filter((tick) => tick > 0);
  const unit = bucketHours < 2 ? 'hour' : `${bucketHours} hours`;

  return (
    <figure className="chart">
      <svg
        className="chart-svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
      >
        <title id={titleId}>{`Refreshes per ${unit}, succeeded and failed`}</title>
        <desc id={descId}>{summary}</desc>
        {ticks.map((tick) => (
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
        {series.map((bar, index) => {
          const center = PAD.left + slot * index + slot / 2;
          const base = PAD.top + plotHeight;
          const okTop = y(bar.refreshes);
          const failedTop = y(bar.refreshes + bar.failedRefreshes);
          return (
            <g key={bar.start}>
              <title>{`${barTitle(bar.start, bucketHours)}: ${plural(bar.refreshes, 'refresh', 'refreshes')} succeeded, ${bar.failedRefreshes} failed`}</title>
              {bar.refreshes > 0 && (
                <rect
                  className="chart-bar chart-bar--refreshes"
                  x={center - barWidth / 2}
                  y={okTop}
                  width={barWidth}
                  height={Math.max(0, base - okTop)}
                />
              )}
              {bar.failedRefreshes > 0 && (
                <rect
                  className="chart-bar chart-bar--failures"
                  x={center - barWidth / 2}
                  y={failedTop}
                  width={barWidth}
                  height={Math.max(0, okTop - failedTop)}
                />
              )}
              {labelled(series, index, bucketHours) && (
                <text x={center} y={HEIGHT - 6} textAnchor="middle" className="chart-label">
                  {barLabel(bar.start, bucketHours)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="chart-caption">
        <span className="chart-legend">
          <span className="chart-swatch chart-swatch--refreshes" aria-hidden="true" /> Succeeded
          <span className="chart-swatch chart-swatch--failures" aria-hidden="true" /> Failed
        </span>
        <span className="chart-summary">{summary}</span>
      </figcaption>
    </figure>
  );
}
