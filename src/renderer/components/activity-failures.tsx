import { failureTypes, type ActivityFigures } from '../../shared/activity-figures';
import { failureTypeLabel, plural } from '../lib/figures-text';

/**
 * Failures by type as horizontal bars, sign-ins and refreshes in two shades, longest first: the
 * kind of trouble at a glance. The counts are text beside each bar, so nothing hangs on colour.
 */
export function ActivityFailures({ figures, span }: { figures: ActivityFigures; span: string }) {
  const rows = failureTypes
    .map((type) => ({
      type,
      ...figures.failures[type],
      total: figures.failures[type].signIn + figures.failures[type].refresh,
    }))
    .filter((row) => row.total > 0)
    .sort((a, b) => b.total - a.total);
  if (rows.length === 0) return <p className="muted">No failures in the {span}.</p>;
  const max = Math.max(...rows.map((row) => row.total));
  return (
    <ul className="failure-bars" aria-label={`Failures by type, ${span}`}>
      {rows.map((row) => {
        const parts = [
          row.refresh > 0 ? plural(row.refresh, 'refresh', 'refreshes') : null,
          row.signIn > 0 ? plural(row.signIn, 'sign-in', 'sign-ins') : null,
        ].filter(Boolean);
        return (
          <li key={row.type} className="failure-bar">
            <span className="failure-bar-label">{failureTypeLabel(row.type)}</span>
            {/* SVG lengths, not inline styles: the window's CSP allows no style attribute. */}
            <svg
              className="failure-bar-track"
              viewBox="0 0 100 8"
              preserveAspectRatio="none"
              aria-hidden="true"
            >
              <rect
                className="failure-bar-fill--refresh"
                x={0}
                y={0}
                height={8}
                width={(row.refresh / max) * 100}
              />
              <rect
                className="failure-bar-fill--sign-in"
                x={(row.refresh / max) * 100}
                y={0}
                height={8}
                width={(row.signIn / max) * 100}
              />
            </svg>
            <span className="failure-bar-count">
              {row.total} <span className="muted">({parts.join(', ')})</span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
