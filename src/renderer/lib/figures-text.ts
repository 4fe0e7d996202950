/** Words and numbers for the activity figures, as the Activity view shows them. */
import type { FailureType } from '../../shared/activity-figures';

/** A success rate: `100%`, `66.7%`, `0%`; none to rate is an em dash. Never 100% unless all succeeded. */
export function formatRate(rate: number | null): string {
  if (rate === null) return '—';
  const percent = Math.round(rate * 1000) / 10;
  return `${rate < 1 ? Math.min(percent, 99.9) : percent}%`;
}

/** A rate per hour with at most two decimals: `0.25`, `4`, `0`. */
export function formatPerHour(perHour: number): string {
  return String(Number(perHour.toFixed(2)));
}

/** What each failure type is called in the window. */
export function failureTypeLabel(type: FailureType): string {
  switch (type) {
    case 'network':
      return 'Network';
    case 'rate-limited':
      return 'Rate limited';
    case 'needs-sign-in':
      return 'Needs sign-in';
    case 'provider-error':
      return 'Provider error';
    case 'keychain':
      return 'Keychain';
    case 'storage':
      return 'Storage';
    case 'other':
      return 'Other';
    default: {
      const unknown: never = type;
      return String(unknown);
    }
  }
}

/** `24h` → `last 24 hours`, `7d` → `last 7 days`: how a window reads in a heading. */
export function windowLabel(label: string): string {
  const match = /^(\d+)([mhdw])$/.exec(label);
  if (!match) return label;
  const unit = { m: 'minute', h: 'hour', d: 'day', w: 'week' }[match[2] as 'm' | 'h' | 'd' | 'w'];
  return match[1] === '1' ? `last ${unit}` : `last ${match[1]} ${unit}s`;
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
