import { describe, expect, it } from 'vitest';
import { describeExpiry, formatDurationMs, formatRelative, formatSpan } from '../../src/renderer/lib/time';
import { accountDetail, accountName, initials, safeAvatar } from '../../src/renderer/lib/profile';
import { makeAccount } from './fake-signet';

const now = Date.parse('2025-06-01T12:00:00.000Z');
const iso = (offsetMs: number) => new Date(now + offsetMs).toISOString();

describe('time formatting', () => {
  it('formats spans with their two largest units', () => {
    expect(formatSpan(12_000)).toBe('12s');
    expect(formatSpan((41 * 60 + 3) * 1000)).toBe('41m 3s');
    expect(formatSpan((2 * 3600 + 5 * 60 + 9) * 1000)).toBe('2h 5m');
    expect(formatSpan(3 * 86_400_000 + 4 * 3_600_000)).toBe('3d 4h');
    expect(formatSpan(3_600_000)).toBe('1h');
  });

  it('describes expiry', () => {
    expect(describeExpiry(iso(90_000), 'active', now)).toBe('expires in 1m 30s');
    expect(describeExpiry(iso(-1), 'active', now)).toBe('expired');
    expect(describeExpiry(null, 'active', now)).toBe('no expiry');
    expect(describeExpiry(null, 'needs-reauth', now)).toBe('no access token');
  });

  it('formats relative times and durations', () => {
    expect(formatRelative(iso(-2000), now)).toBe('just now');
    expect(formatRelative(iso(-45_000), now)).toBe('45s ago');
    expect(formatRelative(iso(-3 * 60_000), now)).toBe('3 min ago');
    expect(formatRelative(iso(-5 * 3_600_000), now)).toBe('5 h ago');
    expect(formatRelative(iso(-2 * 86_400_000), now)).toBe('2 d ago');
    expect(formatDurationMs(null)).toBe('—');
    expect(formatDurationMs(87)).toBe('87 ms');
  });
});

describe('profile helpers', () => {
  it('only accepts data:image avatars', () => {
    expect(safeAvatar('data:image/png;base64,AAAA')).toBe('data:image/png;base64,AAAA');
    expect(safeAvatar('https://avatars.example/1.png')).toBeNull();
    expect(safeAvatar('javascript:alert(1)')).toBeNull();
    expect(safeAvatar('data:text/html,<script>')).toBeNull();
    expect(safeAvatar(null)).toBeNull();
  });

  it('makes initials and names', () => {
    expect(initials('Grace Hopper')).toBe('GH');
    expect(initials('octocat')).toBe('O');
    expect(initials('😀 smile')).toBe('😀S');
    expect(initials('   ')).toBe('?');
    expect(initials('Ada (work)')).toBe('AW');
    const account = makeAccount({ displayName: null, login: 'octo', email: 'octo@example.com' });
    expect(accountName(account)).toBe('octo');
    expect(accountDetail(account)).toBe('octo@example.com');
  });
});
