import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DISCORD_DEFAULT_USER,
  startDiscordEmulator,
  startGithubEmulator,
  startGoogleEmulator,
  type DiscordEmulator,
} from '../../../emulators/index.js';
import { redisPerSuite } from '../../helpers/redis-per-suite.js';
import { serverKeyNames } from '../../helpers/sync-names.js';
import {
  discordEnv,
  githubEnv,
  googleEnv,
  makeTestCore,
  signIn,
  type TestCore,
} from '../../helpers/test-core.js';

/** Every key and value on the server, as its operator could read them. */
async function dump(inspector: Redis): Promise<string> {
  const keys = await inspector.keys('*');
  const values = await Promise.all(keys.map((key) => inspector.get(key).catch(() => '')));
  return keys.map((key, i) => `${key} ${values[i] ?? ''}`).join('\n');
}

describe('the sync server shared by a person’s machines', () => {
  const redis = redisPerSuite();
  let discord: DiscordEmulator;
  const cores: TestCore[] = [];
  const machine = async () => {
    const core = await makeTestCore({ ...discordEnv(discord), SIGNET_REDIS_URL: redis.url });
    cores.push(core);
    expect((await core.service.status()).syncServer.connected).toBe(true);
    return core;
  };

  beforeEach(async () => {
    await redis.inspector.flushall();
    discord = await startDiscordEmulator({ accessTokenTtlSeconds: 120 });
  });
  afterEach(async () => {
    await Promise.all(cores.splice(0).map((core) => core.close()));
    await discord.close();
  });

  it('a paired machine gets the other’s fresh token without a refresh of its own; an unpaired one gets nothing', async () => {
    const first = await machine();
    const second = await machine();
    const third = await machine();
    const code = await first.service.syncPairingCode();
    expect(await second.service.joinSync(code.toLowerCase().replace(/-/g, ' '))).toMatch(/^[0-9a-f]{8}$/);
    const [a, b, c] = [
      await signIn(first.service, 'discord'),
      await signIn(second.service, 'discord'),
      await signIn(third.service, 'discord'),
    ];
    expect((await second.service.status()).syncServer.paired).toBe(true);
    discord.setAccessTokenTtl(3600);
    discord.resetStats();

    const fresh = await first.service.getAccessToken(a, { minValiditySeconds: 600 });
    expect(discord.stats.refreshRequests).toBe(1);
    const shared = await second.service.getAccessToken(b, { minValiditySeconds: 600 });
    expect(shared.accessToken).toBe(fresh.accessToken);
    expect(discord.stats.refreshRequests).toBe(1);

    // The third machine holds a key of its own: the server's entries are nothing to it.
    const own = await third.service.getAccessToken(c, { minValiditySeconds: 600 });
    expect(own.accessToken).not.toBe(fresh.accessToken);
    expect(discord.stats.refreshRequests).toBe(2);
  });

  it('refuses a mistyped pairing code with one clear line, and pairing without a server', async () => {
    const first = await machine();
    const code = await first.service.syncPairingCode();
    const typo = code.replace(/^(.)/, (ch) => (ch === 'A' ? 'B' : 'A'));
    await expect(first.service.joinSync(typo)).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/^That pairing code is not right/),
    });
    const local = await makeTestCore(discordEnv(discord));
    cores.push(local);
    await expect(local.service.syncPairingCode()).rejects.toMatchObject({ code: 'invalid-input' });
  });

  describe('a hostile server', () => {
    let core: TestCore;
    let accountId: string;
    let names: { tokenKey: string; lockKey: string };

    beforeEach(async () => {
      core = await machine();
      accountId = await signIn(core.service, 'discord');
      names = await serverKeyNames(core.secrets, core.dir, accountId);
      discord.setAccessTokenTtl(3600);
      discord.resetStats();
    });

    /** A second process on the same machine, with nothing in memory. */
    const coldProcess = async () => {
      const other = await makeTestCore(
        { ...discordEnv(discord), SIGNET_REDIS_URL: redis.url },
        { dataDir: core.dir, secrets: core.secrets },
      );
      cores.push(other);
      return other;
    };

    it.each([
      [
        'an altered ciphertext',
        (entry: Record<string, unknown>) => ({ ...entry, s: flip(String(entry['s'])) }),
      ],
      ['no expiry', (entry: Record<string, unknown>) => ({ ...entry, e: null })],
      [
        'a later expiry',
        (entry: Record<string, unknown>) => ({ ...entry, e: Number(entry['e']) + 86_400_000 }),
      ],
      ['another token type', (entry: Record<string, unknown>) => ({ ...entry, t: 'mac' })],
    ])('an entry with %s is never served', async (_name, alter) => {
      const entry = JSON.parse((await redis.inspector.get(names.tokenKey))!) as Record<string, unknown>;
      await redis.inspector.set(names.tokenKey, JSON.stringify(alter(entry)));
      const other = await coldProcess();
      const token = await other.service.getAccessToken(accountId, { minValiditySeconds: 0 });
      expect(discord.isAccessTokenValid(token.accessToken)).toBe(true);
      expect(token.expiresAt?.getTime()).toBe(Number(entry['e']));
    });

    it('an entry sealed under another key, or planted in clear, is never served', async () => {
      const attacker = await makeTestCore({ ...discordEnv(discord), SIGNET_REDIS_URL: redis.url });
      cores.push(attacker);
      await signIn(attacker.service, 'discord');
      const theirs = await serverKeyNames(
        attacker.secrets,
        attacker.dir,
        (await attacker.service.listAccounts())[0]!.id,
      );
      await redis.inspector.set(names.tokenKey, (await redis.inspector.get(theirs.tokenKey))!);
      const other = await coldProcess();
      const served = await other.service.getAccessToken(accountId, { minValiditySeconds: 0 });
      expect(served.accessToken).not.toBe(
        (await attacker.service.getAccessToken((await attacker.service.listAccounts())[0]!.id)).accessToken,
      );

      await redis.inspector.set(
        names.tokenKey,
        JSON.stringify({ v: 1, accessToken: 'planted', tokenType: 'Bearer', scope: null, expiresAt: null }),
      );
      const again = await coldProcess();
      expect((await again.service.getAccessToken(accountId, { minValiditySeconds: 0 })).accessToken).not.toBe(
        'planted',
      );
    });

    it('a rollback to an older, genuine entry loses to the newer token this machine holds', async () => {
      const old = (await redis.inspector.get(names.tokenKey))!;
      const refreshed = await core.service.getAccessToken(accountId, { minValiditySeconds: 600 });
      expect(discord.stats.refreshRequests).toBe(1);
      await redis.inspector.set(names.tokenKey, old);
      const other = await coldProcess();
      const served = await other.service.getAccessToken(accountId, { minValiditySeconds: 0 });
      expect(served.accessToken).toBe(refreshed.accessToken);
      // And the server was put right.
      const again = await coldProcess();
      expect((await again.service.getAccessToken(accountId, { minValiditySeconds: 600 })).accessToken).toBe(
        refreshed.accessToken,
      );
      expect(discord.stats.refreshRequests).toBe(1);
    });

    it('a refresh lock squatted with no expiry does not stop refreshes, and ends in bounded time', async () => {
      await redis.inspector.set(names.lockKey, 'squatter');
      const started = Date.now();
      const token = await core.service.getAccessToken(accountId, { minValiditySeconds: 600 });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(discord.isAccessTokenValid(token.accessToken)).toBe(true);
      expect(discord.stats.refreshRequests).toBe(1);
      const credential = await core.secrets.getCredential(accountId);
      expect(discord.isRefreshTokenValid(credential!.token)).toBe(true);
    });

    it('a server that answers slowly costs a bounded wait, and the rotated token is kept', async () => {
      const slow = new Redis(redis.port, '127.0.0.1');
      const stall = slow.call('DEBUG', 'SLEEP', '3').catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const started = Date.now();
      const token = await core.service.getAccessToken(accountId, { minValiditySeconds: 600 });
      expect(Date.now() - started).toBeLessThan(3000);
      expect(discord.isAccessTokenValid(token.accessToken)).toBe(true);
      await stall;
      slow.disconnect();
      const credential = await core.secrets.getCredential(accountId);
      expect(discord.isRefreshTokenValid(credential!.token)).toBe(true);
    });
  });

  it('a raw dump of the server after sign-ins to every provider holds no token, login, email or subject', async () => {
    const github = await startGithubEmulator({ mode: 'github-app', accessTokenTtlSeconds: 3600 });
    const google = await startGoogleEmulator();
    try {
      const core = await makeTestCore({
        ...discordEnv(discord),
        ...githubEnv(github),
        ...googleEnv(google),
        SIGNET_REDIS_URL: redis.url,
      });
      cores.push(core);
      const ids = [
        await signIn(core.service, 'discord'),
        await signIn(core.service, 'github'),
        await signIn(core.service, 'google'),
      ];
      const server = await dump(redis.inspector);
      expect(server.split('\n').length).toBeGreaterThanOrEqual(3);
      const secrets: string[] = [];
      for (const id of ids) {
        secrets.push((await core.service.getAccessToken(id)).accessToken, id);
        const credential = await core.secrets.getCredential(id);
        if (credential)
          secrets.push(credential.token, credential.identity!.providerUserId, credential.identity!.login);
        const account = await core.service.getAccount(id);
        if (account.email) secrets.push(account.email);
      }
      secrets.push(DISCORD_DEFAULT_USER.email!, DISCORD_DEFAULT_USER.username, DISCORD_DEFAULT_USER.id);
      for (const secret of secrets) expect(server).not.toContain(secret);
    } finally {
      await github.close();
      await google.close();
    }
  });
});

function flip(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
  return bytes.toString('base64');
}
