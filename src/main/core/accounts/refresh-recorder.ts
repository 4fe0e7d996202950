import type { AccountStatus } from '../../../shared/domain.js';
import { isTransient, type ErrorCode } from '../../../shared/errors.js';
import type { RefreshOutcome, TokenService } from '../refresh/token-service.js';
import type { AccountsRepository } from '../storage/accounts-repository.js';
import type { AuthEventsRepository } from '../storage/auth-events-repository.js';
import type { AccountState } from './account-state.js';
import { applyGrantedScopes } from './granted-scopes.js';

export interface RefreshRecorderDeps {
  tokens: TokenService;
  accounts: AccountsRepository;
  authEvents: AuthEventsRepository;
  state: AccountState;
}

/**
 * Writes down what each refresh did: the account's status in its row, an activity event, and
 * the "refreshing" mark the window shows while it runs, and the scopes a response granted. It
 * only listens to the token service.
 */
export function recordRefreshes({ tokens, accounts, authEvents, state }: RefreshRecorderDeps): () => void {
  const stopStarted = tokens.on('refresh-started', ({ accountId }) => state.setRefreshing(accountId, true));
  const stopEnded = tokens.on('refresh-ended', ({ accountId, outcome }) => {
    const account = accounts.get(accountId);
    if (!account) {
      // Signed out (here or by another process) while the refresh ran.
      state.forget(accountId);
      state.setRefreshing(accountId, false);
      return;
    }
    if (outcome.kind === 'refreshed') {
      accounts.markRefreshed(accountId);
      // A refresh response's `scope` is what the grant holds now: a narrowing is recorded.
      applyGrantedScopes({ accounts, authEvents }, account, outcome.token.scope);
      state.note({ ...account, status: 'active' });
    } else {
      const status = statusAfterFailure(outcome.error.code, account.status);
      accounts.setStatus(accountId, status, outcome.error.code);
      state.note({ ...account, status });
    }
    authEvents.record({ accountId, provider: account.provider, ...eventFor(outcome) });
    state.setRefreshing(accountId, false);
  });
  return () => {
    stopStarted();
    stopEnded();
  };
}

/** Offline is its own state; a transient failure keeps an account that already needs sign-in there. */
function statusAfterFailure(code: ErrorCode, current: AccountStatus): AccountStatus {
  if (code === 'needs-reauth') return 'needs-reauth';
  if (code === 'network' || code === 'timeout') return 'offline';
  if (isTransient(code) && current === 'needs-reauth') return 'needs-reauth';
  return 'error';
}

function eventFor(outcome: RefreshOutcome) {
  if (outcome.kind === 'refreshed') {
    return { kind: 'refresh', outcome: 'success', durationMs: outcome.durationMs } as const;
  }
  const code = outcome.error.code;
  return {
    kind: code === 'needs-reauth' ? 'reauth-required' : 'refresh',
    outcome: 'failure',
    errorCode: code,
    durationMs: outcome.durationMs,
  } as const;
}
