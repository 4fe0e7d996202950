import { useEffect, useRef, useState } from 'react';
import type { AccountView } from '../../shared/domain';
import { api, toErrorDetails } from '../api';
import { useNow } from '../hooks/use-now';
import type { SignInState } from '../hooks/use-sign-in';
import { formatSpan } from '../lib/time';
import { describeError } from '../lib/error-text';
import { DeviceCode } from './device-code';
import { Dialog } from './dialog';
import { ErrorMessage } from './error-message';
import { ConsentResult } from './consent-result';
import { CheckIcon } from './icons';
import { SignInSteps, stepLabel } from './sign-in-steps';

export interface SignInPanelProps {
  state: SignInState;
  /** Cancels a running sign-in, or closes a finished one. */
  onDismiss: () => void;
  onRetry: () => void;
  /** Session-only mode: this sign-in is kept until Signet quits, then forgotten. */
  sessionOnly?: boolean;
  /** Adding permissions: the account as it is now, to say what was granted once done. */
  account?: AccountView | undefined;
}

/** What a person can do while the browser sign-in waits; both run in the main process. */
const browserActions = [
  {
    label: 'Open the browser again',
    run: api.signInReopenBrowser,
    success: 'Opened the sign-in page in your browser again.',
  },
  { label: 'Copy link', run: api.signInCopyLink, success: 'Link copied. Paste it into the browser you use.' },
];

/** Follows one sign-in from "opening the browser" to "done", with a way out at every step. */
export function SignInPanel({ state, onDismiss, onRetry, sessionOnly = false, account }: SignInPanelProps) {
  const { provider, method, stage, flowId, consent } = state;
  const adding = consent?.purpose === 'add';
  const failed = stage === 'failed';
  const done = stage === 'done';
  const running = !failed && !done && stage !== 'cancelled';
  const [notice, setNotice] = useState('');
  const retryButton = useRef<HTMLButtonElement>(null);

  // A failure replaces the buttons under the user's focus; put focus where the next step is.
  useEffect(() => {
    if (failed) retryButton.current?.focus();
  }, [failed]);

  async function runAction(run: (input: { flowId: string }) => Promise<unknown>, success: string) {
    if (!flowId) return;
    try {
      await run({ flowId });
      setNotice(success);
    } catch (failure) {
      setNotice(describeError(toErrorDetails(failure).code).summary);
    }
  }

  const title = adding
    ? `Add permissions at ${provider.name}`
    : method === 'device'
      ? `Sign in to ${provider.name} with a code`
      : `Sign in to ${provider.name}`;

  return (
    <Dialog title={title} onClose={onDismiss}>
      <div className="sign-in-panel">
        <p className="visually-hidden" role="status">
          {done
            ? adding
              ? `${provider.name} answered.`
              : `Signed in to ${provider.name}.`
            : failed
              ? ''
              : stepLabel(method, stage)}
        </p>

        <Lead state={state} />

        {sessionOnly && (
          <p className="sign-in-session-only">
            Session only: this sign-in is kept until Signet quits, then forgotten. Nothing is saved to the
            keychain.
          </p>
        )}

        {method === 'device' && state.userCode && running && (
          <DeviceCode flowId={flowId} userCode={state.userCode} verificationUri={state.verificationUri} />
        )}

        <SignInSteps method={method} reached={state.reached} failed={failed} />

        {running && state.expiresAt && <ExpiresIn expiresAt={state.expiresAt} />}

        {done && adding && account && consent && <ConsentResult account={account} asked={consent.scopes} />}
        {done && !adding && (
          <p className="sign-in-success">
            <CheckIcon /> You’re signed in.
          </p>
        )}
        {failed && (
          <ErrorMessage
            error={state.error ?? { code: 'internal', message: 'The sign-in failed.' }}
            lead={adding ? 'No permissions were added.' : 'The sign-in didn’t finish.'}
          />
        )}

        <p className="sign-in-notice" aria-live="polite">
          {notice}
        </p>

        <div className="dialog-actions">
          {running &&
            method === 'browser' &&
            browserActions.map(({ label, run, success }) => (
              <button
                key={label}
                type="button"
                className="button"
                disabled={!flowId}
                onClick={() => runAction(run, success)}
              >
                {label}
              </button>
            ))}
          <span className="dialog-actions-spacer" />
          {running && (
            <button type="button" className="button" onClick={onDismiss}>
              Cancel
            </button>
          )}
          {failed && (
            <>
              <button type="button" className="button" onClick={onDismiss}>
                Close
              </button>
              <button ref={retryButton} type="button" className="button button--primary" onClick={onRetry}>
                Try again
              </button>
            </>
          )}
          {done && (
            <button type="button" className="button button--primary" onClick={onDismiss}>
              Close
            </button>
          )}
        </div>
      </div>
    </Dialog>
  );
}

function Lead({ state }: { state: SignInState }) {
  const name = state.provider.name;
  let text: string;
  switch (state.stage) {
    case 'starting':
    case 'opening-browser':
      text = state.method === 'device' ? `Asking ${name} for a code…` : 'Opening your browser…';
      break;
    case 'waiting-for-browser':
      text = `Finish signing in to ${name} in your browser, then come back here. Nothing happened? Open the browser again, or copy the link into the browser you use.`;
      break;
    case 'waiting-for-device':
      text = `Signet is waiting for you to enter the code at ${name}.`;
      break;
    case 'exchanging':
    case 'fetching-profile':
    case 'storing':
      text = 'Almost there…';
      break;
    case 'done':
    case 'failed':
    case 'cancelled':
      return null;
    default: {
      const unknown: never = state.stage;
      text = String(unknown);
    }
  }
  return <p className="sign-in-lead">{text}</p>;
}

function ExpiresIn({ expiresAt }: { expiresAt: string }) {
  const now = useNow(1000);
  const left = Date.parse(expiresAt) - now;
  if (Number.isNaN(left)) return null;
  return (
    <p className="sign-in-expiry muted">
      {left > 0
        ? `This sign-in stops in ${formatSpan(left)} if it isn’t finished.`
        : 'This sign-in has timed out.'}
    </p>
  );
}
