import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../../src/main/core/logging/logger.js';
import {
  RefreshScheduler,
  type RefreshAllOptions,
  type RefreshAllSummary,
  type RefreshTarget,
} from '../../../src/main/core/refresh/refresh-scheduler.js';

/** A target that records each call, and can hold a pass open until the test lets it finish. */
class FakeTarget implements RefreshTarget {
  readonly calls: string[] = [];
  readonly passes: RefreshAllOptions[] = [];
  summary: RefreshAllSummary = { refreshed: 1, failed: 0, skipped: 0 };
  failWith: Error | undefined;
  private holding: (() => void)[] | undefined;

  refreshAll(options: RefreshAllOptions): Promise<RefreshAllSummary> {
    this.calls.push('refreshAll');
    this.passes.push(options);
    if (this.failWith) return Promise.reject(this.failWith);
    if (!this.holding) return Promise.resolve(this.summary);
    const held = this.holding;
    return new Promise((resolve) => held.push(() => resolve(this.summary)));
  }

  setOnline(online: boolean): void {
    this.calls.push(`setOnline:${online}`);
  }

  hold(): void {
    this.holding = [];
  }

  release(): void {
    const held = this.holding ?? [];
    this.holding = undefined;
    for (const finish of held) finish();
  }
}

/** The reason of every logged pass, in order (a pass that changed something is logged at info). */
function recordingLogger() {
  const passes: string[] = [];
  const warnings: Record<string, unknown>[] = [];
  const logger: Logger = {
    debug() {},
    info(message, fields) {
      if (message === 'refresh pass') passes.push(String(fields?.['reason']));
    },
    warn(_message, fields) {
      warnings.push(fields ?? {});
    },
    error() {},
  };
  return { logger, passes, warnings };
}

describe('RefreshScheduler', () => {
  const tickMs = 1000;
  let clock: number;
  let target: FakeTarget;
  let log: ReturnType<typeof recordingLogger>;
  let scheduler: RefreshScheduler;

  beforeEach(() => {
    vi.useFakeTimers();
    clock = 1_000_000;
    target = new FakeTarget();
    log = recordingLogger();
    scheduler = new RefreshScheduler(target, log.logger, { tickMs, now: () => clock });
  });
  afterEach(() => {
    scheduler.stop();
    vi.useRealTimers();
  });

  /** Moves the injected wall clock by `wallMs` and lets one timer interval fire. */
  async function tick(wallMs = tickMs): Promise<void> {
    clock += wallMs;
    await vi.advanceTimersByTimeAsync(tickMs);
  }

  it('runs a pass at launch over what expires within five minutes, with the target’s own bound', async () => {
    await expect(scheduler.start()).resolves.toEqual(target.summary);
    expect(target.passes).toEqual([{ withinSeconds: 300 }]);
    expect(log.passes).toEqual(['launch']);
  });

  it('passes its own window and concurrency when given', async () => {
    const tuned = new RefreshScheduler(target, log.logger, {
      aheadSeconds: 90,
      concurrency: 4,
      now: () => clock,
    });
    await tuned.start();
    tuned.stop();
    expect(target.passes).toEqual([{ withinSeconds: 90, concurrency: 4 }]);
  });

  it('checks on every tick, and counts a tick that comes far later than planned as a wake', async () => {
    await scheduler.start();
    await tick();
    // The machine slept: the interval fires once, but the wall clock moved ten intervals.
    await tick(10 * tickMs);
    await tick();
    // Just over three intervals late is a wake; three exactly is a slow tick.
    await tick(3 * tickMs);
    await tick(3 * tickMs + 1);
    expect(log.passes).toEqual(['launch', 'tick', 'wake', 'tick', 'tick', 'wake']);
  });

  it('runs one pass at a time: what arrives meanwhile joins the pass under way', async () => {
    target.hold();
    const launch = scheduler.start();
    const resume = scheduler.onResume();
    await tick();
    await tick(10 * tickMs);
    expect(target.calls).toEqual(['refreshAll']);
    expect(resume).toBe(launch);
    target.release();
    await launch;
    // Once that pass is over, the next reason starts a pass of its own.
    await scheduler.onResume();
    expect(target.calls).toEqual(['refreshAll', 'refreshAll']);
    expect(log.passes).toEqual(['launch', 'resume']);
  });

  it('marks the target online before the pass that the network coming back starts', async () => {
    await scheduler.onOnline();
    expect(target.calls).toEqual(['setOnline:true', 'refreshAll']);
    expect(log.passes).toEqual(['online']);
  });

  it('marks the target online even while another pass is running', async () => {
    target.hold();
    const launch = scheduler.start();
    const online = scheduler.onOnline();
    expect(target.calls).toEqual(['refreshAll', 'setOnline:true']);
    expect(online).toBe(launch);
    target.release();
    await online;
  });

  it('stops ticking when stopped', async () => {
    await scheduler.start();
    scheduler.stop();
    await tick();
    await tick(10 * tickMs);
    expect(target.calls).toEqual(['refreshAll']);
  });

  it('logs a failed pass as a warning and keeps going', async () => {
    target.failWith = new Error('database is locked');
    await expect(scheduler.start()).resolves.toBeUndefined();
    expect(log.warnings).toEqual([{ reason: 'launch', error: 'Error: database is locked' }]);
    target.failWith = undefined;
    await tick();
    expect(target.calls).toEqual(['refreshAll', 'refreshAll']);
    expect(log.passes).toEqual(['tick']);
  });

  it('says nothing about a pass that had nothing to do', async () => {
    target.summary = { refreshed: 0, failed: 0, skipped: 12 };
    await scheduler.start();
    await tick();
    expect(target.calls).toEqual(['refreshAll', 'refreshAll']);
    expect(log.passes).toEqual([]);
  });
});
