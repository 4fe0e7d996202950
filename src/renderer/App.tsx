import { useState } from 'react';
import type { SignInMethod } from '../shared/domain';
import { api } from './api';
import { AccountsView } from './components/accounts-view';
import { ActivityView } from './components/activity-view';
import { AddAccountDialog } from './components/add-account-dialog';
import { LogoMark, PlusIcon } from './components/icons';
import { NavTabs, TabPanel, type TabDefinition } from './components/nav-tabs';
import { SettingsView } from './components/settings-view';
import { SignInPanel } from './components/sign-in-panel';
import { StatusBar } from './components/status-bar';
import { useLiveValue } from './hooks/use-live-value';
import { useLoad } from './hooks/use-load';
import { useSignIn, type ConsentTarget, type SignInTarget } from './hooks/use-sign-in';

type Section = 'accounts' | 'activity' | 'settings';

const sections: readonly TabDefinition<Section>[] = [
  { id: 'accounts', label: 'Accounts' },
  { id: 'activity', label: 'Activity' },
  { id: 'settings', label: 'Settings' },
];

const ID_PREFIX = 'signet';

/** The account manager window: header and sections, status bar, and the add/sign-in dialogs. */
export function App() {
  const accounts = useLiveValue(api.accountsList, 'accounts-changed');
  const status = useLiveValue(api.statusGet, 'status-changed');
  const providers = useLoad(api.providersList);
  const signIn = useSignIn();
  const [section, setSection] = useState<Section>('accounts');
  const [adding, setAdding] = useState(false);

  function startSignIn(provider: SignInTarget, method: SignInMethod, consent?: ConsentTarget) {
    setAdding(false);
    setSection('accounts');
    signIn.start(provider, method, consent);
  }

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <LogoMark />
          <h1 className="brand-name">Signet</h1>
        </div>
        <NavTabs
          tabs={sections}
          selected={section}
          onSelect={setSection}
          label="Sections"
          idPrefix={ID_PREFIX}
        />
        <div className="header-actions">
          <button type="button" className="button button--primary" onClick={() => setAdding(true)}>
            <PlusIcon />
            Add account
          </button>
        </div>
      </header>

      <main className="app-main">
        <TabPanel idPrefix={ID_PREFIX} id="accounts" selected={section === 'accounts'}>
          <AccountsView accounts={accounts} providers={providers} onSignIn={startSignIn} />
        </TabPanel>
        <TabPanel idPrefix={ID_PREFIX} id="activity" selected={section === 'activity'}>
          <ActivityView providers={providers.value} />
        </TabPanel>
        <TabPanel idPrefix={ID_PREFIX} id="settings" selected={section === 'settings'}>
          <SettingsView />
        </TabPanel>
      </main>

      <StatusBar status={status.value} error={status.error} />

      {adding && (
        <AddAccountDialog providers={providers} onStart={startSignIn} onClose={() => setAdding(false)} />
      )}
      {signIn.state && (
        <SignInPanel
          state={signIn.state}
          onDismiss={signIn.dismiss}
          onRetry={signIn.retry}
          sessionOnly={status.value?.sessionOnly === true}
          account={accounts.value?.find((account) => account.id === signIn.state?.consent?.accountId)}
        />
      )}
    </div>
  );
}
