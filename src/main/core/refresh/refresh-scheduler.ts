import type { Logger } from '../logging/logger.js';

export interface RefreshAllOptions {
  /** Refresh what expires within this many seconds (default 300). */
  withinSeconds?: number;
  concurrency?: number;
  /** Refresh every account, due or not. */
  force?: boolean;
}

export interface RefreshAllSummary {
  refreshed: number;
  failed: number;
  skipped: number;
}

/** What the scheduler drives: a pass over the accounts that are due, and the online state. */
export interface RefreshTarget {
  refreshAll(options: RefreshAllOptions): Promise<RefreshAllSummary>;
  setOnline(online: boolean): void;
}

export interface RefreshSchedulerOptions {
  /** How often the wall clock is checked. Timers stall while the machine sleeps; the clock does not. */
  tickMs?: number;
  /** Refresh what expires within this window. */
  aheadSeconds?: number;
  concurrency?: number;
  now?: () => number;
}

/**
 * Keeps tokens fresh while the app runs: at launch, ahead of expiry by wall-clock checks, after
 * the machine wakes (a tick that arrives much later than planned) and when the network returns.
 */
export class RefreshScheduler {
  private timer: NodeJS.Timeout | undefined;
  private lastTick = 0;
  private running: Promise<unknown> | undefined;
  private readonly tickMs: number;
  private readonly now: () => number;

  constructor(
    private readonly target: RefreshTarget,
    private readonly logger: Logger,
    private readonly options: RefreshSchedulerOptions = {},
  ) {
    this.tickMs = options.tickMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** Launch: refresh what is about to expire, then keep watching. */
  start(): Promise<unknown> {
    this.lastTick = this.now();
    this.timer = setInterval(() => this.tick(), this.tickMs);
    this.timer.unref();
    return this.runOnce('launch');
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The machine woke up: tokens may have expired while it slept. */
  onResume(): Promise<unknown> {
    return this.runOnce('resume');
  }

  onOnline(): Promise<unknown> {
    this.target.setOnline(true);
    return this.runOnce('online');
  }

  private tick(): void {
    const now = this.now();
    const late = now - this.lastTick > this.tickMs * 3;
    this.lastTick = now;
    void this.runOnce(late ? 'wake' : 'tick');
  }

  private runOnce(reason: string): Promise<unknown> {
    // One pass at a time: a pass that is still running covers the reason for this one.
    this.running ??= this.target
      .refreshAll({
        withinSeconds: this.options.aheadSeconds ?? 300,
        // Unset: the target's own bound.
        ...(this.options.concurrency ? { concurrency: this.options.concurrency } : {}),
      })
      .then((summary) => {
        if (summary.refreshed || summary.failed) this.logger.info('refresh pass', { reason, ...summary });
        return summary;
      })
      .catch((error: unknown) => this.logger.warn('refresh pass failed', { reason, error: String(error) }))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }
}
