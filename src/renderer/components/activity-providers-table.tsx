import type { ActivityFigures, ActivityWindowFigures } from '../../shared/activity-figures';
import { failureTypes } from '../../shared/activity-figures';
import { failureTypeLabel, formatPerHour, formatRate } from '../lib/figures-text';
import { formatDurationMs } from '../lib/time';

function countsText(succeeded: number, failed: number, rate: number | null): string {
  return succeeded + failed === 0 ? '—' : `${formatRate(rate)} (${succeeded}/${succeeded + failed})`;
}

function failuresText(figures: ActivityFigures): string {
  const parts = failureTypes
    .map((type) => [type, figures.failures[type].signIn + figures.failures[type].refresh] as const)
    .filter(([, count]) => count > 0)
    .map(([type, count]) => `${failureTypeLabel(type)} ${count}`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

function Row({ name, figures, total }: { name: string; figures: ActivityFigures; total?: boolean }) {
  const { signIns, refreshes } = figures;
  return (
    <tr className={total ? 'figures-row--total' : undefined}>
      <th scope="row">{name}</th>
      <td className="numeric">{countsText(signIns.succeeded, signIns.failed, signIns.successRate)}</td>
      <td className="numeric">{countsText(refreshes.succeeded, refreshes.failed, refreshes.successRate)}</td>
      <td className="numeric">{formatPerHour(refreshes.perHour)}</td>
      <td className="numeric">{formatDurationMs(refreshes.medianMs)}</td>
      <td className="numeric">{formatDurationMs(refreshes.slowestMs)}</td>
      <td>{failuresText(figures)}</td>
    </tr>
  );
}

/** Every provider's figures side by side, all providers first, for the window shown. */
export function ActivityProvidersTable({
  window,
  providerName,
}: {
  window: ActivityWindowFigures;
  providerName: (id: string) => string;
}) {
  return (
    <div className="table-wrap">
      <table className="activity-table figures-table">
        <caption className="visually-hidden">Figures per provider</caption>
        <thead>
          <tr>
            <th scope="col">Provider</th>
            <th scope="col" className="numeric">
              Sign-ins succeeded
            </th>
            <th scope="col" className="numeric">
              Refreshes succeeded
            </th>
            <th scope="col" className="numeric">
              Per hour
            </th>
            <th scope="col" className="numeric">
              Median
            </th>
            <th scope="col" className="numeric">
              Slowest
            </th>
            <th scope="col">Failures</th>
          </tr>
        </thead>
        <tbody>
          <Row name="All providers" figures={window.overall} total />
          {window.providers.map((figures) => (
            <Row key={figures.provider} name={providerName(figures.provider)} figures={figures} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
