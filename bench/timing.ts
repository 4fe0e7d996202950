// Timing for the benchmarks: process.hrtime.bigint(), warm-up, median and p99 of many samples.
import { performance } from 'node:perf_hooks';

export interface Summary {
  /** Samples taken (after warm-up). */
  n: number;
  median: number;
  p99: number;
  min: number;
  max: number;
}

/** Nanoseconds between two hrtime readings, as microseconds. */
const toMicros = (start: bigint, end: bigint) => Number(end - start) / 1000;

export function summarize(samples: ArrayLike<number>): Summary {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { n: sorted.length, median: at(0.5), p99: at(0.99), min: sorted[0]!, max: at(1) };
}

/**
 * Times `a` and `b` (a subject and its baseline) in alternating rounds, so a machine that slows
 * down or speeds up mid-run moves both the same way. Each call is timed on its own, in
 * microseconds. Warm-up runs the same timing loops, for `warmup` calls of each, uncounted.
 */
export async function compareMicros(
  a: () => unknown,
  b: () => unknown,
  options: { iterations: number; warmup: number; rounds?: number },
): Promise<{ subject: Summary; baseline: Summary }> {
  const rounds = options.rounds ?? 10;
  const perRound = Math.ceil(options.iterations / rounds);
  const timeA = timerFor(a);
  const timeB = timerFor(b);
  const scratch = new Float64Array(options.warmup);
  await timeA(scratch, 0, options.warmup);
  await timeB(scratch, 0, options.warmup);
  // Preallocated: a growing array of samples costs more, now and then, than what it measures.
  const subject = new Float64Array(perRound * rounds);
  const baseline = new Float64Array(perRound * rounds);
  for (let round = 0; round < rounds; round += 1) {
    const at = round * perRound;
    collectGarbage();
    if (round % 2 === 0) {
      await timeA(subject, at, perRound);
      await timeB(baseline, at, perRound);
    } else {
      await timeB(baseline, at, perRound);
      await timeA(subject, at, perRound);
    }
  }
  return { subject: summarize(subject), baseline: summarize(baseline) };
}

type Timer = (into: Float64Array, at: number, count: number) => Promise<void>;

/**
 * A timing loop for one operation: awaited when it returns a promise, called bare when not (a
 * bare Map.get is not put behind a microtask). Two separate loops, so that neither sees both
 * kinds of operation: a loop whose operation changes kind is recompiled, and times that instead.
 */
function timerFor(fn: () => unknown): Timer {
  return fn() instanceof Promise ? (into, at, count) => timeAsync(fn, into, at, count) : timeSync(fn);
}

async function timeAsync(fn: () => unknown, into: Float64Array, at: number, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const start = process.hrtime.bigint();
    await fn();
    into[at + i] = toMicros(start, process.hrtime.bigint());
  }
}

function timeSync(fn: () => unknown): Timer {
  return async (into, at, count) => {
    for (let i = 0; i < count; i += 1) {
      const start = process.hrtime.bigint();
      fn();
      into[at + i] = toMicros(start, process.hrtime.bigint());
    }
  };
}

/**
 * A full collection (with --expose-gc, as scripts/bench.js runs this), so that no major GC is
 * under way while a round runs: its incremental marking steps run on the main thread, a few
 * microseconds every few calls, and would be timed as part of the operation.
 */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Milliseconds one async operation takes, wall clock. */
export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Lets the event loop breathe between scenarios (timers, sockets closing, GC). */
export function settle(ms = 50): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
