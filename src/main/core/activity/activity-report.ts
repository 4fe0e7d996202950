import {
  computeActivityFigures,
  defaultFiguresWindows,
  type ActivityFiguresView,
  type FiguresWindow,
} from '../../../shared/activity-figures.js';
import type { ActivityView } from '../../../shared/domain.js';
import type { AuthEventsRepository } from '../storage/auth-events-repository.js';

/**
 * What Signet has been doing, from the recorded `auth_events`: the latest events and their hourly
 * bars (`activity()`), and the sign-in and refresh figures over windows such as the last 24 hours
 * and 7 days (`figures()`), which `signet activity`, `signet metrics` and the Activity view show.
 * Read-only, and redacted by construction: events hold no account name and no token.
 */
export class ActivityReport {
  constructor(
    private readonly events: AuthEventsRepository,
    private readonly now: () => number = Date.now,
  ) {}

  activity(limit = 50): ActivityView {
    return { entries: this.events.recent(limit), buckets: this.events.hourly(24) };
  }

  /** The figures over `windows` (24 h and 7 d unless given), ending now. */
  figures(windows: readonly FiguresWindow[] = defaultFiguresWindows): ActivityFiguresView {
    const now = this.now();
    const longest = Math.max(...windows.map((window) => window.ms));
    const counted = this.events.counts();
    return computeActivityFigures(this.events.since(new Date(now - longest)), counted.events, {
      now,
      windows,
      firstEventAt: counted.firstAt,
    });
  }
}
