// The shape of bench/results.json and the table printed at the end of a run.
import os from 'node:os';
import type { Summary } from './timing.js';

export interface ScenarioResult {
  name: string;
  /** The figure the target is about. */
  value: number;
  unit: string;
  /** The same figure for the baseline, measured in the same run (null where there is none). */
  baseline: number | null;
  /** value / baseline (for "faster than" targets: baseline / value, and the unit says so). */
  ratio: number | null;
  /** The target in words, as the issue states it; null for figures without one. */
  target: string | null;
  /** null where there is no target. */
  met: boolean | null;
  /** Median and p99 of subject and baseline, iterations, and anything else worth keeping. */
  detail: Record<string, unknown>;
}

export function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    arch: os.arch(),
    totalMemoryMb: Math.round(os.totalmem() / 2 ** 20),
    loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))),
  };
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function summaryDetail(prefix: string, summary: Summary): Record<string, number> {
  return {
    [`${prefix}Median`]: round(summary.median, 3),
    [`${prefix}P99`]: round(summary.p99, 3),
    [`${prefix}Samples`]: summary.n,
  };
}

/** A Markdown table: scenario, value, p99 (where the value is a median), baseline, ratio, target, met. */
export function formatTable(results: ScenarioResult[]): string {
  const rows = results.map((result) => [
    result.name,
    `${formatNumber(result.value)} ${result.unit}`,
    typeof result.detail['subjectP99'] === 'number' && result.unit.includes('median')
      ? formatNumber(result.detail['subjectP99'])
      : '—',
    result.baseline === null ? '—' : formatNumber(result.baseline),
    result.ratio === null ? '—' : `${formatNumber(result.ratio)}×`,
    result.target ?? '—',
    result.met === null ? '—' : result.met ? 'yes' : 'NO',
  ]);
  const header = ['scenario', 'value', 'p99', 'baseline', 'ratio', 'target', 'met'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

function formatNumber(value: number): string {
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
