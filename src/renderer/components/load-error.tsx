import type { ErrorDetails } from '../api';
import { ErrorMessage } from './error-message';

/** Something the window could not load: the error in words, and a way to try again. */
export function LoadError({
  error,
  lead,
  onRetry,
}: {
  error: ErrorDetails;
  lead: string;
  onRetry: () => void;
}) {
  return (
    <div className="load-error">
      <ErrorMessage error={error} lead={lead} />
      <button type="button" className="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
