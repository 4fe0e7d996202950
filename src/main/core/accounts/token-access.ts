import type { AccountView } from '../../../shared/domain.js';
import { SignetError } from '../../../shared/errors.js';
import type { CachedAccessToken } from '../cache/access-token-cache.js';
import type { RefreshAllOptions, RefreshAllSummary } from '../refresh/refresh-scheduler.js';
import type { TokenService } from '../refresh/token-service.js';
import type { AccountsRepository } from '../storage/accounts-repository.js';
import type { SyncServer } from '../sync/sync-server.js';
import type { AccountState, KnownAccount } from './account-state.js';

/**
 * How many refreshes a launch (or resume) pass runs at once: enough that 200 accounts come back
 * in well under a second from a provider answering in 50 ms, few enough to stay polite to it.
 */
export const launchRefreshConcurrency = 16;

export interface TokenAccessDeps {
  accounts: AccountsRepository;
  sync: SyncServer;
  tokens: TokenService;
  state: AccountState;
}

/** Access tokens for accounts: serving one (the hot path), refreshing one, refreshing what is due. */
export class TokenAccess {
  private closed = false;

  constructor(private readonly deps: TokenAccessDeps) {}

  /**
   * A valid access token for scripts and in-process callers. Never exposed over IPC. A token this
   * process already holds is answered without I/O: the account's row is read only when the
   * token has to come from the cache or a refresh.
   */
  getAccessToken(accountId: string, minValiditySeconds = 60): Promise<CachedAccessToken> {
    const known = this.deps.state.remembered(accountId);
    if (known !== undefined && known.status !== 'needs-reauth') {
      const remembered = this.deps.tokens.remembered(accountId, minValiditySeconds);
      if (remembered !== undefined) return Promise.resolve(remembered);
    }
    return this.serve(accountId, minValiditySeconds, known);
  }

  async refresh(accountId: string): Promise<AccountView> {
    const account = this.deps.state.require(accountId);
    if (account.status === 'needs-reauth') {
      throw new SignetError('needs-reauth', `${account.login} needs to sign in again.`);
    }
    await this.deps.tokens.refresh({ accountId, provider: account.provider }, { force: true });
    return this.deps.state.view(accountId);
  }

  /**
   * Forgets only the account's cached access token, here and in the cache, so the next request
   * refreshes: what git's `erase` asks after a server refused the token. The credential stays.
   */
  async forgetAccessToken(accountId: string): Promise<void> {
    const account = this.deps.state.require(accountId);
    this.deps.tokens.forget(accountId);
    await this.deps.sync.delete({ accountId, provider: account.provider });
  }

  /**
   * Refreshes every account whose token expires within `withinSeconds`, `concurrency` at a
   * time. Used at launch, on resume and when the network returns.
   */
  async refreshAll(options: RefreshAllOptions = {}): Promise<RefreshAllSummary> {
    const withinSeconds = options.withinSeconds ?? 300;
    const concurrency = Math.max(1, options.concurrency ?? launchRefreshConcurrency);
    const accounts = this.deps.accounts.list().filter((account) => account.status !== 'needs-reauth');
    const expiries = await this.deps.sync
      .expiries(accounts.map((a) => ({ accountId: a.id, provider: a.provider })))
      .catch(() => new Map<string, Date | null>());
    const now = Date.now();
    const due = accounts.filter((account) => {
      if (options.force) return true;
      const expiresAt = expiries.get(account.id);
      if (expiresAt === null) return false;
      if (expiresAt === undefined) return true;
      return expiresAt.getTime() - now < withinSeconds * 1000;
    });
    const summary: RefreshAllSummary = { refreshed: 0, failed: 0, skipped: accounts.length - due.length };
    let next = 0;
    const worker = async () => {
      while (next < due.length && !this.closed) {
        const account = due[next++]!;
        try {
          await this.deps.tokens.refresh(
            { accountId: account.id, provider: account.provider },
            { minValiditySeconds: withinSeconds, force: options.force ?? false },
          );
          summary.refreshed += 1;
        } catch {
          summary.failed += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, worker));
    return summary;
  }

  /** Stops refresh passes between accounts: the one under way finishes, no other starts. */
  close(): void {
    this.closed = true;
  }

  private async serve(
    accountId: string,
    minValiditySeconds: number,
    known: KnownAccount | undefined,
  ): Promise<CachedAccessToken> {
    const { state } = this.deps;
    // needs-reauth is read again: another process may have signed the account in since.
    const account = known !== undefined && known.status !== 'needs-reauth' ? known : state.require(accountId);
    assertUsable(account);
    // A token in the cache is served on what this process knows of the account; before a
    // refresh the row is read again, as another process may have signed it out or marked it.
    return this.deps.tokens.getAccessToken(
      { accountId, provider: account.provider },
      minValiditySeconds,
      () => assertUsable(state.require(accountId)),
    );
  }
}

function assertUsable(account: KnownAccount): void {
  if (account.status === 'needs-reauth') {
    throw new SignetError(
      'needs-reauth',
      `${account.login} needs to sign in again: signet login ${account.provider}`,
    );
  }
}
