import type { ErrorDetails } from '../api';
import { describeError } from '../lib/error-text';
import { AlertIcon } from './icons';

/** An error in words, what to do next, and the code for anyone who needs to report it. */
export function ErrorMessage({ error, lead }: { error: ErrorDetails; lead?: string }) {
  const text = describeError(error.code);
  return (
    <div role="alert" className="error-message">
      <AlertIcon />
      <div>
        <p className="error-message-summary">
          {lead ? `${lead} ` : ''}
          {text.summary}
        </p>
        <p className="error-message-next">{text.next}</p>
        <p className="error-message-code">
          Error code: <code>{error.code}</code>
        </p>
      </div>
    </div>
  );
}
