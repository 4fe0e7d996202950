import { useId } from 'react';
import type { AccountView, SignInMethod } from '../../shared/domain';
import type { ConsentTarget, SignInTarget } from '../hooks/use-sign-in';
import { AccountCard } from './account-card';

export interface ProviderSectionProps {
  providerName: string;
  accounts: AccountView[];
  now: number;
  onSignIn: (provider: SignInTarget, method: SignInMethod, consent?: ConsentTarget) => void;
  /** The provider's default scopes, when known. */
  providerScopes?: string[] | undefined;
  onUpdated: (account: AccountView) => void;
  onRemoved: (accountId: string) => void;
}

/** The accounts of one provider, under its name. */
export function ProviderSection({ providerName, accounts, ...cardProps }: ProviderSectionProps) {
  const headingId = useId();
  return (
    <section className="provider-section" aria-labelledby={headingId}>
      <h3 id={headingId} className="provider-section-title">
        {providerName}
        <span className="provider-section-count">
          {accounts.length === 1 ? '1 account' : `${accounts.length} accounts`}
        </span>
      </h3>
      <ul className="account-list">
        {accounts.map((account) => (
          <li key={account.id}>
            <AccountCard account={account} {...cardProps} />
          </li>
        ))}
      </ul>
    </section>
  );
}
