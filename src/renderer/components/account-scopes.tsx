import type { AccountView } from '../../shared/domain';
import { describeScope } from '../../shared/scope-descriptions';

/**
 * What the account may do: each granted scope in words with the raw scope beside it (raw alone
 * when Signet has no words for it), and the scopes the provider or the person took back.
 */
export function AccountScopes({ account }: { account: AccountView }) {
  const removed = account.scopesRemoved ?? [];
  if (account.scopes.length === 0 && removed.length === 0) return null;
  const headingId = `scopes-${account.id}`;
  return (
    <section className="account-card-scopes" aria-labelledby={headingId}>
      <h5 id={headingId}>Permissions</h5>
      <ul>
        {account.scopes.map((scope) => {
          const { words } = describeScope(account.provider, scope);
          return (
            <li key={scope}>
              {words && <span className="scope-words">{words}</span>}{' '}
              <code className="scope-raw">{scope}</code>
            </li>
          );
        })}
      </ul>
      {removed.length > 0 && (
        <p className="account-card-note">
          Removed by {account.providerName} or you:{' '}
          {removed.map((scope, i) => (
            <span key={scope}>
              {i > 0 && ', '}
              {describeScope(account.provider, scope).words ?? ''} <code className="scope-raw">{scope}</code>
            </span>
          ))}
        </p>
      )}
    </section>
  );
}
