// One cold start, in a fresh process: `node --expose-gc cold-start-child.mjs <core|bare> <dataDir>
// <coreBundle>`. Prints one JSON line. `core` loads the bundled core, opens the database,
// migrates, lists every account and serves one token; `bare` opens the same file with
// better-sqlite3 and reads the same rows, the floor under it.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

type CoreBundle = typeof import('./cold-start-entry.js');

const [mode, dataDir, bundle] = process.argv.slice(2) as [string, string, string];
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function rssMb(): number {
  gc();
  return process.memoryUsage().rss / 2 ** 20;
}

const startRssMb = rssMb();
const t0 = performance.now();
if (mode === 'bare') {
  const { default: Database } = await import('better-sqlite3');
  const t1 = performance.now();
  const db = new Database(path.join(dataDir, 'signet.db'));
  db.pragma('journal_mode = WAL');
  const rows = db.prepare('SELECT * FROM accounts ORDER BY provider, created_at').all();
  const expiries = db.prepare('SELECT account_id, expires_at FROM access_tokens').all();
  const t2 = performance.now();
  const result = { importMs: t1 - t0, readyMs: t2 - t1, accounts: rows.length, expiries: expiries.length };
  console.log(JSON.stringify({ ...result, startRssMb, rssMb: rssMb() }));
  db.close();
} else {
  const core: CoreBundle = await import(pathToFileURL(bundle).href);
  const t1 = performance.now();
  const memory = new core.MemorySecretStore();
  await memory.setDataKey(process.env['BENCH_DATA_KEY'] ?? '');
  const secrets = new core.CountingSecretStore(memory);
  const service = await core.createCore({
    dataDir,
    env: { SIGNET_DISCORD_CLIENT_ID: 'bench-client' },
    secrets,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  const accounts = await service.listAccounts();
  const t2 = performance.now();
  const keychainReadsAtReady = secrets.reads;
  await service.getAccessToken(accounts[0]!.id);
  const t3 = performance.now();
  const result = {
    importMs: t1 - t0,
    readyMs: t2 - t1,
    firstTokenMs: t3 - t2,
    accounts: accounts.length,
    keychainReadsAtReady,
    keychainReadsAfterFirstToken: secrets.reads,
  };
  console.log(JSON.stringify({ ...result, startRssMb, rssMb: rssMb() }));
  await service.close();
}
