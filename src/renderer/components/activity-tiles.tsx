import type { ActivityFigures } from '../../shared/activity-figures';
import { formatPerHour, formatRate, plural } from '../lib/figures-text';
import { formatDurationMs } from '../lib/time';

/** The four figures a person looks for first, as large numbers with what they count beneath. */
export function ActivityTiles({ figures }: { figures: ActivityFigures }) {
  const { signIns, refreshes } = figures;
  const signInsEnded = signIns.succeeded + signIns.failed;
  const refreshesTried = refreshes.succeeded + refreshes.failed;
  const tone = (rate: number | null) =>
    rate === null
      ? ''
      : rate >= 0.95
        ? ' figure-value--good'
        : rate >= 0.8
          ? ' figure-value--fair'
          : ' figure-value--poor';
  return (
    <dl className="figure-tiles">
      <div className="figure-tile">
        <dt>Sign-in success</dt>
        <dd className={`figure-value${tone(signIns.successRate)}`}>{formatRate(signIns.successRate)}</dd>
        <dd className="figure-note">
          {signInsEnded === 0
            ? 'no sign-ins'
            : `${signIns.succeeded} of ${plural(signInsEnded, 'sign-in', 'sign-ins')}`}
          {signIns.cancelled > 0 && `, ${signIns.cancelled} cancelled`}
        </dd>
      </div>
      <div className="figure-tile">
        <dt>Refresh success</dt>
        <dd className={`figure-value${tone(refreshes.successRate)}`}>{formatRate(refreshes.successRate)}</dd>
        <dd className="figure-note">
          {refreshesTried === 0
            ? 'no refreshes'
            : `${refreshes.succeeded} of ${plural(refreshesTried, 'refresh', 'refreshes')}`}
        </dd>
      </div>
      <div className="figure-tile">
        <dt>Refreshes per hour</dt>
        <dd className="figure-value">{formatPerHour(refreshes.perHour)}</dd>
        <dd className="figure-note">tried, on average</dd>
      </div>
      <div className="figure-tile">
        <dt>Time to refresh</dt>
        <dd className="figure-value">{formatDurationMs(refreshes.medianMs)}</dd>
        <dd className="figure-note">
          {refreshes.slowestMs === null
            ? 'median'
            : `median; slowest ${formatDurationMs(refreshes.slowestMs)}`}
        </dd>
      </div>
    </dl>
  );
}
