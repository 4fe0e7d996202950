import {
  failureTypes,
  type ActivityFigures,
  type ActivityFiguresView,
  type FailureType,
} from '../../shared/activity-figures.js';
import { table } from './format.js';

const failureWords: Record<FailureType, string> = {
  network: 'network',
  'rate-limited': 'rate limited',
  'needs-sign-in': 'needs sign-in',
  'provider-error': 'provider error',
  keychain: 'keychain',
  storage: 'storage',
  other: 'other',
};

function percent(rate: number | null): string {
  return rate === null ? '' : ` (${Math.round(rate * 100)}%)`;
}

function milliseconds(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function failuresText(figures: ActivityFigures): string {
  const parts = failureTypes
    .map((type) => [type, figures.failures[type].signIn + figures.failures[type].refresh] as const)
    .filter(([, count]) => count > 0)
    .map(([type, count]) => `${failureWords[type]} ${count}`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

function row(name: string, figures: ActivityFigures): string[] {
  const { signIns, refreshes } = figures;
  return [
    name,
    signIns.succeeded + signIns.failed === 0
      ? '—'
      : `${signIns.succeeded}/${signIns.succeeded + signIns.failed}${percent(signIns.successRate)}`,
    refreshes.succeeded + refreshes.failed === 0
      ? '—'
      : `${refreshes.succeeded}/${refreshes.succeeded + refreshes.failed}${percent(refreshes.successRate)}`,
    refreshes.perHour.toFixed(2),
    milliseconds(refreshes.medianMs),
    milliseconds(refreshes.slowestMs),
    failuresText(figures),
  ];
}

/** How a window's label reads in a heading: `24h` → `the last 24 hours`. */
function windowWords(label: string): string {
  const match = /^(\d+)([mhdw])$/.exec(label);
  if (!match) return label;
  const unit = { m: 'minute', h: 'hour', d: 'day', w: 'week' }[match[2] as 'm' | 'h' | 'd' | 'w'];
  return match[1] === '1' ? `the last ${unit}` : `the last ${match[1]} ${unit}s`;
}

/** `signet activity` without `--json`: one table per window, all providers first, then each. */
export function activityText(view: ActivityFiguresView, providerName: (id: string) => string): string {
  return view.windows
    .map((window) => {
      const heading = `Over ${windowWords(window.label)} (since ${window.since}):`;
      const rows = [
        ['PROVIDER', 'SIGN-INS OK', 'REFRESHES OK', 'PER HOUR', 'MEDIAN', 'SLOWEST', 'FAILURES'],
        row('all', window.overall),
        ...window.providers.map((figures) => row(providerName(figures.provider), figures)),
      ];
      return `${heading}\n${table(rows)}\n`;
    })
    .join('\n');
}
