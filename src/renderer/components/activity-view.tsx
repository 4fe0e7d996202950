import type { ProviderView } from '../../shared/domain';
import { api } from '../api';
import { useLoad } from '../hooks/use-load';
import { useNow } from '../hooks/use-now';
import { useSignetEvent } from '../hooks/use-signet-event';
import { ActivityChart } from './activity-chart';
import { ActivityTable } from './activity-table';
import { ErrorMessage } from './error-message';

const LIMIT = 100;

/** What Signet has been doing: refreshes per hour, and the latest events. */
export function ActivityView({ providers }: { providers: ProviderView[] | undefined }) {
  const activity = useLoad(() => api.activityList({ limit: LIMIT }));
  const now = useNow(15_000);
  // Every refresh and sign-in changes the accounts; that is when there is new activity to show.
  useSignetEvent('accounts-changed', activity.reload);

  const names = new Map((providers ?? []).map((provider) => [provider.id, provider.name]));
  const providerName = (id: string) => names.get(id) ?? id;
  const view = activity.value;

  return (
    <div className="view">
      <div className="view-header">
        <h2 className="view-title">Activity</h2>
        <button
          type="button"
          className="button button--quiet"
          onClick={activity.reload}
          disabled={activity.loading}
        >
          {activity.loading ? 'Loading…' : 'Reload'}
        </button>
      </div>
      {activity.error && <ErrorMessage error={activity.error} lead="Couldn’t load the activity." />}
      {!view && !activity.error && <p className="muted">Loading activity…</p>}
      {view && (
        <>
          <section className="card" aria-labelledby="activity-chart-title">
            <h3 id="activity-chart-title" className="card-title">
              Refreshes per hour
            </h3>
            <ActivityChart buckets={view.buckets} />
          </section>
          <section className="card" aria-labelledby="activity-recent-title">
            <h3 id="activity-recent-title" className="card-title">
              Recent events
            </h3>
            {view.entries.length === 0 ? (
              <p className="muted">No activity yet. Sign-ins and refreshes will show up here.</p>
            ) : (
              <ActivityTable entries={view.entries} providerName={providerName} now={now} />
            )}
          </section>
        </>
      )}
    </div>
  );
}
