import type { ProviderView, SignInMethod } from '../../shared/domain';
import type { Loaded } from '../hooks/use-load';
import type { SignInTarget } from '../hooks/use-sign-in';
import { LogoMark } from './icons';
import { ProviderPicker } from './provider-picker';

export interface EmptyStateProps {
  providers: Loaded<ProviderView[]>;
  onStart: (provider: SignInTarget, method: SignInMethod) => void;
}

/** First run: what Signet does, and where to start. */
export function EmptyState({ providers, onStart }: EmptyStateProps) {
  return (
    <div className="empty-state">
      <LogoMark />
      <h3 className="empty-state-title">No accounts yet</h3>
      <p className="empty-state-text">
        Sign in once in your browser and Signet keeps you signed in. It refreshes your access before it runs
        out, when your computer wakes up and when you’re back online, and hands fresh tokens to your scripts.
      </p>
      <p className="empty-state-text muted">
        Your sign-ins are kept in your system keychain, never in plain files.
      </p>
      <ProviderPicker providers={providers} onStart={onStart} />
    </div>
  );
}
