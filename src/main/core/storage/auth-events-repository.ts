import { count, desc, gte, min, sql } from 'drizzle-orm';
import type { CountedEvent, FigureEvent } from '../../../shared/activity-figures.js';
import type {
  ActivityBucket,
  ActivityEntry,
  AuthEventKind,
  AuthEventOutcome,
} from '../../../shared/domain.js';
import type { SignetDatabase } from './database.js';
import { authEvents } from './schema.js';

export interface AuthEventInput {
  accountId: string | null;
  provider: string;
  kind: AuthEventKind;
  outcome: AuthEventOutcome;
  errorCode?: string | null;
  durationMs?: number | null;
}

const hourMs = 3_600_000;

/** The redacted history behind the activity view: what happened, never with what. */
export class AuthEventsRepository {
  /** Prepared once, on the first event: every refresh records one. */
  private insert: ReturnType<AuthEventsRepository['prepareInsert']> | undefined;

  constructor(
    private readonly db: SignetDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private prepareInsert() {
    return this.db
      .insert(authEvents)
      .values({
        accountId: sql.placeholder('accountId'),
        provider: sql.placeholder('provider'),
        kind: sql.placeholder('kind'),
        outcome: sql.placeholder('outcome'),
        errorCode: sql.placeholder('errorCode'),
        durationMs: sql.placeholder('durationMs'),
        at: sql.placeholder('at'),
      })
      .prepare();
  }

  record(event: AuthEventInput): void {
    this.insert ??= this.prepareInsert();
    this.insert.run({
      accountId: event.accountId,
      provider: event.provider,
      kind: event.kind,
      outcome: event.outcome,
      errorCode: event.errorCode ?? null,
      durationMs: event.durationMs == null ? null : Math.round(event.durationMs),
      at: this.now(),
    });
  }

  recent(limit = 50): ActivityEntry[] {
    return this.db
      .select()
      .from(authEvents)
      .orderBy(desc(authEvents.at), desc(authEvents.id))
      .limit(limit)
      .all()
      .map((row) => ({
        id: row.id,
        accountId: row.accountId,
        provider: row.provider,
        kind: row.kind,
        outcome: row.outcome,
        errorCode: row.errorCode,
        durationMs: row.durationMs,
        at: row.at.toISOString(),
      }));
  }

  /** Every event at or after `since`, oldest first, as the figures read them. */
  since(since: Date): FigureEvent[] {
    return this.db
      .select({
        provider: authEvents.provider,
        kind: authEvents.kind,
        outcome: authEvents.outcome,
        errorCode: authEvents.errorCode,
        durationMs: authEvents.durationMs,
        at: authEvents.at,
      })
      .from(authEvents)
      .where(gte(authEvents.at, since))
      .orderBy(authEvents.at, authEvents.id)
      .all()
      .map((row) => ({ ...row, at: row.at.getTime() }));
  }

  /** The whole history as counts of like events, and when it began (null: nothing recorded). */
  counts(): { events: CountedEvent[]; firstAt: number | null } {
    const events = this.db
      .select({
        provider: authEvents.provider,
        kind: authEvents.kind,
        outcome: authEvents.outcome,
        errorCode: authEvents.errorCode,
        count: count(),
      })
      .from(authEvents)
      .groupBy(authEvents.provider, authEvents.kind, authEvents.outcome, authEvents.errorCode)
      .all();
    const [first] = this.db
      .select({ at: min(authEvents.at) })
      .from(authEvents)
      .all();
    return { events, firstAt: first?.at == null ? null : new Date(first.at).getTime() };
  }

  /** Refreshes and failures per hour over the last `hours` hours, oldest first, empty hours included. */
  hourly(hours = 24): ActivityBucket[] {
    const end = Math.floor(this.now().getTime() / hourMs) * hourMs + hourMs;
    const start = end - hours * hourMs;
    const buckets = Array.from({ length: hours }, (_, i) => ({
      start: new Date(start + i * hourMs).toISOString(),
      refreshes: 0,
      failures: 0,
    }));
    const rows = this.db
      .select({ kind: authEvents.kind, outcome: authEvents.outcome, at: authEvents.at })
      .from(authEvents)
      .where(gte(authEvents.at, new Date(start)))
      .all();
    for (const row of rows) {
      const bucket = buckets[Math.floor((row.at.getTime() - start) / hourMs)];
      if (!bucket) continue;
      if (row.outcome === 'failure') bucket.failures += 1;
      else if (row.kind === 'refresh') bucket.refreshes += 1;
    }
    return buckets;
  }
}
