// Token served from a valid cache: from process memory, from SQLite (memory cold) and from Redis,
// each next to the bare operation underneath it.
import path from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { associatedData, RedisAccessTokenCache } from '../../src/main/core/cache/redis-access-token-cache.js';
import { redisKeys } from '../../src/main/core/cache/redis-keys.js';
import { associatedData as sqliteAssociatedData } from '../../src/main/core/cache/sqlite-access-token-cache.js';
import { createCore } from '../../src/main/core/create-core.js';
import { unsealWithKey } from '../../src/main/core/crypto/sealer.js';
import { SyncKey } from '../../src/main/core/crypto/sync-key.js';
import { AccountsRepository } from '../../src/main/core/storage/accounts-repository.js';
import { openDatabase } from '../../src/main/core/storage/database.js';
import { MemorySecretStore } from '../../src/main/core/secrets/memory-secret-store.js';
import { createRedisClient, waitForReady } from '../../src/main/core/redis/redis-connection.js';
import { startRedis, stopAndClean } from '../../test/helpers/redis-server.js';
import { makeTempDir } from '../../test/helpers/temp-dir.js';
import { seedAccounts, silent } from '../fixtures.js';
import { round, summaryDetail, type ScenarioResult } from '../report.js';
import { compareMicros } from '../timing.js';

const provider = 'discord';
const issuer = 'https://discord.com';
const env = { SIGNET_DISCORD_CLIENT_ID: 'bench-client' };

export async function tokenCacheScenarios(scale: number): Promise<ScenarioResult[]> {
  const temp = makeTempDir('signet-bench-cache-');
  const secrets = new MemorySecretStore();
  const redis = await startRedis();
  try {
    const [accountId] = await seedAccounts({
      dataDir: temp.dir,
      secrets,
      count: 1,
      provider,
      issuer,
      cached: 'valid',
    });
    const id = accountId!;
    return [
      await fromMemory(temp.dir, secrets, id, scale),
      await fromSqlite(temp.dir, secrets, id, scale),
      await fromRedis(temp.dir, secrets, id, redis.url, scale),
    ];
  } finally {
    await stopAndClean(redis);
    temp.cleanup();
  }
}

async function fromMemory(
  dataDir: string,
  secrets: MemorySecretStore,
  id: string,
  scale: number,
): Promise<ScenarioResult> {
  const core = await createCore({ dataDir, env, secrets, logger: silent });
  try {
    const first = await core.getAccessToken(id);
    const map = new Map([[id, first]]);
    const { subject, baseline } = await compareMicros(
      () => core.getAccessToken(id),
      () => map.get(id),
      { iterations: Math.round(20_000 * scale), warmup: 50_000 },
    );
    return {
      name: 'token from memory',
      value: round(subject.p99, 3),
      unit: 'µs p99',
      baseline: round(baseline.p99, 3),
      ratio: round(subject.p99 / baseline.p99),
      target: 'p99 < 5 µs',
      met: subject.p99 < 5,
      detail: {
        ...summaryDetail('subject', subject),
        ...summaryDetail('baseline', baseline),
        baselineIs: 'Map.get',
      },
    };
  } finally {
    await core.close();
  }
}

async function fromSqlite(
  dataDir: string,
  secrets: MemorySecretStore,
  id: string,
  scale: number,
): Promise<ScenarioResult> {
  const core = await createCore({ dataDir, env, secrets, logger: silent, memoryCache: false });
  const bare = new Database(path.join(dataDir, 'signet.db'));
  try {
    const expected = (await core.getAccessToken(id)).accessToken;
    const key = Buffer.from((await secrets.getDataKey())!, 'base64');
    const select = bare.prepare(
      'SELECT sealed_token, token_type, scope, expires_at FROM access_tokens WHERE account_id = ?',
    );
    const bareGet = () => {
      const row = select.get(id) as {
        sealed_token: Buffer;
        token_type: string;
        scope: string | null;
        expires_at: number;
      };
      return unsealWithKey(
        key,
        row.sealed_token,
        sqliteAssociatedData(id, row.token_type, row.scope, row.expires_at),
      );
    };
    if (bareGet() !== expected) throw new Error('the bare read and the core disagree');
    const { subject, baseline } = await compareMicros(() => core.getAccessToken(id), bareGet, {
      iterations: Math.round(5000 * scale),
      warmup: 1000,
    });
    return ratioResult('token from SQLite (memory cold)', subject, baseline, 'prepared SELECT + unseal');
  } finally {
    bare.close();
    await core.close();
  }
}

