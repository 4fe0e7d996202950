import type { AccountView } from '../../shared/domain.js';
import type { EventSource } from './ipc.js';

/**
 * Accounts whose status became `needs-reauth` between two listings. Accounts that already
 * needed it, or that are new, are left out, so a person is told once per account that stopped
 * working, not at every launch or refresh.
 */
export function newlyNeedingReauth(
  previous: readonly AccountView[],
  next: readonly AccountView[],
): AccountView[] {
  const before = new Map(previous.map((account) => [account.id, account.status]));
  return next.filter((account) => {
    const was = before.get(account.id);
    return account.status === 'needs-reauth' && was !== undefined && was !== 'needs-reauth';
  });
}

/** The notification's text: provider and login only, never a token or an error detail. */
export function reauthNotice(account: AccountView): { title: string; body: string } {
  return {
    title: 'Signet: sign-in needed',
    body: `Sign in to ${account.providerName} again (${account.login})`,
  };
}

/**
 * Calls `notify` for each account that turns `needs-reauth`, comparing every `accounts-changed`
 * listing with the one before it, starting from `initial`.
 * @returns an unsubscribe
 */
export function watchReauth(
  source: EventSource,
  initial: readonly AccountView[],
  notify: (account: AccountView) => void,
): () => void {
  let previous = initial;
  return source.on('accounts-changed', (next) => {
    const turned = newlyNeedingReauth(previous, next);
    previous = next;
    for (const account of turned) notify(account);
  });
}
