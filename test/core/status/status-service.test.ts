import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startGithubEmulator, type GithubEmulator } from '../../../emulators/index.js';
import type { AccountRef } from '../../../src/main/core/cache/access-token-cache.js';
import { MemorySecretStore } from '../../../src/main/core/secrets/memory-secret-store.js';
import type { KeychainAvailability } from '../../../src/main/core/secrets/secret-store.js';
import { StatusService } from '../../../src/main/core/status/status-service.js';
import type { StatusView } from '../../../src/shared/domain.js';
import { addAccount, makeCoreParts, type CoreParts } from '../../helpers/core-parts.js';
import { startRedis, stopAndClean, type RedisProcess } from '../../helpers/redis-server.js';
import { githubEnv } from '../../helpers/test-core.js';

/** A keychain whose answer the test sets, counting how often it is asked. */
class CountingSecretStore extends MemorySecretStore {
  asked = 0;
  answer: KeychainAvailability = { available: true, detail: 'Unlocked' };

  override async availability(): Promise<KeychainAvailability> {
    this.asked += 1;
    return this.answer;
  }
}

/** Lets the service's asynchronous emissions (each awaits `status()`) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('StatusService', () => {
  let github: GithubEmulator;
  let secrets: CountingSecretStore;
  let parts: CoreParts;
  let status: StatusService;
  let emitted: StatusView[];
  let ref: AccountRef;

  beforeEach(async () => {
    github = await startGithubEmulator({ mode: 'github-app' });
    secrets = new CountingSecretStore();
    parts = makeCoreParts({ env: githubEnv(github), secrets });
    status = new StatusService({ dataDir: parts.dir, secrets, sync: parts.sync, tokens: parts.tokens });
    emitted = [];
    status.on('status-changed', (view) => emitted.push(view));
    const account = addAccount(parts, 1);
    ref = { accountId: account.id, provider: 'github' };
  });
  afterEach(async () => {
    vi.useRealTimers();
    await parts.close();
    await github.close();
  });

  /** A refresh that ends as the test arranged; `force` so backoff from the last failure never interferes. */
  const refresh = () => parts.tokens.refresh(ref, { force: true }).catch(() => undefined);

  describe('the keychain check', () => {
    it('asks the keychain once per 30 seconds for status, and again after that', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      await status.status();
      await status.status();
      expect(secrets.asked).toBe(1);
      // The keychain locks: status keeps the kept answer until it is 30 s old.
      secrets.answer = { available: false, detail: 'The keychain is locked' };
      vi.advanceTimersByTime(29_999);
      expect((await status.status()).keychain).toEqual({ available: true, detail: 'Unlocked' });
      expect(secrets.asked).toBe(1);
      vi.advanceTimersByTime(1);
      expect((await status.status()).keychain).toEqual({
        available: false,
        detail: 'The keychain is locked',
      });
      expect(secrets.asked).toBe(2);
    });

    it('honours the caller’s maxAgeMs', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      await status.keychainAvailability();
      vi.advanceTimersByTime(500);
      await status.keychainAvailability(1000);
      expect(secrets.asked).toBe(1);
      await status.keychainAvailability(500);
      expect(secrets.asked).toBe(2);
      await status.keychainAvailability(0);
      expect(secrets.asked).toBe(3);
    });

    it('requireKeychain asks now, and throws keychain-unavailable with the keychain’s own words', async () => {
      await status.status();
      secrets.answer = { available: false, detail: 'No Secret Service is running' };
      await expect(status.requireKeychain()).rejects.toMatchObject({
        code: 'keychain-unavailable',
        message: 'No Secret Service is running',
      });
      expect(secrets.asked).toBe(2);
      secrets.answer = { available: true, detail: 'Unlocked' };
      await expect(status.requireKeychain()).resolves.toBeUndefined();
      // What requireKeychain learnt is what status shows next.
      expect((await status.status()).keychain.available).toBe(true);
      expect(secrets.asked).toBe(3);
    });
  });

  describe('online', () => {
    it('goes offline when a refresh cannot reach the provider, and online when one succeeds', async () => {
      await secrets.setCredential(ref.accountId, { kind: 'refresh_token', token: 'ghr_unknown' });
      expect((await status.status()).online).toBe(true);
      github.pushFault('token', { kind: 'reset' });
      await refresh();
      await settle();
      expect(emitted.map((view) => view.online)).toEqual([false]);
      expect((await status.status()).online).toBe(false);

      // The provider answers (refusing the grant): not a network failure, so nothing changes.
      await secrets.setCredential(ref.accountId, { kind: 'refresh_token', token: 'ghr_unknown' });
      await refresh();
      github.pushFault('token', { kind: 'status', status: 503 });
      await secrets.setCredential(ref.accountId, { kind: 'refresh_token', token: 'ghr_unknown' });
      await refresh();
      await settle();
      expect(emitted).toHaveLength(1);

      // A token that never expires needs no request: a success all the same.
      await secrets.setCredential(ref.accountId, { kind: 'access_token', token: 'gho_forever' });
      await refresh();
      await settle();
      expect(emitted.map((view) => view.online)).toEqual([false, true]);
    });

    it('emits once per real change', async () => {
      status.setOnline(true);
      await settle();
      expect(emitted).toEqual([]);
      status.setOnline(false);
      status.setOnline(false);
      await settle();
      status.setOnline(true);
      status.setOnline(true);
      await settle();
      expect(emitted.map((view) => view.online)).toEqual([false, true]);
    });
  });

  describe('the sync server', () => {
    let redis: RedisProcess | undefined;
    afterEach(async () => {
      if (redis) await stopAndClean(redis);
      redis = undefined;
    });

    it('emits when a server is set, when it connects, and when it is removed', async () => {
      redis = await startRedis();
      await parts.sync.use(redis.url);
      await vi.waitFor(
        () => expect(emitted.at(-1)?.syncServer).toMatchObject({ configured: true, connected: true }),
        { timeout: 5000 },
      );
      expect(emitted[0]).toMatchObject({ syncServer: { configured: true } });
      expect(emitted.at(-1)).toMatchObject({ cache: 'redis', dataDir: parts.dir, online: true });
      const before = emitted.length;
      await parts.sync.use(null);
      await settle();
      expect(emitted.length).toBe(before + 1);
      expect(emitted.at(-1)).toMatchObject({
        cache: 'sqlite',
        syncServer: { configured: false, connected: false },
      });
    });
  });
});