async function fromRedis(
  dataDir: string,
  secrets: MemorySecretStore,
  id: string,
  url: string,
  scale: number,
): Promise<ScenarioResult> {
  // The token on the server differs from the one in SQLite, so a read that fell back would show.
  // It is sealed under this machine's sync key, as another of the person's machines would write it.
  const syncKey = SyncKey.generate();
  await secrets.setSecret('sync-key', syncKey.raw.toString('base64'));
  const db = openDatabase(dataDir);
  const account = new AccountsRepository(db).get(id)!;
  db.$client.close();
  const identity = {
    provider: account.provider,
    issuer: account.issuer,
    subject: account.providerUserId,
    scopes: account.scopes,
  };
  const seeder = await createRedisClient(url);
  await waitForReady(seeder, 3000);
  const inRedis = {
    accessToken: 'bench_redis_token',
    tokenType: 'Bearer',
    scope: ['identify', 'email', ...account.scopes].join(' '),
    // Later than the SQLite copy's, so the server's (newer) token is the one served.
    expiresAt: new Date(Date.now() + 7_200_000),
  };
  await new RedisAccessTokenCache(seeder, { key: async () => syncKey, identityOf: () => identity }).set(
    { accountId: id, provider },
    inRedis,
  );
  seeder.disconnect();
  const core = await createCore({
    dataDir,
    env: { ...env, SIGNET_REDIS_URL: url },
    secrets,
    logger: silent,
    memoryCache: false,
    syncConnectWaitMs: 3000,
  });
  const bare = new Redis(url);
  try {
    if ((await core.getAccessToken(id)).accessToken !== inRedis.accessToken) {
      throw new Error('the core did not read the token from Redis');
    }
    const key = redisKeys.accessToken(syncKey.accountTag(identity));
    // The bare operation underneath: one GET and one unseal of what it returns.
    const bareRead = async () => {
      const entry = JSON.parse((await bare.get(key))!) as {
        v: number;
        t: string;
        e: number | null;
        n: number;
        s: string;
      };
      return syncKey.open(Buffer.from(entry.s, 'base64'), associatedData(key, identity, entry));
    };
    const { subject, baseline } = await compareMicros(() => core.getAccessToken(id), bareRead, {
      iterations: Math.round(5000 * scale),
      warmup: 1000,
    });
    return ratioResult('token from Redis', subject, baseline, 'ioredis GET + one unseal');
  } finally {
    bare.disconnect();
    await core.close();
  }
}

function ratioResult(
  name: string,
  subject: Awaited<ReturnType<typeof compareMicros>>['subject'],
  baseline: Awaited<ReturnType<typeof compareMicros>>['baseline'],
  baselineIs: string,
): ScenarioResult {
  const ratio = subject.median / baseline.median;
  return {
    name,
    value: round(subject.median, 3),
    unit: 'µs median',
    baseline: round(baseline.median, 3),
    ratio: round(ratio),
    target: '≤ 1.5× bare (median)',
    met: ratio <= 1.5,
    detail: {
      ...summaryDetail('subject', subject),
      ...summaryDetail('baseline', baseline),
      p99Ratio: round(subject.p99 / baseline.p99),
      baselineIs,
    },
  };
}
