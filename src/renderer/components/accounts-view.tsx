import type { AccountView, ProviderView, SignInMethod } from '../../shared/domain';
import type { Loaded } from '../hooks/use-load';
import { useNow } from '../hooks/use-now';
import type { ConsentTarget, SignInTarget } from '../hooks/use-sign-in';
import { EmptyState } from './empty-state';
import { LoadError } from './load-error';
import { ProviderSection } from './provider-section';

export interface AccountsViewProps {
  accounts: Loaded<AccountView[]>;
  providers: Loaded<ProviderView[]>;
  onSignIn: (provider: SignInTarget, method: SignInMethod, consent?: ConsentTarget) => void;
}

interface ProviderGroup {
  provider: string;
  providerName: string;
  accounts: AccountView[];
}

/** Groups accounts by provider, in the order the providers are listed, then any others by name. */
export function groupByProvider(accounts: AccountView[], providers: ProviderView[] = []): ProviderGroup[] {
  const groups = new Map<string, ProviderGroup>();
  for (const account of accounts) {
    let group = groups.get(account.provider);
    if (!group) {
      group = { provider: account.provider, providerName: account.providerName, accounts: [] };
      groups.set(account.provider, group);
    }
    group.accounts.push(account);
  }
  const order = new Map(providers.map((provider, index) => [provider.id, index]));
  return [...groups.values()].sort((a, b) => {
    const byOrder = (order.get(a.provider) ?? Infinity) - (order.get(b.provider) ?? Infinity);
    return byOrder !== 0 && !Number.isNaN(byOrder) ? byOrder : a.providerName.localeCompare(b.providerName);
  });
}

export function AccountsView({ accounts, providers, onSignIn }: AccountsViewProps) {
  const now = useNow(1000);
  const list = accounts.value;

  function onUpdated(updated: AccountView) {
    if (!list) return;
    accounts.setValue(list.map((account) => (account.id === updated.id ? updated : account)));
  }
  function onRemoved(accountId: string) {
    if (!list) return;
    accounts.setValue(list.filter((account) => account.id !== accountId));
  }

  let body;
  if (!list && accounts.error) {
    body = <LoadError error={accounts.error} lead="Couldn’t load your accounts." onRetry={accounts.reload} />;
  } else if (!list) {
    body = <p className="muted">Loading accounts…</p>;
  } else if (list.length === 0) {
    body = <EmptyState providers={providers} onStart={onSignIn} />;
  } else {
    body = groupByProvider(list, providers.value).map((group) => (
      <ProviderSection
        key={group.provider}
        providerName={group.providerName}
        providerScopes={providers.value?.find((provider) => provider.id === group.provider)?.scopes}
        accounts={group.accounts}
        now={now}
        onSignIn={onSignIn}
        onUpdated={onUpdated}
        onRemoved={onRemoved}
      />
    ));
  }

  return (
    <div className="view" aria-busy={!list && !accounts.error}>
      <h2 className="view-title">Accounts</h2>
      {body}
    </div>
  );
}
