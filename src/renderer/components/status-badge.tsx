import type { AccountStatus } from '../../shared/domain';
import { statusLabel } from '../lib/labels';

/** Status in colour and in words, so it never relies on colour alone. */
export function StatusBadge({ status }: { status: AccountStatus }) {
  const { label, tone } = statusLabel(status);
  return (
    <span className={`badge badge--${tone}`}>
      <span className="badge-dot" aria-hidden="true" />
      {label}
    </span>
  );
}
