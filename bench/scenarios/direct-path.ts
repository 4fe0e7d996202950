// `signet token` with no agent, as whole processes next to `node -e 0`: a cache hit on the direct
// path (better-sqlite3 and keytar, the data key read from the real keychain), and the same with
// the sync server down (a listener that accepts and never answers: the worst case, which waits
// the connect timeout). Runs under scripts/with-keyring.sh (`npm run bench` starts one).
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { KeytarSecretStore } from '../../src/main/core/secrets/keytar-secret-store.js';
import { forgetKeychainService } from '../../test/helpers/forget-keychain-service.js';
import { makeTempDir } from '../../test/helpers/temp-dir.js';
import { seedAccounts } from '../fixtures.js';
import { round, summaryDetail, type ScenarioResult } from '../report.js';
import { summarize } from '../timing.js';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export async function directPathScenarios(scale: number): Promise<ScenarioResult[]> {
  const temp = makeTempDir('signet-bench-direct-');
  const service = `signet-bench-${randomUUID()}`;
  const env = {
    SIGNET_HOME: temp.dir,
    SIGNET_KEYCHAIN_SERVICE: service,
    SIGNET_DISCORD_CLIENT_ID: 'bench',
    SIGNET_DISCORD_CLIENT_SECRET: 'bench',
  };
  const silent = net.createServer(() => undefined);
  const sockets = new Set<net.Socket>();
  silent.on('connection', (socket) => sockets.add(socket));
  try {
    const [id] = await seedAccounts({
      dataDir: temp.dir,
      secrets: new KeytarSecretStore({ service }),
      count: 10,
      provider: 'discord',
      issuer: 'https://discord.com',
      cached: 'valid',
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const down = `redis://127.0.0.1:${(silent.address() as net.AddressInfo).port}/0`;
    const direct = await timeProcesses(env, id!, Math.max(5, Math.round(31 * scale)));
    const syncDown = await timeProcesses(
      { ...env, SIGNET_REDIS_URL: down },
      id!,
      Math.max(3, Math.round(11 * scale)),
    );
    return [
      {
        name: 'token, direct path (no agent), whole process',
        value: round(direct.subject.median, 1),
        unit: 'ms median',
        baseline: round(direct.baseline.median, 1),
        ratio: round(direct.subject.median / direct.baseline.median),
        target: '≤ 2× node -e 0 (median)',
        met: direct.subject.median / direct.baseline.median <= 2,
        detail: {
          ...summaryDetail('subject', direct.subject),
          ...summaryDetail('baseline', direct.baseline),
        },
      },
      {
        name: 'token, sync server down, whole process',
        value: round(syncDown.subject.median, 1),
        unit: 'ms median',
        baseline: round(syncDown.baseline.median, 1),
        ratio: round(syncDown.subject.median / syncDown.baseline.median),
        target: '≤ 1500 ms (median)',
        met: syncDown.subject.median <= 1500,
        detail: {
          ...summaryDetail('subject', syncDown.subject),
          ...summaryDetail('baseline', syncDown.baseline),
        },
      },
    ];
  } finally {
    for (const socket of sockets) socket.destroy();
    silent.close();
    await forgetKeychainService(service);
    temp.cleanup();
  }
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
