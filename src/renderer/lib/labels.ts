/**
 * Display words for domain unions. Exhaustive at compile time, so a new member cannot slip through
 * unlabelled; at run time a value from a newer main process is shown as-is instead of crashing the
 * window, which is why these end in a `never` check rather than `assertNever`.
 */
import type { AccountStatus, AuthEventKind } from '../../shared/domain';

export type Tone = 'success' | 'info' | 'warning' | 'danger' | 'neutral';

export function statusLabel(status: AccountStatus): { label: string; tone: Tone } {
  switch (status) {
    case 'active':
      return { label: 'Active', tone: 'success' };
    case 'refreshing':
      return { label: 'Refreshing', tone: 'info' };
    case 'offline':
      return { label: 'Offline', tone: 'neutral' };
    case 'needs-reauth':
      return { label: 'Needs sign-in', tone: 'warning' };
    case 'error':
      return { label: 'Error', tone: 'danger' };
    default: {
      const unknown: never = status;
      return { label: String(unknown), tone: 'neutral' };
    }
  }
}

export function eventKindLabel(kind: AuthEventKind): string {
  switch (kind) {
    case 'sign-in':
      return 'Sign-in';
    case 'refresh':
      return 'Refresh';
    case 'revoke':
      return 'Revoke';
    case 'sign-out':
      return 'Sign-out';
    case 'reauth-required':
      return 'Sign-in needed';
    case 'scopes-narrowed':
      return 'Permissions removed';
    default: {
      const unknown: never = kind;
      return String(unknown);
    }
  }
}
