import {
  failureTypes,
  type ActivityFigures,
  type ActivityFiguresView,
  type ActivityTally,
} from '../../shared/activity-figures.js';

/** One sample: its labels (in order) and value. */
interface Sample {
  suffix?: string;
  labels: [string, string][];
  value: number;
}

interface Family {
  name: string;
  type: 'counter' | 'gauge';
  help: string;
  unit?: string;
  samples: Sample[];
}

/** A label value as the exposition format writes it: backslash, double quote and newline escaped. */
function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text as the exposition format writes it: backslash and newline escaped. */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function formatFamily(family: Family): string {
  const lines = [`# TYPE ${family.name} ${family.type}`];
  if (family.unit) lines.push(`# UNIT ${family.name} ${family.unit}`);
  lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
  for (const sample of family.samples) {
    const labels = sample.labels.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',');
    lines.push(
      `${family.name}${sample.suffix ?? ''}${labels ? `{${labels}}` : ''} ${formatValue(sample.value)}`,
    );
  }
  return lines.join('\n');
}

/** Each provider's tally, then (for gauges) the overall one, which carries no `provider` label. */
type Scoped<T> = { labels: [string, string][]; figures: T };

function counterFamilies(view: ActivityFiguresView): Family[] {
  const scoped: Scoped<ActivityTally>[] = view.totals.providers.map((tally) => ({
    labels: [['provider', tally.provider]],
    figures: tally,
  }));
  const since = view.totals.since ? ` since ${view.totals.since}` : '';
  return [
    {
      name: 'signet_sign_ins',
      type: 'counter',
      help: `Sign-ins that ended, by provider and result (success, failure, cancelled)${since}.`,
      samples: scoped.flatMap(({ labels, figures }) =>
        (['success', 'failure', 'cancelled'] as const).map((result) => ({
          suffix: '_total',
          labels: [...labels, ['result', result]],
          value:
            result === 'success'
              ? figures.signIns.succeeded
              : result === 'failure'
                ? figures.signIns.failed
                : figures.signIns.cancelled,
        })),
      ),
    },
    {
      name: 'signet_refreshes',
      type: 'counter',
      help: `Access-token refreshes this machine made, by provider and result (success, failure)${since}.`,
      samples: scoped.flatMap(({ labels, figures }) =>
        (['success', 'failure'] as const).map((result) => ({
          suffix: '_total',
          labels: [...labels, ['result', result]],
          value: result === 'success' ? figures.refreshes.succeeded : figures.refreshes.failed,
        })),
      ),
    },
    {
      name: 'signet_failures',
      type: 'counter',
      help: `Failed sign-ins and refreshes, by provider, operation and type${since}.`,
      samples: scoped.flatMap(({ labels, figures }) =>
        (['sign-in', 'refresh'] as const).flatMap((operation) =>
          failureTypes.map((type) => ({
            suffix: '_total',
            labels: [...labels, ['operation', operation], ['type', type]] as [string, string][],
            value: figures.failures[type][operation === 'sign-in' ? 'signIn' : 'refresh'],
          })),
        ),
      ),
    },
  ];
}

function gaugeFamilies(view: ActivityFiguresView): Family[] {
  const scoped: Scoped<ActivityFigures>[] = view.windows.flatMap((window) => [
    ...window.providers.map((figures) => ({
      labels: [
        ['provider', figures.provider],
        ['window', window.label],
      ] as [string, string][],
      figures: figures as ActivityFigures,
    })),
    { labels: [['window', window.label]] as [string, string][], figures: window.overall },
  ]);
  /** A gauge over every scope, leaving out the scopes where the figure is undefined (null). */
  const gauge = (
    name: string,
    help: string,
    value: (figures: ActivityFigures) => number | null,
    unit?: string,
  ): Family => ({
    name,
    type: 'gauge',
    help,
    ...(unit ? { unit } : {}),
    samples: scoped.flatMap(({ labels, figures }) => {
      const v = value(figures);
      return v === null ? [] : [{ labels, value: v }];
    }),
  });
  const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);
  return [
    gauge(
      'signet_sign_in_success_ratio',
      'Sign-ins that succeeded of those that ended, cancellations aside, over the window; no provider label: all providers.',
      (f) => f.signIns.successRate,
      'ratio',
    ),
    gauge(
      'signet_refresh_success_ratio',
      'Refreshes that succeeded of those tried over the window; no provider label: all providers.',
      (f) => f.refreshes.successRate,
      'ratio',
    ),
    gauge(
      'signet_refreshes_per_hour',
      'Refreshes tried per hour of the window; no provider label: all providers.',
      (f) => f.refreshes.perHour,
    ),
    gauge(
      'signet_refresh_duration_median_seconds',
      'Median time a successful refresh took over the window; no provider label: all providers.',
      (f) => seconds(f.refreshes.medianMs),
      'seconds',
    ),
    gauge(
      'signet_refresh_duration_max_seconds',
      'Slowest successful refresh over the window; no provider label: all providers.',
      (f) => seconds(f.refreshes.slowestMs),
      'seconds',
    ),
    {
      name: 'signet_window_failures',
      type: 'gauge',
      help: 'Failed sign-ins and refreshes over the window, by operation and type; no provider label: all providers.',
      samples: scoped.flatMap(({ labels, figures }) =>
        (['sign-in', 'refresh'] as const).flatMap((operation) =>
          failureTypes.map((type) => ({
            labels: [...labels, ['operation', operation], ['type', type]] as [string, string][],
            value: figures.failures[type][operation === 'sign-in' ? 'signIn' : 'refresh'],
          })),
        ),
      ),
    },
  ];
}

/**
 * The figures in the OpenMetrics text format: counters over the whole recorded history (each
 * provider's, which a collector sums), gauges over the last 24 hours and 7 days (each provider's,
 * and all providers' without a `provider` label), ending with `# EOF`.
 *
 * @see https://github.com/OpenObservability/OpenMetrics/blob/main/specification/OpenMetrics.md
 */
export function openMetricsText(view: ActivityFiguresView): string {
  return `${[...counterFamilies(view), ...gaugeFamilies(view)].map(formatFamily).join('\n')}\n# EOF\n`;
}
