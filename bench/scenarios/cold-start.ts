// Cold start of the core with 1,000 accounts, and its resident memory, each in fresh processes,
// next to better-sqlite3 alone reading the same rows.
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { MemorySecretStore } from '../../src/main/core/secrets/memory-secret-store.js';
import { makeTempDir } from '../../test/helpers/temp-dir.js';
import { seedAccounts } from '../fixtures.js';
import { round, summaryDetail, type ScenarioResult } from '../report.js';
import { summarize } from '../timing.js';

const run = promisify(execFile);
const accountCount = 1000;
const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const buildDir = path.join(repoRoot, 'out', 'bench');

interface ChildResult {
  importMs: number;
  readyMs: number;
  firstTokenMs?: number;
  accounts: number;
  keychainReadsAtReady?: number;
  keychainReadsAfterFirstToken?: number;
  startRssMb: number;
  rssMb: number;
}

/** Bundles the core the way the app does (dependencies external) and the child that loads it. */
async function buildChild(): Promise<{ child: string; core: string }> {
  mkdirSync(buildDir, { recursive: true });
  const common = {
    bundle: true,
    platform: 'node' as const,
    format: 'esm' as const,
    target: 'node20',
    packages: 'external' as const,
    logLevel: 'warning' as const,
  };
  const core = path.join(buildDir, 'core.mjs');
  const child = path.join(buildDir, 'cold-start-child.mjs');
  await build({
    ...common,
    entryPoints: [path.join(repoRoot, 'bench', 'cold-start-entry.ts')],
    outfile: core,
  });
  await build({
    ...common,
    entryPoints: [path.join(repoRoot, 'bench', 'cold-start-child.ts')],
    outfile: child,
  });
  return { child, core };
}

export async function coldStartScenarios(scale: number): Promise<ScenarioResult[]> {
  const runs = Math.max(5, Math.round(11 * scale));
  const temp = makeTempDir('signet-bench-cold-');
  try {
    const secrets = new MemorySecretStore();
    await seedAccounts({
      dataDir: temp.dir,
      secrets,
      count: accountCount,
      provider: 'discord',
      issuer: 'https://discord.com',
      cached: 'valid',
    });
    const { child, core } = await buildChild();
    const env = { ...process.env, BENCH_DATA_KEY: (await secrets.getDataKey()) ?? '' };
    const once = async (mode: 'core' | 'bare'): Promise<ChildResult> => {
      const { stdout } = await run(process.execPath, ['--expose-gc', child, mode, temp.dir, core], {
        env,
        cwd: repoRoot,
      });
      return JSON.parse(stdout) as ChildResult;
    };
    await once('core'); // the first run after seeding also checkpoints the WAL; not counted
    const cores: ChildResult[] = [];
    const bares: ChildResult[] = [];
    for (let i = 0; i < runs; i += 1) {
      cores.push(await once('core'));
      bares.push(await once('bare'));
    }
    if (cores.some((result) => result.accounts !== accountCount))
      throw new Error('the core listed too few accounts');
    const ready = summarize(cores.map((r) => r.readyMs));
    const bareReady = summarize(bares.map((r) => r.readyMs));
    const withImport = summarize(cores.map((r) => r.importMs + r.readyMs));
    const bareWithImport = summarize(bares.map((r) => r.importMs + r.readyMs));
    const readsAtReady = Math.max(...cores.map((r) => r.keychainReadsAtReady ?? 0));
    const readsAfterToken = Math.min(...cores.map((r) => r.keychainReadsAfterFirstToken ?? 0));
    const rss = summarize(cores.map((r) => r.rssMb));
    const bareRss = summarize(bares.map((r) => r.rssMb));
    return [
      {
        name: `cold start (${accountCount} accounts listed)`,
        value: round(ready.median),
        unit: 'ms median',
        baseline: round(bareReady.median),
        ratio: round(ready.median / bareReady.median),
        target: '< 100 ms (median)',
        met: ready.median < 100,
        detail: {
          ...summaryDetail('subject', ready),
          ...summaryDetail('baseline', bareReady),
          measures: 'createCore (config, open, migrate, providers) + listAccounts, in a fresh process',
          baselineIs: 'better-sqlite3: open + SELECT the same rows',
        },
      },
      {
        name: 'cold start incl. module load',
        value: round(withImport.median),
        unit: 'ms median',
        baseline: round(bareWithImport.median),
        ratio: round(withImport.median / bareWithImport.median),
        // Information: the target is on the steps above. Loading drizzle and zod from
        // node_modules is most of this; see bench/README.md.
        target: null,
        met: null,
        detail: {
          ...summaryDetail('subject', withImport),
          ...summaryDetail('baseline', bareWithImport),
          importMedian: round(summarize(cores.map((r) => r.importMs)).median),
          measures: 'import of the bundled core (dependencies external, as in the app) + the above',
          baselineIs: 'import better-sqlite3 + the bare read',
        },
      },
      {
        name: 'keychain reads before the first token',
        value: readsAtReady,
        unit: 'reads',
        baseline: null,
        ratio: null,
        target: '0 (deferred)',
        met: readsAtReady === 0 && readsAfterToken > 0,
        detail: { keychainReadsAfterFirstToken: readsAfterToken },
      },
      {
        name: `core RSS (${accountCount} accounts)`,
        value: round(rss.median, 1),
        unit: 'MB',
        baseline: round(bareRss.median, 1),
        ratio: round(rss.median / bareRss.median),
        target: null,
        met: null,
        detail: {
          ...summaryDetail('subject', rss),
          ...summaryDetail('baseline', bareRss),
          nodeAtStartMb: round(summarize(cores.map((r) => r.startRssMb)).median, 1),
          baselineIs: 'node + better-sqlite3 holding the same rows',
        },
      },
    ];
  } finally {
    temp.cleanup();
  }
}
