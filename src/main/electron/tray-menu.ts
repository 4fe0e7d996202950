import type { AccountStatus, AccountView } from '../../shared/domain.js';

/** What the tray's menu is built from: the same accounts and statuses the window shows. */
export interface TrayState {
  accounts: readonly AccountView[];
  /** "Pause refresh" is on: the scheduler makes no passes until it is turned off. */
  paused: boolean;
}

/** The actions the tray offers; `start-signet.ts` maps each to what it does. */
export type TrayAction = 'open' | 'refresh-all' | 'toggle-pause' | 'quit' | { signInAgain: string };

/** One row of the menu, independent of Electron so Node tests and the window can render it. */
export type TrayMenuItem =
  | { kind: 'account'; id: string; label: string; status: AccountStatus; needsSignIn: boolean }
  | { kind: 'action'; label: string; action: TrayAction; checked?: boolean; enabled?: boolean }
  | { kind: 'separator' };

const statusWords: Record<AccountStatus, string> = {
  active: 'signed in',
  refreshing: 'refreshing',
  offline: 'offline',
  'needs-reauth': 'sign in again',
  error: 'error',
};

/** "GitHub · octocat — signed in": provider, login and status, never a token or an error detail. */
export function accountLabel(account: AccountView): string {
  return `${account.providerName} · ${account.login} — ${statusWords[account.status]}`;
}

/**
 * The tray's menu as data: each account with its status (one that needs signing in again says
 * so and offers it), then "Open Signet", "Refresh all", "Pause refresh" and "Quit Signet".
 */
export function trayMenuModel(state: TrayState): TrayMenuItem[] {
  const items: TrayMenuItem[] = [];
  if (state.accounts.length === 0) {
    items.push({ kind: 'action', label: 'No accounts yet', action: 'open', enabled: false });
  }
  for (const account of state.accounts) {
    const needsSignIn = account.status === 'needs-reauth';
    items.push({
      kind: 'account',
      id: account.id,
      label: accountLabel(account),
      status: account.status,
      needsSignIn,
    });
    if (needsSignIn) {
      items.push({
        kind: 'action',
        label: `Sign in to ${account.providerName} again…`,
        action: { signInAgain: account.id },
      });
    }
  }
  items.push(
    { kind: 'separator' },
    { kind: 'action', label: 'Open Signet', action: 'open' },
    {
      kind: 'action',
      label: 'Refresh all',
      action: 'refresh-all',
      enabled: !state.paused && state.accounts.length > 0,
    },
    { kind: 'action', label: 'Pause refresh', action: 'toggle-pause', checked: state.paused },
    { kind: 'separator' },
    { kind: 'action', label: 'Quit Signet', action: 'quit' },
  );
  return items;
}

/** The tray icon's tooltip: how many accounts, and how many need the person. */
export function trayTooltip(state: TrayState): string {
  const waiting = state.accounts.filter((account) => account.status === 'needs-reauth').length;
  const parts = [`Signet: ${state.accounts.length} account${state.accounts.length === 1 ? '' : 's'}`];
  if (waiting > 0) parts.push(`${waiting} need${waiting === 1 ? 's' : ''} signing in again`);
  if (state.paused) parts.push('refresh paused');
  return parts.join(', ');
}
