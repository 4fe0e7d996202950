import { SignetError } from '../../../shared/errors.js';

/**
 * `Retry-After` as seconds: delta-seconds or an HTTP date; null when absent or garbage.
 * @see RFC 9110 §10.2.3
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d{1,9}$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date) || !/[a-z]/i.test(trimmed)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** How long the response asks us to wait, for `SignetError`'s `retryAfterSeconds`. */
export function retryAfterOf(response: Response): number | undefined {
  return parseRetryAfter(response.headers.get('retry-after')) ?? undefined;
}

/**
 * The one translation of "slow down" (HTTP 429, or an OAuth `slow_down`): `rate-limited`, with
 * the wait the server asked for, so the backoff honours it.
 * @see RFC 6585 §4
 */
export function rateLimited(
  response: Response,
  who: string,
  what = 'is rate limiting requests',
): SignetError {
  return new SignetError('rate-limited', `${who} ${what}.`, { retryAfterSeconds: retryAfterOf(response) });
}
