import type { AccountView } from '../../shared/domain';
import { missingScopes } from '../../shared/scope-coverage';
import { ScopeText } from './add-permissions-dialog';
import { CheckIcon } from './icons';

export interface ConsentResultProps {
  /** The account as it is after the consent. */
  account: AccountView;
  /** What the person was asked to approve. */
  asked: readonly string[];
}

/**
 * What an incremental consent came to: the permissions the provider granted, and by name the
 * ones it did not (the person unticked them, or the provider refused), which the account still lacks.
 */
export function ConsentResult({ account, asked }: ConsentResultProps) {
  const declined = missingScopes(account.provider, account.scopes, asked);
  const granted = asked.filter((scope) => !declined.includes(scope));
  return (
    <div className="consent-result">
      {granted.length > 0 && (
        <>
          <p className="sign-in-success">
            <CheckIcon /> {account.providerName} granted:
          </p>
          <ul className="scope-list">
            {granted.map((scope) => (
              <li key={scope}>
                <ScopeText provider={account.provider} scope={scope} />
              </li>
            ))}
          </ul>
        </>
      )}
      {declined.length > 0 && (
        <div className="callout callout--warning">
          <p>
            {granted.length > 0 ? 'Not granted' : `${account.providerName} granted none of them`}, so the
            account still can’t:
          </p>
          <ul className="scope-list">
            {declined.map((scope) => (
              <li key={scope}>
                <ScopeText provider={account.provider} scope={scope} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
