import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configFileName, loadConfig, type Env } from '../../../src/main/core/config/config.js';
import { MemorySecretStore } from '../../../src/main/core/secrets/memory-secret-store.js';
import { SettingsRepository } from '../../../src/main/core/storage/settings-repository.js';
import { SyncSettings } from '../../../src/main/core/sync/sync-settings.js';
import { parseSyncUrl, plaintextRefusal } from '../../../src/shared/sync-url.js';
import { makeCoreParts, type CoreParts } from '../../helpers/core-parts.js';
import { startRedis, stopAndClean, type RedisProcess } from '../../helpers/redis-server.js';
import { makeTestCertificates, type TestCertificates } from '../../helpers/redis-tls.js';
import { leakedParts, passwordShapes } from '../redis/password-shapes.js';

/** Every byte of every file in the data directory (signet.db, its WAL and shared memory, config.json). */
function dataDirText(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(path.join(entry.parentPath, entry.name)).toString('latin1'))
    .join('\n');
}

function passwordOf(url: string | null): string | undefined {
  const parsed = url ? parseSyncUrl(url) : null;
  return parsed?.ok ? parsed.url.password : undefined;
}

describe('sync server transport settings', () => {
  let parts: CoreParts;
  let saved: SettingsRepository;

  beforeEach(() => {
    parts = makeCoreParts();
    saved = new SettingsRepository(parts.db);
  });
  afterEach(async () => {
    await parts.close();
  });

  /** Settings over this test's database, with `config.json` written into its data directory. */
  function settingsWith(file: Record<string, unknown> = {}, env: Env = {}, secrets = parts.secrets) {
    writeFileSync(path.join(parts.dir, configFileName), JSON.stringify(file));
    const config = loadConfig(parts.dir, env);
    return { config, sync: new SyncSettings(config, saved, parts.sync, secrets) };
  }

  describe('plaintext to another machine', () => {
    it.each([
      ['SIGNET_REDIS_URL', {}, { SIGNET_REDIS_URL: 'redis://redis.example.test:6379' }],
      ['syncServerUrl', { syncServerUrl: 'redis-cluster://10.0.0.1:7000,127.0.0.1:7001' }, {}],
      ['syncServerUrl', { syncServerUrl: 'redis-sentinel://[2001:db8::1]:26379/m' }, {}],
    ])('is refused at start from %s, in one line naming the fix', (key, file, env) => {
      writeFileSync(path.join(parts.dir, configFileName), JSON.stringify(file));
      let error: unknown;
      try {
        loadConfig(parts.dir, env as Env);
      } catch (caught) {
        error = caught;
      }
      expect(error).toMatchObject({
        code: 'config-invalid',
        message: `Configuration ${key}: ${plaintextRefusal}`,
      });
    });

    it('is refused by the settings page with the same line, saving and using nothing', async () => {
      const { sync } = settingsWith();
      await expect(sync.setServer('redis://:pw@redis.example.test:6379')).rejects.toMatchObject({
        code: 'invalid-input',
        message: plaintextRefusal,
      });
      expect(saved.get('sync-server-url')).toBeNull();
      expect(await parts.secrets.getSecret('sync-password')).toBeNull();
      expect(parts.sync.configured).toBe(false);
      expect(await sync.test('redis://redis.example.test:6379')).toEqual({
        ok: false,
        detail: plaintextRefusal,
      });
    });

    it('is allowed once config.json opts out, and the view says so', async () => {
      const { config, sync } = settingsWith(
        { syncServerAllowPlaintext: true },
        { SIGNET_REDIS_URL: 'redis://redis.example.test:6379' },
      );
      expect(config.redisUrl).toBe('redis://redis.example.test:6379');
      expect(sync.view().syncServerPlaintextAllowed).toBe(true);
      expect(settingsWith().sync.view().syncServerPlaintextAllowed).toBe(false);
    });

    it('leaves loopback and TLS alone', async () => {
      const { sync } = settingsWith();
      for (const url of ['redis://127.0.0.1:1', 'redis://[::1]:1', 'rediss://redis.example.test:1']) {
        await expect(sync.setServer(url)).resolves.toMatchObject({ syncServerUrl: url });
      }
    });
  });

  describe('the CA setting', () => {
    let certs: TestCertificates;
    beforeAll(() => {
      certs = makeTestCertificates();
    });
    afterAll(() => certs?.cleanup());

    it('takes a PEM file from SIGNET_REDIS_CA over config.json, relative to the data directory', () => {
      const { config, sync } = settingsWith(
        { syncServerCa: 'nowhere.pem' },
        { SIGNET_REDIS_CA: certs.caFile },
      );
      expect(config.syncServerCa).toBe(certs.caFile);
      expect(sync.transport()).toEqual({ ca: certs.ca, allowPlaintext: false });
      writeFileSync(path.join(parts.dir, 'ca.pem'), certs.ca);
      expect(settingsWith({ syncServerCa: 'ca.pem' }).config.syncServerCa).toBe(
        path.join(parts.dir, 'ca.pem'),
      );
    });

    it.each([
      ['SIGNET_REDIS_CA', {}, { SIGNET_REDIS_CA: '/nonexistent/ca.pem' }, /readable PEM file/],
      ['syncServerCa', { syncServerCa: configFileName }, {}, /PEM file holding a CA certificate/],
    ])('refuses a bad %s at start, naming it', (key, file, env, why) => {
      expect(() => settingsWith(file, env as Env)).toThrow(
        expect.objectContaining({ code: 'config-invalid' }),
      );
      try {
        settingsWith(file, env as Env);
      } catch (error) {
        expect((error as Error).message).toContain(`Configuration ${key} `);
        expect((error as Error).message).toMatch(why);
      }
    });
  });

  describe('the password lives in the keychain, not in signet.db', () => {
    let redis: RedisProcess;
    const password = 'juliet6Q@kilo7Q/lima8Q:mike9Q%zzNov0Q';
    beforeAll(async () => {
      redis = await startRedis(['--requirepass', password]);
    });
    afterAll(async () => {
      if (redis) await stopAndClean(redis);
    });
    // requirepass is the default user's password: no user name.
    const url = () => `redis://:${password}@127.0.0.1:${redis.port}`;
    const shown = () => `redis://:***@127.0.0.1:${redis.port}`;

    it.each(passwordShapes)(
      'a password with %s set in Settings is stored as *** and put back to connect',
      async (_, shape) => {
        const { config, sync } = settingsWith();
        const view = await sync.setServer(`rediss://signet:${shape}@127.0.0.1:6380`);
        expect(view.syncServerUrl).toBe('rediss://signet:***@127.0.0.1:6380');
        expect(saved.get('sync-server-url')).toBe('rediss://signet:***@127.0.0.1:6380');
        const next = new SyncSettings(config, saved, parts.sync, parts.secrets);
        expect(passwordOf(await next.connectionUrl())).toBe(shape);
        expect(leakedParts(dataDirText(parts.dir), shape)).toEqual([]);
      },
    );

    it('connects with it, tests with it from the shown address, and the next start finds it', async () => {
      const { config, sync } = settingsWith();
      await sync.setServer(url());
      expect(await parts.sync.ready(3000)).toBe(true);
      expect(await sync.test(shown())).toEqual({ ok: true, detail: 'Connected' });
      const next = new SyncSettings(config, saved, parts.sync, parts.secrets);
      expect(next.currentUrl()).toBe(shown());
      expect(await next.connectionUrl()).toBe(
        `redis://:${encodeURIComponent(password)}@127.0.0.1:${redis.port}`,
      );
      // Saving the shown address again keeps the password; nothing of it reached the files.
      await expect(next.setServer(shown())).resolves.toMatchObject({ syncServerUrl: shown() });
      expect(passwordOf(await next.connectionUrl())).toBe(password);
      expect(leakedParts(dataDirText(parts.dir), password)).toEqual([]);
    });

    it('never sends a saved password to another server', async () => {
      const { sync } = settingsWith();
      await sync.setServer(url());
      await expect(sync.setServer('redis://:***@127.0.0.2:6379')).rejects.toMatchObject({
        code: 'invalid-input',
        message: expect.stringMatching(/Type the sync server password again/),
      });
      // A keychain entry for another address (another data directory on this keychain service) is not used.
      saved.set('sync-server-url', 'redis://signet:***@127.0.0.3:6379');
      expect(await sync.connectionUrl()).toBe('redis://127.0.0.3:6379');
    });

    it('moves a password an older version saved in signet.db to the keychain, and no file keeps it', async () => {
      // As versions before this one wrote it: the whole URL, password and all, in the row.
      saved.set('sync-server-url', url());
      parts.db.$client.pragma('wal_checkpoint(PASSIVE)');
      expect(leakedParts(dataDirText(parts.dir), password)).not.toEqual([]);

      const { sync } = settingsWith();
      expect(sync.view().syncServerUrl).toBe(shown());
      expect(passwordOf(await sync.connectionUrl())).toBe(password);
      expect(saved.get('sync-server-url')).toBe(shown());
      expect(JSON.parse((await parts.secrets.getSecret('sync-password'))!)).toEqual({
        url: shown(),
        password,
      });
      expect(leakedParts(dataDirText(parts.dir), password)).toEqual([]);
      expect(passwordOf(await sync.connectionUrl())).toBe(password);
    });

    it('leaves an old row as it is while the keychain is unavailable, and still connects', async () => {
      saved.set('sync-server-url', url());
      const locked = new (class extends MemorySecretStore {
        override async setSecret(): Promise<void> {
          throw new Error('locked');
        }
      })();
      const { sync } = settingsWith({}, {}, locked);
      expect(await sync.connectionUrl()).toBe(url());
      expect(saved.get('sync-server-url')).toBe(url());
    });

    it('clearing the server forgets the password too', async () => {
      const { sync } = settingsWith();
      await sync.setServer(url());
      await sync.setServer(null);
      expect(await parts.secrets.getSecret('sync-password')).toBeNull();
      await sync.setServer(`redis://127.0.0.1:${redis.port}`);
      expect(await parts.secrets.getSecret('sync-password')).toBeNull();
    });

    it('refuses a password when there is no keychain to keep it in, saving nothing', async () => {
      writeFileSync(path.join(parts.dir, configFileName), '{}');
      const sync = new SyncSettings(loadConfig(parts.dir, {}), saved, parts.sync);
      await expect(sync.setServer(url())).rejects.toMatchObject({ code: 'keychain-unavailable' });
      expect(saved.get('sync-server-url')).toBeNull();
    });
  });
});
