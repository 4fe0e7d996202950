// Footprint: the renderer's production JavaScript, minified and gzipped, against the budget in
// bench/budget.json (which `npm test` also checks). The core's resident memory is measured with
// the cold start, in the same fresh processes.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
// @ts-expect-error -- plain JavaScript shared with `npm test`; it exports one function.
import { rendererJsGzipBytes } from '../../scripts/check-bundle-budget.js';
import { round, type ScenarioResult } from '../report.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export async function footprintScenarios(): Promise<ScenarioResult[]> {
  const assets = path.join(repoRoot, 'out', 'renderer', 'assets');
  if (!existsSync(assets)) {
    process.stderr.write('bench: building the renderer (electron-vite build)…\n');
    const built = spawnSync('npx', ['electron-vite', 'build'], { cwd: repoRoot, stdio: 'ignore' });
    if (built.status !== 0) throw new Error('electron-vite build failed');
  }
  const budget = (
    JSON.parse(readFileSync(path.join(repoRoot, 'bench', 'budget.json'), 'utf8')) as {
      rendererJsGzipBytes: number;
    }
  ).rendererJsGzipBytes;
  const bytes = (rendererJsGzipBytes as (dir: string) => number)(assets);
  return [
    {
      name: 'renderer JS (min+gzip)',
      value: round(bytes / 1024, 1),
      unit: 'KiB',
      baseline: round(budget / 1024, 1),
      ratio: round(bytes / budget),
      target: '≤ budget (bench/budget.json)',
      met: bytes <= budget,
      detail: { bytes, budgetBytes: budget, baselineIs: 'the budget' },
    },
  ];
}
