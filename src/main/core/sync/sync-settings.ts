import type { SettingsView, SyncServerTestResult } from '../../../shared/domain.js';
import { SignetError } from '../../../shared/errors.js';
import { isSyncServerUrl } from '../../../shared/sync-url.js';
import type { SignetConfig } from '../config/config.js';
import { redactRedisUrl } from '../redis/redis-connection.js';
import type { SettingsRepository } from '../storage/settings-repository.js';
import { testSyncServer, type SyncServer } from './sync-server.js';

/**
 * Which sync server is used: `SIGNET_REDIS_URL` when set (the settings page cannot change it),
 * else what the settings page saved (a server, or none), else `config.json`.
 */
export class SyncSettings {
  constructor(
    private readonly config: SignetConfig,
    private readonly settings: SettingsRepository,
    private readonly sync: SyncServer,
  ) {}

  view(): SettingsView {
    const url = this.currentUrl();
    return {
      dataDir: this.config.dataDir,
      syncServerUrl: url ? redactRedisUrl(url) : null,
      syncServerFromEnvironment: this.config.redisUrlFromEnvironment,
    };
  }

  async setServer(url: string | null): Promise<SettingsView> {
    if (this.config.redisUrlFromEnvironment) {
      throw new SignetError('invalid-input', 'The sync server is set by SIGNET_REDIS_URL; change it there.');
    }
    const value = url?.trim() ? url.trim() : null;
    if (value !== null && !isSyncServerUrl(value)) {
      throw new SignetError('invalid-input', 'A sync server address starts with redis:// or rediss://.');
    }
    await this.sync.use(value);
    // Cleared is saved as '' (not deleted), so config.json's server does not come back unseen.
    this.settings.set('sync-server-url', value ?? '');
    return this.view();
  }

  test(url: string): Promise<SyncServerTestResult> {
    return testSyncServer(url);
  }

  currentUrl(): string | null {
    if (this.config.redisUrlFromEnvironment) return this.config.redisUrl;
    const saved = this.settings.get('sync-server-url');
    if (saved === null) return this.config.redisUrl;
    return saved === '' ? null : saved;
  }
}
