import { useId, useRef, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import { useFocusTrap } from '../hooks/use-focus-trap';

export interface DialogProps {
  title: string;
  /** Escape, and whatever the caller wires to its own Cancel/Close buttons. */
  onClose: () => void;
  children: ReactNode;
  /** Focused on open; by default the first focusable element. */
  initialFocus?: RefObject<HTMLElement | null>;
  /** `alertdialog` for confirmations that interrupt. */
  role?: 'dialog' | 'alertdialog';
  /** Id of the element that describes the dialog. */
  describedBy?: string;
  size?: 'small' | 'medium';
}

/** A modal dialog: labelled by its title, traps focus, closes on Escape, restores focus. */
export function Dialog({
  title,
  onClose,
  children,
  initialFocus,
  role = 'dialog',
  describedBy,
  size = 'medium',
}: DialogProps) {
  const titleId = useId();
  const panel = useRef<HTMLDivElement>(null);
  useFocusTrap(panel, { onEscape: onClose, initialFocus });

  return createPortal(
    <div className="dialog-backdrop">
      <div
        ref={panel}
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={describedBy}
        tabIndex={-1}
        className={`dialog dialog--${size}`}
      >
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        {children}
      </div>
    </div>,
    document.body,
  );
}
