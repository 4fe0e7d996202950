import { useId, useRef, useState, type ReactNode } from 'react';
import { toErrorDetails, type ErrorDetails } from '../api';
import { Dialog } from './dialog';
import { ErrorMessage } from './error-message';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Shown on the confirm button while `onConfirm` runs. */
  busyLabel?: string;
  /** Runs on confirm; the dialog stays open and shows the error if it throws. */
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

/** Asks before something that cannot be undone. Cancel has the initial focus. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  busyLabel = 'Working…',
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  const descriptionId = useId();
  const cancel = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorDetails | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (failure) {
      setError(toErrorDetails(failure));
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={title}
      onClose={onClose}
      initialFocus={cancel}
      role="alertdialog"
      describedBy={descriptionId}
      size="small"
    >
      <div id={descriptionId} className="dialog-body">
        {children}
      </div>
      {error && <ErrorMessage error={error} />}
      <div className="dialog-actions">
        <button ref={cancel} type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button--danger" onClick={confirm} disabled={busy}>
          {busy ? busyLabel : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
