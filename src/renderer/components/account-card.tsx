import { useEffect, useId, useState } from 'react';
import type { AccountView, SignInMethod } from '../../shared/domain';
import { api, toErrorDetails, type ErrorDetails } from '../api';
import { missingScopes } from '../../shared/scope-coverage';
import type { ConsentTarget, SignInTarget } from '../hooks/use-sign-in';
import { describeError } from '../lib/error-text';
import { accountDetail, accountName } from '../lib/profile';
import { describeExpiry, formatAbsolute, formatRelative } from '../lib/time';
import { Avatar } from './avatar';
import { ConfirmDialog } from './confirm-dialog';
import { ErrorMessage } from './error-message';
import { StatusBadge } from './status-badge';
import { AccountScopes } from './account-scopes';
import { AddPermissionsDialog } from './add-permissions-dialog';

export interface AccountCardProps {
  account: AccountView;
  /** The shared clock, ticking every second. */
  now: number;
  onSignIn: (provider: SignInTarget, method: SignInMethod, consent?: ConsentTarget) => void;
  /** What a sign-in with this provider asks for by default; unknown until the providers load. */
  providerScopes?: string[] | undefined;
  onUpdated: (account: AccountView) => void;
  onRemoved: (accountId: string) => void;
}

/** One account: who it is, how its access is doing, and what can be done about it. */
export function AccountCard({
  account,
  now,
  onSignIn,
  providerScopes,
  onUpdated,
  onRemoved,
}: AccountCardProps) {
  const nameId = useId();
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<ErrorDetails | null>(null);
  const [confirmingRemove, setConfirmingRemove] = useState(false);
  const [addingPermissions, setAddingPermissions] = useState(false);

  // A refresh error describes the account as it was; once its status or last refresh changes
  // (a later refresh, a new sign-in), it no longer applies.
  useEffect(() => setRefreshError(null), [account.status, account.lastRefreshedAt]);

  const name = accountName(account);
  const detail = accountDetail(account);
  const needsSignIn = account.status === 'needs-reauth';
  const provider = { id: account.provider, name: account.providerName };

  async function refresh() {
    setRefreshing(true);
    setRefreshError(null);
    try {
      onUpdated(await api.accountRefresh({ accountId: account.id }));
    } catch (failure) {
      setRefreshError(toErrorDetails(failure));
    } finally {
      setRefreshing(false);
    }
  }

  // GitHub and Discord grant only what a sign-in asks for: an account holding more than the
  // provider's defaults signs in again by asking for everything it holds, as the same person.
  function startSignInAgain() {
    const extra = providerScopes
      ? account.scopes.filter((scope) => missingScopes(account.provider, providerScopes, [scope]).length > 0)
      : account.scopes;
    if (extra.length === 0) onSignIn(provider, 'browser');
    else onSignIn(provider, 'browser', { accountId: account.id, scopes: extra, purpose: 'again' });
  }

  // Prominent when the account needs it, quiet beside Refresh otherwise.
  const signInAgain = (variant: string) => (
    <button type="button" className={`button ${variant}`} onClick={startSignInAgain}>
      Sign in again
    </button>
  );

  async function remove() {
    await api.accountRemove({ accountId: account.id });
    onRemoved(account.id);
  }

  return (
    <article className={`account-card account-card--${account.status}`} aria-labelledby={nameId}>
      <div className="account-card-head">
        <Avatar name={name} avatar={account.avatar} />
        <div className="account-card-identity">
          <h4 id={nameId} className="account-card-name">
            {name}
          </h4>
          {detail && <p className="account-card-detail">{detail}</p>}
        </div>
        <StatusBadge status={account.status} />
      </div>

      <dl className="account-card-facts">
        <div>
          <dt>Access token</dt>
          <dd className="account-card-expiry">
            {describeExpiry(account.accessTokenExpiresAt, account.status, now)}
          </dd>
        </div>
        <div>
          <dt>Last refresh</dt>
          <dd>
            {account.lastRefreshedAt ? (
              <time dateTime={account.lastRefreshedAt} title={formatAbsolute(account.lastRefreshedAt)}>
                {formatRelative(account.lastRefreshedAt, now)}
              </time>
            ) : (
              'never'
            )}
          </dd>
        </div>
      </dl>

      <AccountScopes account={account} />

      {needsSignIn && (
        <div className="callout callout--warning">
          <p>
            {account.providerName} no longer accepts Signet’s saved sign-in for this account. Sign in again to
            keep it working.
          </p>
          {signInAgain('button--primary')}
        </div>
      )}
      {account.status === 'offline' && (
        <p className="account-card-note">
          You’re offline. Signet keeps using the saved token until it expires.
        </p>
      )}
      {account.status === 'error' && account.lastErrorCode && (
        <p className="account-card-note account-card-note--danger">
          {describeError(account.lastErrorCode).summary} {describeError(account.lastErrorCode).next}
        </p>
      )}
      {/* A refresh that found the sign-in revoked is what the callout above already says. */}
      {refreshError && !(needsSignIn && refreshError.code === 'needs-reauth') && (
        <ErrorMessage error={refreshError} lead="Couldn’t refresh." />
      )}

      <div className="account-card-actions">
        {!needsSignIn && (
          <button
            type="button"
            className="button"
            onClick={refresh}
            disabled={refreshing || account.status === 'refreshing'}
          >
            {refreshing ? 'Refreshing…' : 'Refresh now'}
          </button>
        )}
        {!needsSignIn && signInAgain('button--quiet')}
        <button type="button" className="button button--quiet" onClick={() => setAddingPermissions(true)}>
          Add permissions…
        </button>
        <button
          type="button"
          className="button button--quiet button--danger-text"
          onClick={() => setConfirmingRemove(true)}
        >
          Remove
        </button>
      </div>

      {addingPermissions && (
        <AddPermissionsDialog
          account={account}
          onClose={() => setAddingPermissions(false)}
          onStart={(scopes) => {
            setAddingPermissions(false);
            onSignIn(provider, 'browser', { accountId: account.id, scopes, purpose: 'add' });
          }}
        />
      )}
      {confirmingRemove && (
        <ConfirmDialog
          title={`Remove ${name}?`}
          confirmLabel="Remove account"
          busyLabel="Removing…"
          onConfirm={remove}
          onClose={() => setConfirmingRemove(false)}
        >
          {account.revokesAtSignOut ? (
            <p>
              Signet will sign this account out of {account.providerName}, revoking its access where{' '}
              {account.providerName} allows it, and forget it on this computer. Scripts using it will stop
              getting tokens.
            </p>
          ) : (
            <p>
              {account.providerName} offers desktop apps no way to revoke a sign-in, so Signet will forget
              this account on this computer only. Scripts using it will stop getting tokens; to end the grant
              itself, remove Signet from your {account.providerName} account’s app permissions.
            </p>
          )}
          <p>You can add it again later.</p>
        </ConfirmDialog>
      )}
    </article>
  );
}
