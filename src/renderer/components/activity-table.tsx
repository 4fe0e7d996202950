import type { ActivityEntry, AuthEventOutcome } from '../../shared/domain';
import { describeError } from '../lib/error-text';
import { eventKindLabel } from '../lib/labels';
import { formatAbsolute, formatDurationMs, formatRelative } from '../lib/time';

export interface ActivityTableProps {
  entries: ActivityEntry[];
  providerName: (id: string) => string;
  now: number;
}

/** How each outcome reads; a cancelled sign-in is the person's choice, not a failure. */
const outcomeBadge: Partial<Record<AuthEventOutcome, { label: string; tone: string }>> = {
  success: { label: 'Succeeded', tone: 'success' },
  failure: { label: 'Failed', tone: 'danger' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
};

/** Recent sign-ins, refreshes and sign-outs; redacted by the main process, newest first. */
export function ActivityTable({ entries, providerName, now }: ActivityTableProps) {
  return (
    <div className="table-wrap">
      <table className="activity-table">
        <caption className="visually-hidden">Recent activity, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Event</th>
            <th scope="col">Provider</th>
            <th scope="col">Result</th>
            <th scope="col">Error</th>
            <th scope="col" className="numeric">
              Duration
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>
                <time dateTime={entry.at} title={formatAbsolute(entry.at)}>
                  {formatRelative(entry.at, now)}
                </time>
              </td>
              <td>{eventKindLabel(entry.kind)}</td>
              <td>{providerName(entry.provider)}</td>
              <td>
                <span className={`badge badge--${outcomeBadge[entry.outcome]?.tone ?? 'neutral'}`}>
                  <span className="badge-dot" aria-hidden="true" />
                  {outcomeBadge[entry.outcome]?.label ?? entry.outcome}
                </span>
              </td>
              <td>
                {entry.errorCode ? (
                  <span title={describeError(entry.errorCode).summary}>
                    <code>{entry.errorCode}</code>
                  </span>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td className="numeric">{formatDurationMs(entry.durationMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
