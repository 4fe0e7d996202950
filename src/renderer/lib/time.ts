/** Time formatting for the window. Plain English, compact, and stable under a ticking clock. */
import type { AccountStatus } from '../../shared/domain';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A positive span as its two largest units: `41m 3s`, `2h 5m`, `3d 4h`, `12s`. */
export function formatSpan(ms: number): string {
  const total = Math.max(0, Math.floor(ms / SECOND));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return minutes > 0 ? `${hours}h ${minutes}m` : `${hours}h`;
  if (minutes > 0) return `${minutes}m ${seconds}s`;
  return `${seconds}s`;
}

/** How long the account's access token has left, in the words the account card shows. */
export function describeExpiry(expiresAt: string | null, status: AccountStatus, now: number): string {
  if (expiresAt === null) {
    return status === 'needs-reauth' || status === 'error' ? 'no access token' : 'no expiry';
  }
  const at = Date.parse(expiresAt);
  if (Number.isNaN(at)) return 'unknown';
  const left = at - now;
  return left < SECOND ? 'expired' : `expires in ${formatSpan(left)}`;
}

/** `just now`, `12s ago`, `3 min ago`, `5 h ago`, `2 d ago`; a future time (clock skew) is `just now`. */
export function formatRelative(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return 'unknown';
  const ago = now - at;
  if (ago < 10 * SECOND) return 'just now';
  if (ago < MINUTE) return `${Math.floor(ago / SECOND)}s ago`;
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)} min ago`;
  if (ago < DAY) return `${Math.floor(ago / HOUR)} h ago`;
  return `${Math.floor(ago / DAY)} d ago`;
}

/** A request's duration: `230 ms`, `1.4 s`; unknown is an em dash. */
export function formatDurationMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** An absolute local time for tooltips and `<time>` titles. */
export function formatAbsolute(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toLocaleString();
}

/** `14:00`: the local start of an hour bucket. */
export function formatHour(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  return `${String(at.getHours()).padStart(2, '0')}:00`;
}

export const HOUR_MS = HOUR;
