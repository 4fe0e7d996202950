// The agent: `signet token` as a whole process through it next to `node -e 0`, the round trip
// over its socket inside one process, and its memory with 1,000 accounts next to the bare core's.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { askAgent } from '../../src/main/cli/agent-client.js';
import { createCore, startAgent } from '../../src/main/core/index.js';
import { MemorySecretStore } from '../../src/main/core/secrets/memory-secret-store.js';
import { makeTempDir } from '../../test/helpers/temp-dir.js';
import { seedAccounts, silent } from '../fixtures.js';
import { round, summaryDetail, type ScenarioResult } from '../report.js';
import { collectGarbage, summarize } from '../timing.js';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const accountCount = 1000;

export async function agentScenarios(scale: number): Promise<ScenarioResult[]> {
  const temp = makeTempDir('signet-bench-agent-');
  const secrets = new MemorySecretStore();
  const env = {
    SIGNET_HOME: temp.dir,
    SIGNET_DISCORD_CLIENT_ID: 'bench',
    SIGNET_DISCORD_CLIENT_SECRET: 'bench',
  };
  try {
    const ids = await seedAccounts({
      dataDir: temp.dir,
      secrets,
      count: accountCount,
      provider: 'discord',
      issuer: 'https://discord.com',
      cached: 'valid',
    });
    const service = await createCore({ env, dataDir: temp.dir, secrets, logger: silent });
    collectGarbage();
    service.listAccountSummaries();
    const coreRss = process.memoryUsage().rss;
    const agent = await startAgent({ service, dataDir: temp.dir, logger: silent, refreshAhead: false });
    try {
      // Every account's token, once, so the agent holds all 1,000 in memory.
      for (const id of ids) {
        const answer = await askAgent(temp.dir, { op: 'token', account: id, minValiditySeconds: 60 });
        if (!answer?.ok) throw new Error('the agent did not serve a seeded token');
      }
      collectGarbage();
      const agentRss = process.memoryUsage().rss;
      const roundTrip = await timeRoundTrips(temp.dir, ids, Math.max(200, Math.round(5000 * scale)));
      const whole = await timeProcesses(env, ids[0]!, Math.max(5, Math.round(31 * scale)));
      return [
        {
          name: 'token through the agent, whole process',
          value: round(whole.subject.median, 1),
          unit: 'ms median',
          baseline: round(whole.baseline.median, 1),
          ratio: round(whole.subject.median / whole.baseline.median),
          target: '≤ 1.3× node -e 0 (median)',
          met: whole.subject.median / whole.baseline.median <= 1.3,
          detail: {
            ...summaryDetail('subject', whole.subject),
            ...summaryDetail('baseline', whole.baseline),
          },
        },
        {
          name: 'agent round trip in one process',
          value: round(roundTrip.p99 * 1000, 1),
          unit: 'µs p99',
          baseline: null,
          ratio: null,
          target: 'p99 < 1 ms',
          met: roundTrip.p99 < 1,
          detail: summaryDetail('subject', roundTrip),
        },
        {
          name: 'agent memory, 1,000 accounts served',
          value: round((agentRss - coreRss) / 2 ** 20, 1),
          unit: 'MB over the core',
          baseline: round(coreRss / 2 ** 20, 1),
          ratio: round(agentRss / coreRss),
          target: null,
          met: null,
          detail: { coreRssMb: round(coreRss / 2 ** 20, 1), agentRssMb: round(agentRss / 2 ** 20, 1) },
        },
      ];
    } finally {
      await agent.close();
      await service.close();
    }
  } finally {
    temp.cleanup();
  }
}

/** Sequential token requests over the socket, each a new connection as a client makes; in ms. */
async function timeRoundTrips(dataDir: string, ids: string[], count: number) {
  const samples = new Float64Array(count);
  for (let i = 0; i < count + 100; i++) {
    const started = performance.now();
    await askAgent(dataDir, { op: 'token', account: ids[i % ids.length]!, minValiditySeconds: 60 });
    if (i >= 100) samples[i - 100] = performance.now() - started;
  }
  return summarize(samples);
}

/** `node bin/signet.js token <id>` and `node -e 0`, alternating, wall clock in ms. */
async function timeProcesses(env: Record<string, string>, id: string, count: number) {
  const signet = path.join(repoRoot, 'bin', 'signet.js');
  const options = { env: { ...process.env, ...env }, cwd: repoRoot };
  const subject: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < count + 2; i++) {
    let started = performance.now();
    const { stdout } = await run(process.execPath, [signet, 'token', id], options);
    const took = performance.now() - started;
    if (!stdout.startsWith('bench_at_')) throw new Error('signet token did not print the seeded token');
    started = performance.now();
    await run(process.execPath, ['-e', '0'], options);
    if (i >= 2) {
      subject.push(took);
      baseline.push(performance.now() - started);
    }
  }
  return { subject: summarize(subject), baseline: summarize(baseline) };
}
