import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  configFileName,
  loadConfig,
  type Env,
  type SignetConfig,
} from '../../../src/main/core/config/config.js';
import { SettingsRepository } from '../../../src/main/core/storage/settings-repository.js';
import { SyncSettings } from '../../../src/main/core/sync/sync-settings.js';
import { makeCoreParts, type CoreParts } from '../../helpers/core-parts.js';
import { freePort } from '../../helpers/redis-server.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('SyncSettings', () => {
  let parts: CoreParts;
  let configDir: ReturnType<typeof makeTempDir>;
  let saved: SettingsRepository;
  /** A well-formed address where nothing listens: using it never reaches a server. */
  let nowhere: string;

  beforeEach(async () => {
    parts = makeCoreParts();
    configDir = makeTempDir();
    saved = new SettingsRepository(parts.db);
    nowhere = `redis://127.0.0.1:${await freePort()}`;
  });
  afterEach(async () => {
    await parts.close();
    configDir.cleanup();
  });

  /** Settings over this test's database and sync server, with `config.json` and `env` as given. */
  function settingsWith(
    file: Record<string, unknown> = {},
    env: Env = {},
  ): { config: SignetConfig; sync: SyncSettings } {
    writeFileSync(path.join(configDir.dir, configFileName), JSON.stringify(file));
    const config = loadConfig(configDir.dir, env);
    return { config, sync: new SyncSettings(config, saved, parts.sync, parts.secrets) };
  }

  it('uses SIGNET_REDIS_URL over everything, and refuses to change it', async () => {
    const { sync } = settingsWith(
      { syncServerUrl: 'rediss://file.example.test:6379' },
      { SIGNET_REDIS_URL: 'rediss://env.example.test:6379' },
    );
    saved.set('sync-server-url', 'rediss://saved.example.test:6379');
    expect(sync.currentUrl()).toBe('rediss://env.example.test:6379');
    expect(sync.view()).toMatchObject({
      syncServerUrl: 'rediss://env.example.test:6379',
      syncServerFromEnvironment: true,
    });
    for (const attempt of [nowhere, null, '']) {
      await expect(sync.setServer(attempt)).rejects.toMatchObject({ code: 'invalid-input' });
    }
    expect(saved.get('sync-server-url')).toBe('rediss://saved.example.test:6379');
    expect(parts.sync.configured).toBe(false);
  });

  it('uses what the settings page saved over config.json, and config.json when nothing was saved', () => {
    const { sync } = settingsWith({ syncServerUrl: 'rediss://file.example.test:6379' });
    expect(sync.currentUrl()).toBe('rediss://file.example.test:6379');
    expect(sync.view().syncServerFromEnvironment).toBe(false);
    saved.set('sync-server-url', 'rediss://saved.example.test:6379');
    expect(sync.currentUrl()).toBe('rediss://saved.example.test:6379');
    expect(sync.view().syncServerUrl).toBe('rediss://saved.example.test:6379');
  });

  it('saves a server, trimmed, starts using it, and the next start finds it', async () => {
    const { config, sync } = settingsWith();
    const view = await sync.setServer(`  ${nowhere}  `);
    expect(view).toEqual({
      dataDir: configDir.dir,
      syncServerUrl: nowhere,
      syncServerFromEnvironment: false,
      syncServerPlaintextAllowed: false,
    });
    expect(saved.get('sync-server-url')).toBe(nowhere);
    expect(parts.sync.configured).toBe(true);
    expect(new SyncSettings(config, saved, parts.sync).currentUrl()).toBe(nowhere);
  });

  it.each([
    'http://127.0.0.1:6379',
    'redis:/127.0.0.1:6379',
    'redis://',
    'redis://a host:6379',
    '127.0.0.1:6379',
  ])('refuses %s with invalid-input, saving and using nothing', async (url) => {
    const { sync } = settingsWith();
    await expect(sync.setServer(url)).rejects.toMatchObject({ code: 'invalid-input' });
    expect(saved.get('sync-server-url')).toBeNull();
    expect(parts.sync.configured).toBe(false);
  });

  it('accepts every form configuration accepts', async () => {
    const { sync } = settingsWith();
    for (const url of ['redis-cluster://127.0.0.1:1,127.0.0.1:2', 'redis-sentinel://127.0.0.1:1/mymaster']) {
      await expect(sync.setServer(url)).resolves.toMatchObject({ syncServerUrl: url });
    }
  });

  it('shows a password as ***, wherever the URL came from', async () => {
    const withPassword = 'rediss://signet:hunter2-secret@redis.example.test:6380';
    expect(settingsWith({ syncServerUrl: withPassword }).sync.view().syncServerUrl).toBe(
      'rediss://signet:***@redis.example.test:6380',
    );
    expect(settingsWith({}, { SIGNET_REDIS_URL: withPassword }).sync.view().syncServerUrl).toBe(
      'rediss://signet:***@redis.example.test:6380',
    );
    // A lone user part is how a token-only server is written: it is the secret.
    saved.set('sync-server-url', 'redis://hunter2-secret@127.0.0.1:1');
    expect(settingsWith().sync.view().syncServerUrl).toBe('redis://***@127.0.0.1:1');
    const { sync } = settingsWith();
    const answer = await sync.setServer('redis://:hunter2-secret@127.0.0.1:1');
    expect(answer.syncServerUrl).toBe('redis://:***@127.0.0.1:1');
    expect(JSON.stringify(answer)).not.toContain('hunter2');
  });

  it('clearing the server leaves the view, the server in use and the next start in agreement', async () => {
    // config.json names a server; the app started with it, as createCore does.
    const { config, sync } = settingsWith({ syncServerUrl: nowhere });
    await parts.sync.use(sync.currentUrl());
    expect(parts.sync.configured).toBe(true);

    const view = await sync.setServer(null);

    const inUse = parts.sync.configured;
    const nextStart = new SyncSettings(config, saved, parts.sync).currentUrl();
    expect({ shown: view.syncServerUrl !== null, nextStart: nextStart !== null }).toEqual({
      shown: inUse,
      nextStart: inUse,
    });
  });
});
