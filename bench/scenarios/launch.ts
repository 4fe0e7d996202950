// Launch: 200 accounts whose tokens expired while the app was closed, the provider answering each
// token request after 50 ms. The core's launch refresh next to the same refreshes one by one.
import { launchRefreshConcurrency } from '../../src/main/core/index.js';
import { SqliteAccessTokenCache } from '../../src/main/core/cache/sqlite-access-token-cache.js';
import { createCore } from '../../src/main/core/create-core.js';
import { Sealer } from '../../src/main/core/crypto/sealer.js';
import { MemorySecretStore } from '../../src/main/core/secrets/memory-secret-store.js';
import { openDatabase } from '../../src/main/core/storage/database.js';
import { startDiscordEmulator } from '../../emulators/index.js';
import { discordEnv } from '../../test/helpers/test-core.js';
import { makeTempDir } from '../../test/helpers/temp-dir.js';
import { bareDiscordRefresh, discordRefreshTokens, seedAccounts, silent } from '../fixtures.js';
import { round, summaryDetail, type ScenarioResult } from '../report.js';
import { summarize, timeMs } from '../timing.js';
import { providerLatencyMs } from './refresh-storm.js';

const accounts = 200;
const runs = 5;

export async function launchScenario(): Promise<ScenarioResult> {
  const discord = await startDiscordEmulator({ latencyMs: providerLatencyMs });
  const temp = makeTempDir('signet-bench-launch-');
  try {
    const secrets = new MemorySecretStore();
    const refreshTokens = await discordRefreshTokens(discord, accounts);
    const ids = await seedAccounts({
      dataDir: temp.dir,
      secrets,
      count: accounts,
      provider: 'discord',
      issuer: discord.url,
      refreshToken: (i) => refreshTokens[i]!,
      cached: 'expired',
    });

    // Baseline: the same 200 refreshes, one after another, with oauth4webapi alone. Discord
    // rotates refresh tokens, so the new ones go back to the keychain for the core to use.
    await bareDiscordRefresh(discord, (await discordRefreshTokens(discord, 1))[0]!);
    const perRefresh: number[] = [];
    const sequentialMs = await timeMs(async () => {
      for (let i = 0; i < accounts; i += 1) {
        const started = performance.now();
        refreshTokens[i] = await bareDiscordRefresh(discord, refreshTokens[i]!);
        perRefresh.push(performance.now() - started);
      }
    });
    for (let i = 0; i < accounts; i += 1) {
      await secrets.setCredential(ids[i]!, {
        kind: 'refresh_token',
        token: refreshTokens[i]!,
        expiresAt: null,
      });
    }

    const core = await createCore({ dataDir: temp.dir, env: discordEnv(discord), secrets, logger: silent });
    const launchMs: number[] = [];
    const maxInFlight: number[] = [];
    try {
      for (let run = 0; run < runs; run += 1) {
        if (run > 0) await expireAll(temp.dir, secrets, ids);
        discord.resetStats();
        let refreshed = 0;
        launchMs.push(
          await timeMs(async () => {
            ({ refreshed } = await core.refreshAll());
          }),
        );
        if (refreshed !== accounts || discord.stats.refreshRequests !== accounts) {
          throw new Error(
            `launch refreshed ${refreshed} accounts with ${discord.stats.refreshRequests} requests`,
          );
        }
        maxInFlight.push(discord.stats.maxInFlight);
      }
    } finally {
      await core.close();
    }
    const launch = summarize(launchMs);
    const speedup = sequentialMs / launch.median;
    const bounded = Math.max(...maxInFlight) <= launchRefreshConcurrency;
    return {
      name: `launch (${accounts} expired accounts)`,
      value: round(launch.median),
      unit: 'ms median',
      baseline: round(sequentialMs),
      ratio: round(speedup),
      target: `≥ 8× faster than sequential; ≤ ${launchRefreshConcurrency} in flight`,
      met: speedup >= 8 && bounded,
      detail: {
        ...summaryDetail('subject', launch),
        ratioIs: 'sequential / launch (speed-up)',
        sequentialPerRefreshMedian: round(summarize(perRefresh).median, 3),
        sequentialPerRefreshP99: round(summarize(perRefresh).p99, 3),
        maxInFlight: Math.max(...maxInFlight),
        concurrencyBound: launchRefreshConcurrency,
        providerLatencyMs,
        baselineIs: 'the same refreshes one after another, oauth4webapi alone',
      },
    };
  } finally {
    await discord.close();
    temp.cleanup();
  }
}

/** Another launch later: every cached token has expired again (written as another process would). */
async function expireAll(dataDir: string, secrets: MemorySecretStore, ids: string[]): Promise<void> {
  const db = openDatabase(dataDir);
  try {
    const cache = new SqliteAccessTokenCache(db, new Sealer(secrets));
    for (const id of ids) {
      await cache.set(
        { accountId: id, provider: 'discord' },
        { accessToken: 'expired', tokenType: 'Bearer', scope: null, expiresAt: new Date(Date.now() - 1000) },
      );
    }
  } finally {
    db.$client.close();
  }
}
