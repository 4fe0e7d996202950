import type { StatusView } from '../../shared/domain';
import type { ErrorDetails } from '../api';
import type { Tone } from '../lib/labels';

/** Where access tokens are kept, in the words the status bar uses. */
export function describeStorage(status: StatusView): { label: string; tone: Tone } {
  if (status.cache === 'redis') return { label: 'Sync server connected', tone: 'success' };
  if (status.syncServer.configured) {
    return { label: 'Sync server unreachable — using local storage', tone: 'warning' };
  }
  return { label: 'Local storage', tone: 'neutral' };
}

export interface StatusBarProps {
  status: StatusView | undefined;
  error: ErrorDetails | null;
}

/** Keychain, storage and network at a glance; updated by `status-changed`. */
export function StatusBar({ status, error }: StatusBarProps) {
  return (
    <footer className="status-bar">
      {status ? (
        <ul className="status-bar-items" aria-label="Status" aria-live="polite">
          {status.sessionOnly ? (
            // The person chose it; still, nothing they sign in to here will be there tomorrow.
            <StatusItem
              tone="warning"
              label="Session only"
              detail="accounts are forgotten when Signet quits"
            />
          ) : status.keychain.waiting ? (
            // A rotated refresh token is on its way in; the keychain may be asking to be unlocked.
            <StatusItem
              tone="warning"
              label="Waiting for the keychain"
              detail="unlock it if it asks; the new sign-in is kept safe meanwhile"
            />
          ) : (
            <StatusItem
              tone={status.keychain.available ? 'success' : 'danger'}
              label={status.keychain.available ? 'Keychain available' : 'Keychain unavailable'}
              detail={status.keychain.detail}
            />
          )}
          <StatusItem {...describeStorage(status)} />
          <StatusItem
            tone={status.online ? 'success' : 'warning'}
            label={status.online ? 'Online' : 'Offline'}
          />
        </ul>
      ) : (
        <p className="status-bar-items">{error ? 'Status unavailable' : 'Checking status…'}</p>
      )}
    </footer>
  );
}

function StatusItem({ tone, label, detail }: { tone: Tone; label: string; detail?: string }) {
  return (
    <li className={`status-item status-item--${tone}`}>
      <span className="status-dot" aria-hidden="true" />
      <span className="status-item-label">{label}</span>
      {detail && <span className="status-item-detail"> — {detail}</span>}
    </li>
  );
}
