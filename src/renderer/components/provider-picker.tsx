import { Fragment, useId } from 'react';
import type { ProviderView, SignInMethod } from '../../shared/domain';
import type { Loaded } from '../hooks/use-load';
import type { SignInTarget } from '../hooks/use-sign-in';
import { LoadError } from './load-error';

export interface ProviderPickerProps {
  providers: Loaded<ProviderView[]>;
  onStart: (provider: SignInTarget, method: SignInMethod) => void;
}

/** One row per provider: sign in with the browser, with a code, or how to configure it. */
export function ProviderPicker({ providers: loaded, onStart }: ProviderPickerProps) {
  const providers = loaded.value;
  if (loaded.error && !providers) {
    return <LoadError error={loaded.error} lead="Couldn’t load the providers." onRetry={loaded.reload} />;
  }
  if (!providers) return <p className="muted">Loading providers…</p>;
  if (providers.length === 0) {
    return <p className="muted">No providers are available. Add one to config.json and restart Signet.</p>;
  }
  return (
    <ul className="provider-picker">
      {providers.map((provider) => (
        <li key={provider.id}>
          <ProviderOption provider={provider} onStart={onStart} />
        </li>
      ))}
    </ul>
  );
}

function ProviderOption({
  provider,
  onStart,
}: {
  provider: ProviderView;
  onStart: (provider: SignInTarget, method: SignInMethod) => void;
}) {
  const hintId = useId();
  const target = { id: provider.id, name: provider.name };

  if (!provider.configured) {
    return (
      <div className="provider-option provider-option--disabled">
        <button type="button" className="button provider-button" disabled aria-describedby={hintId}>
          <span className="provider-button-name">{provider.name}</span>
          <span className="provider-button-state">Not configured</span>
        </button>
        <p id={hintId} className="provider-option-hint">
          <MissingHint missing={provider.missing} />
        </p>
      </div>
    );
  }

  const browser = provider.methods.includes('browser');
  const device = provider.methods.includes('device');
  return (
    <div className="provider-option">
      <button
        type="button"
        className="button button--primary provider-button"
        onClick={() => onStart(target, browser ? 'browser' : 'device')}
        disabled={!browser && !device}
      >
        Sign in with {provider.name}
      </button>
      {browser && device && (
        <button
          type="button"
          className="button button--quiet"
          aria-label={`Use a code instead to sign in with ${provider.name}`}
          onClick={() => onStart(target, 'device')}
        >
          Use a code instead
        </button>
      )}
    </div>
  );
}

/** "Set SIGNET_GITHUB_CLIENT_ID and restart Signet.", naming each variable in code. */
function MissingHint({ missing }: { missing: string[] }) {
  if (missing.length === 0) return <>Add its client ID to config.json and restart Signet.</>;
  return (
    <>
      Set{' '}
      {missing.map((name, index) => (
        <Fragment key={name}>
          {index > 0 && (index === missing.length - 1 ? ' and ' : ', ')}
          <code>{name}</code>
        </Fragment>
      ))}{' '}
      and restart Signet.
    </>
  );
}
