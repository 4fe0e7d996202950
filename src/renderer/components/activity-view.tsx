import { useId, useState } from 'react';
import type { ProviderView } from '../../shared/domain';
import { api } from '../api';
import { useLoad } from '../hooks/use-load';
import { useNow } from '../hooks/use-now';
import { useSignetEvent } from '../hooks/use-signet-event';
import { windowLabel } from '../lib/figures-text';
import { ActivityChart } from './activity-chart';
import { ActivityFailures } from './activity-failures';
import { ActivityProvidersTable } from './activity-providers-table';
import { ActivityTable } from './activity-table';
import { ActivityTiles } from './activity-tiles';
import { ErrorMessage } from './error-message';

const LIMIT = 100;
const ALL = '';

/**
 * What Signet has been doing: the sign-in and refresh figures over the last 24 hours or 7 days,
 * for all providers or one, with a chart of refreshes over time and the failures by type; then
 * every provider side by side, and the latest events.
 */
export function ActivityView({ providers }: { providers: ProviderView[] | undefined }) {
  const activity = useLoad(() => api.activityList({ limit: LIMIT }));
  const figures = useLoad(() => api.activityFigures());
  const now = useNow(15_000);
  const [windowIndex, setWindowIndex] = useState(0);
  const [provider, setProvider] = useState(ALL);
  const providerSelectId = useId();
  const reload = () => {
    activity.reload();
    figures.reload();
  };
  // Every refresh and sign-in changes the accounts; that is when there is new activity to show.
  useSignetEvent('accounts-changed', reload);

  const names = new Map((providers ?? []).map((p) => [p.id, p.name]));
  const providerName = (id: string) => names.get(id) ?? id;
  const view = activity.value;
  const windows = figures.value?.windows ?? [];
  const window = windows[windowIndex] ?? windows[0];
  const shown =
    window && provider !== ALL
      ? (window.providers.find((p) => p.provider === provider) ?? window.overall)
      : window?.overall;
  const span = window ? windowLabel(window.label) : '';
  const loading = activity.loading || figures.loading;

  return (
    <div className="view">
      <div className="view-header">
        <h2 className="view-title">Activity</h2>
        <button type="button" className="button button--quiet" onClick={reload} disabled={loading}>
          {loading ? 'Loading…' : 'Reload'}
        </button>
      </div>
      {figures.error && <ErrorMessage error={figures.error} lead="Couldn’t load the figures." />}
      {window && shown && (
        <>
          <div className="figures-controls">
            <div className="segmented" role="group" aria-label="Period">
              {windows.map((candidate, index) => (
                <button
                  key={candidate.label}
                  type="button"
                  className="segmented-option"
                  aria-pressed={index === windowIndex}
                  onClick={() => setWindowIndex(index)}
                >
                  {`Last ${windowLabel(candidate.label).replace(/^last /, '')}`}
                </button>
              ))}
            </div>
            <div className="figures-provider">
              <label htmlFor={providerSelectId}>Provider</label>
              <select
                id={providerSelectId}
                className="input figures-provider-select"
                value={provider}
                onChange={(event) => setProvider(event.target.value)}
              >
                <option value={ALL}>All providers</option>
                {window.providers.map((p) => (
                  <option key={p.provider} value={p.provider}>
                    {providerName(p.provider)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <section className="card" aria-labelledby="activity-figures-title">
            <h3 id="activity-figures-title" className="card-title">
              {provider === ALL ? 'All providers' : providerName(provider)}, {span}
            </h3>
            <ActivityTiles figures={shown} />
            <ActivityChart series={shown.series} bucketHours={window.bucketHours} span={span} />
          </section>
          <section className="card" aria-labelledby="activity-failures-title">
            <h3 id="activity-failures-title" className="card-title">
              Failures by type
            </h3>
            <ActivityFailures figures={shown} span={span} />
          </section>
          {window.providers.length > 0 && (
            <section className="card" aria-labelledby="activity-providers-title">
              <h3 id="activity-providers-title" className="card-title">
                By provider, {span}
              </h3>
              <ActivityProvidersTable window={window} providerName={providerName} />
            </section>
          )}
        </>
      )}
      {activity.error && <ErrorMessage error={activity.error} lead="Couldn’t load the activity." />}
      {(!view || !figures.value) && !activity.error && !figures.error && (
        <p className="muted">Loading activity…</p>
      )}
      {view && (
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
      )}
    </div>
  );
}
