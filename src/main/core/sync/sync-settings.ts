import type { SettingsView, SyncServerTestResult } from '../../../shared/domain.js';
import { SignetError } from '../../../shared/errors.js';
import {
  joinSyncPassword,
  parseSyncUrl,
  passwordMark,
  plaintextProblem,
  redactSyncUrl,
  splitSyncPassword,
  syncUrlWithoutUserinfo,
} from '../../../shared/sync-url.js';
import type { SignetConfig } from '../config/config.js';
import { probeRedis } from '../redis/probe-redis.js';
import type { RedisTransport } from '../redis/redis-connection.js';
import { redisTransportFrom } from '../redis/redis-transport.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { SettingsRepository } from '../storage/settings-repository.js';
import type { SyncServer } from './sync-server.js';

/** The keychain entry `sync-password`: the password, and the stored address it belongs to. */
interface SavedPassword {
  url: string;
  password: string;
}

/**
 * Which sync server is used: `SIGNET_REDIS_URL` when set (the settings page cannot change it),
 * else what the settings page saved (a server, or none), else `config.json`.
 *
 * A password set from the settings page never reaches `signet.db`: the row holds the address with
 * `***` in its place (exactly what the window shows) and the keychain entry `sync-password` holds
 * the password with the address it was given for, so it is never sent to another server. Rows
 * that older versions wrote with the password in them are moved over on first read.
 */
export class SyncSettings {
  constructor(
    private readonly config: SignetConfig,
    private readonly settings: SettingsRepository,
    private readonly sync: SyncServer,
    /** Where the password goes. Without it, an address with a password is refused, never stored. */
    private readonly secrets?: SecretStore,
  ) {}

  view(): SettingsView {
    const url = this.currentUrl();
    return {
      dataDir: this.config.dataDir,
      syncServerUrl: url ? redactSyncUrl(url) : null,
      syncServerFromEnvironment: this.config.redisUrlFromEnvironment,
      syncServerPlaintextAllowed: this.config.syncServerAllowPlaintext,
    };
  }

  /** The transport `createRedisClient` needs for the address in use: the CA, the plaintext opt-out. */
  transport(): RedisTransport {
    return redisTransportFrom(this.config);
  }

  async setServer(url: string | null): Promise<SettingsView> {
    if (this.config.redisUrlFromEnvironment) {
      throw new SignetError('invalid-input', 'The sync server is set by SIGNET_REDIS_URL; change it there.');
    }
    const value = url?.trim() ? url.trim() : null;
    if (value === null) {
      await this.sync.use(null);
      // Cleared is saved as '' (not deleted), so config.json's server does not come back unseen.
      this.settings.set('sync-server-url', '');
      await this.secrets?.deleteSecret('sync-password').catch(() => undefined);
      return this.view();
    }
    this.check(value, 'invalid-input');
    const split = splitSyncPassword(value);
    const stored = this.settings.get('sync-server-url');
    if (split.password === passwordMark) {
      // The window sends back the address as it showed it: keep the saved password, but only
      // for the server it was saved with.
      if (stored !== value) {
        throw new SignetError(
          'invalid-input',
          'Type the sync server password again: a saved password is kept only for the server it was saved with.',
        );
      }
      await this.sync.use(await this.connectionUrl());
      return this.view();
    }
    if (split.password !== null && !this.secrets) {
      throw new SignetError(
        'keychain-unavailable',
        'The sync server password needs the keychain, which is not available.',
      );
    }
    await this.sync.use(value);
    if (split.password !== null) {
      // Keychain first: if it fails, nothing is saved and the row never names a lost password.
      await this.secrets!.setSecret(
        'sync-password',
        JSON.stringify({ url: split.url, password: split.password }),
      );
    } else {
      await this.secrets?.deleteSecret('sync-password').catch(() => undefined);
    }
    this.settings.set('sync-server-url', split.url);
    return this.view();
  }

