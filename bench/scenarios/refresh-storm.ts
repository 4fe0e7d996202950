// Refresh storm: 1,000 concurrent callers for one account whose token just expired. Exactly one
// token request, and the wall time of the whole storm next to one bare oauth4webapi refresh.
import { createCore } from '../../src/main/core/create-core.js';
import { MemorySecretStore } from '../../src/main/core/secrets/memory-secret-store.js';
import { startDiscordEmulator } from '../../emulators/index.js';
import { discordEnv } from '../../test/helpers/test-core.js';
import { makeTempDir } from '../../test/helpers/temp-dir.js';
import { bareDiscordRefresh, discordRefreshTokens, seedAccounts, silent } from '../fixtures.js';
import { round, summaryDetail, type ScenarioResult } from '../report.js';
import { summarize, timeMs } from '../timing.js';

/** What a real token endpoint takes to answer, give or take; the launch scenario uses the same. */
export const providerLatencyMs = 50;
const callers = 1000;

export async function refreshStormScenario(scale: number): Promise<ScenarioResult> {
  const storms = Math.max(5, Math.round(20 * scale));
  const discord = await startDiscordEmulator({ latencyMs: providerLatencyMs });
  const temp = makeTempDir('signet-bench-storm-');
  try {
    const secrets = new MemorySecretStore();
    // One account per storm (plus one to warm up), each with a token that expired a second ago.
    const refreshTokens = await discordRefreshTokens(discord, storms + 2);
    let bareToken = refreshTokens.pop()!;
    const ids = await seedAccounts({
      dataDir: temp.dir,
      secrets,
      count: storms + 1,
      provider: 'discord',
      issuer: discord.url,
      refreshToken: (i) => refreshTokens[i]!,
      cached: 'expired',
    });
    const core = await createCore({ dataDir: temp.dir, env: discordEnv(discord), secrets, logger: silent });
    try {
      // Warm-up: both sides load their HTTP stack and open a connection first.
      bareToken = await bareDiscordRefresh(discord, bareToken);
      await core.getAccessToken(ids[storms]!);

      const stormMs: number[] = [];
      const bareMs: number[] = [];
      const tokenRequests: number[] = [];
      for (let i = 0; i < storms; i += 1) {
        bareMs.push(
          await timeMs(async () => {
            bareToken = await bareDiscordRefresh(discord, bareToken);
          }),
        );
        discord.resetStats();
        const id = ids[i]!;
        let served: string[] = [];
        stormMs.push(
          await timeMs(async () => {
            const tokens = await Promise.all(Array.from({ length: callers }, () => core.getAccessToken(id)));
            served = tokens.map((token) => token.accessToken);
          }),
        );
        tokenRequests.push(discord.stats.tokenRequests);
        if (new Set(served).size !== 1 || !discord.isAccessTokenValid(served[0]!)) {
          throw new Error('the storm did not end with one valid token for every caller');
        }
      }
      const storm = summarize(stormMs);
      const bare = summarize(bareMs);
      const ratio = storm.median / bare.median;
      const oneRequestEach = tokenRequests.every((count) => count === 1);
      return {
        name: `refresh storm (${callers} callers)`,
        value: round(storm.median),
        unit: 'ms median',
        baseline: round(bare.median),
        ratio: round(ratio),
        target: '1 token request; ≤ 1.2× bare',
        met: oneRequestEach && ratio <= 1.2,
        detail: {
          ...summaryDetail('subject', storm),
          ...summaryDetail('baseline', bare),
          p99Ratio: round(storm.p99 / bare.p99),
          tokenRequestsPerStorm: [...new Set(tokenRequests)],
          providerLatencyMs,
          baselineIs: 'one oauth4webapi refresh, global fetch',
        },
      };
    } finally {
      await core.close();
    }
  } finally {
    await discord.close();
    temp.cleanup();
  }
}
