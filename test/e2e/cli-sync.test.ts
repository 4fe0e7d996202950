import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordEmulator, type DiscordEmulator } from '../../emulators/index.js';
import { startRedis, stopAndClean, type RedisProcess } from '../helpers/redis-server.js';
import { expectFailure, isolatedCliEnv, runSignet } from '../helpers/cli.js';
import { discordEnv } from '../helpers/test-core.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe('signet sync pair and join: two machines (data directories and keychains) on one sync server', () => {
  let redis: RedisProcess;
  let discord: DiscordEmulator;
  const homes = [makeTempDir(), makeTempDir()];
  let first: Record<string, string>;
  let second: Record<string, string>;

  beforeAll(async () => {
    redis = await startRedis();
    discord = await startDiscordEmulator({ accessTokenTtlSeconds: 3600 });
    const envFor = (home: string): Record<string, string> => ({
      ...isolatedCliEnv(home, discordEnv(discord)),
      SIGNET_REDIS_URL: redis.url,
    });
    first = envFor(homes[0]!.dir);
    second = envFor(homes[1]!.dir);
  });
  afterAll(async () => {
    await discord.close();
    await stopAndClean(redis);
    for (const home of homes) home.cleanup();
  });

  it('pairs the second machine with the first one’s code, and both then read the same token', async () => {
    const pair = await runSignet(['sync', 'pair'], first);
    expect(pair.code, pair.stderr).toBe(0);
    const code = pair.stdout.trim();
    expect(code).toMatch(/^([0-9A-Z]{4}-){13}[0-9A-Z]{4}$/);
    expect(pair.stderr).toMatch(/signet sync join/);

    // Typed on the other machine in lower case, with spaces instead of dashes.
    const join = await runSignet(['sync', 'join', ...code.toLowerCase().split('-')], second);
    expect(join.code, join.stderr).toBe(0);
    expect(join.stdout).toMatch(/^Joined: this machine now shares the sync key [0-9a-f]{8}\.\n$/);
    const status = JSON.parse((await runSignet(['status', '--json'], second)).stdout);
    expect(status.syncServer).toEqual({ configured: true, connected: true, paired: true });

    expect((await runSignet(['login', 'discord'], first)).code).toBe(0);
    expect((await runSignet(['login', 'discord'], second)).code).toBe(0);
    discord.resetStats();
    const a = await runSignet(['refresh', 'discord'], first);
    expect(a.code, a.stderr).toBe(0);
    const fromFirst = (await runSignet(['token', 'discord'], first)).stdout.trim();
    const fromSecond = (
      await runSignet(['token', 'discord', '--min-validity', '3000'], second)
    ).stdout.trim();
    expect(fromSecond).toBe(fromFirst);
    expect(discord.stats.refreshRequests).toBe(1);
  });

  it('refuses a mistyped code with one line and exit 2, and changes nothing', async () => {
    const code = (await runSignet(['sync', 'pair'], first)).stdout.trim();
    const typo = `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`;
    expectFailure(
      await runSignet(['sync', 'join', typo], second),
      2,
      /^signet: That pairing code is not right/,
    );
    expectFailure(await runSignet(['sync', 'frobnicate'], second), 2, /^signet: sync takes "pair"/);
  });
});