  /** This machine's pairing code; a sync server must be set, as the code is only good there. */
  async pairingCode(): Promise<string> {
    this.requireServer();
    return this.sync.pairingCode();
  }

  async join(code: string): Promise<string> {
    this.requireServer();
    return this.sync.join(code);
  }

  private requireServer(): void {
    if (!this.sync.configured) {
      throw new SignetError(
        'invalid-input',
        'No sync server is set: set SIGNET_REDIS_URL or choose one in Settings first.',
      );
    }
  }

  /**
   * "Test connection": a PING, answered in one line that never holds the password. The address
   * as the window shows it (`***` for the saved password) is tested with the saved password.
   */
  async test(url: string): Promise<SyncServerTestResult> {
    const value = url.trim();
    const parsed = parseSyncUrl(value);
    if (!parsed.ok) return { ok: false, detail: `The sync server address ${parsed.problem}.` };
    const refusal = plaintextProblem(parsed.url, this.config.syncServerAllowPlaintext);
    if (refusal) return { ok: false, detail: refusal };
    let target = value;
    if (parsed.url.password === passwordMark && value === this.currentUrl()) {
      target = (await this.connectionUrl()) ?? value;
    }
    return probeRedis(target, this.transport());
  }

  /**
   * The address in use, for display and decisions. A password saved from the settings page is
   * `***` here; `connectionUrl()` puts it back.
   */
  currentUrl(): string | null {
    if (this.config.redisUrlFromEnvironment) return this.config.redisUrl;
    const saved = this.settings.get('sync-server-url');
    if (saved === null) return this.config.redisUrl;
    return saved === '' ? null : saved;
  }

  /**
   * The address to connect with, its password read from the keychain; the one place a saved
   * password is put back. A row an older version wrote with the password in it is migrated here:
   * the password goes to the keychain, then the row is overwritten so no file keeps it.
   * Throws `config-invalid` for an address that may not be used (unreadable, or without TLS to
   * another machine) and `keychain-unavailable` when the saved password cannot be read.
   */
  async connectionUrl(): Promise<string | null> {
    const url = this.currentUrl();
    if (url === null) return null;
    const fromSettings =
      !this.config.redisUrlFromEnvironment && this.settings.get('sync-server-url') !== null;
    if (!fromSettings) return url; // loadConfig has checked it
    this.check(url, 'config-invalid');
    const split = splitSyncPassword(url);
    if (split.password === null) return url;
    if (split.password !== passwordMark) return this.migrate(url, split.url, split.password);
    const saved = await this.savedPassword();
    if (saved && saved.url === url) return joinSyncPassword(url, saved.password);
    // No password saved for this address (another keychain service, a cleared keychain): none is sent.
    return syncUrlWithoutUserinfo(url);
  }

  private async migrate(original: string, stored: string, password: string): Promise<string> {
    if (!this.secrets) return original;
    try {
      await this.secrets.setSecret('sync-password', JSON.stringify({ url: stored, password }));
    } catch {
      // The keychain is unavailable now: connect as before, and move it at the next read.
      return original;
    }
    this.settings.overwrite('sync-server-url', stored);
    return original;
  }

  private async savedPassword(): Promise<SavedPassword | null> {
    const raw = await this.secrets?.getSecret('sync-password');
    if (!raw) return null;
    try {
      const value = JSON.parse(raw) as Partial<SavedPassword>;
      return typeof value.url === 'string' && typeof value.password === 'string'
        ? { url: value.url, password: value.password }
        : null;
    } catch {
      return null;
    }
  }

  private check(url: string, code: 'invalid-input' | 'config-invalid'): void {
    const parsed = parseSyncUrl(url);
    if (!parsed.ok) throw new SignetError(code, `The sync server address ${parsed.problem}.`);
    const refusal = plaintextProblem(parsed.url, this.config.syncServerAllowPlaintext);
    if (refusal) throw new SignetError(code, refusal);
  }
}
