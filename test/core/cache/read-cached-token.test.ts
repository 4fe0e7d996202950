// The direct path's reader on a real signet.db: a cache hit is the token the core sealed, and
// each case a cache hit does not cover is handed to the full path with its reason.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  readCachedToken,
  type ReadCachedTokenOptions,
} from '../../../src/main/core/cache/read-cached-token.js';
import { SqliteAccessTokenCache } from '../../../src/main/core/cache/sqlite-access-token-cache.js';
import { Sealer } from '../../../src/main/core/crypto/sealer.js';
import { MemorySecretStore } from '../../../src/main/core/secrets/memory-secret-store.js';
import { AccountsRepository } from '../../../src/main/core/storage/accounts-repository.js';
import { openDatabase, type SignetDatabase } from '../../../src/main/core/storage/database.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('readCachedToken', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let db: SignetDatabase;
  let secrets: MemorySecretStore;
  let accountId: string;
  const read = (overrides: Partial<ReadCachedTokenOptions> = {}) =>
    readCachedToken({
      dataDir: temp.dir,
      env: {},
      selector: 'github',
      minValiditySeconds: 60,
      // keytar's getPassword, answered from the store the core sealed with.
      loadKeychain: async () =>
        ({ getPassword: async () => secrets.getDataKey() }) as unknown as typeof import('keytar'),
      ...overrides,
    });

  beforeEach(async () => {
    temp = makeTempDir();
    secrets = new MemorySecretStore();
    db = openDatabase(temp.dir);
    const { account } = new AccountsRepository(db).upsert({
      provider: 'github',
      issuer: 'https://github.com',
      providerUserId: '1',
      login: 'octocat',
      displayName: null,
      email: 'octo@example.com',
      avatar: null,
      scopes: ['read:user'],
    });
    accountId = account.id;
    await new SqliteAccessTokenCache(db, new Sealer(secrets, { settleMs: 0 })).set(
      { accountId, provider: 'github' },
      {
        accessToken: 'gho_cached',
        tokenType: 'bearer',
        scope: 'read:user',
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    );
  });
  afterEach(() => {
    db.$client.close();
    temp.cleanup();
  });

  it('reads the token the core sealed, by any selector the full path takes', async () => {
    await expect(read()).resolves.toEqual({ ok: true, token: 'gho_cached' });
    await expect(read({ selector: 'github:OCTO@example.com' })).resolves.toEqual({
      ok: true,
      token: 'gho_cached',
    });
    await expect(read({ selector: accountId })).resolves.toEqual({ ok: true, token: 'gho_cached' });
  });

  it('hands over an unknown account, a token expiring too soon, needs-reauth and a pending credential', async () => {
    await expect(read({ selector: 'google' })).resolves.toEqual({ ok: false, reason: 'no-account' });
    await expect(read({ minValiditySeconds: 7200 })).resolves.toEqual({ ok: false, reason: 'expiring' });
    db.$client
      .prepare('INSERT INTO pending_credentials (account_id, sealed_credential, created_at) VALUES (?, ?, ?)')
      .run(accountId, Buffer.from('sealed'), Date.now());
    await expect(read()).resolves.toEqual({ ok: false, reason: 'pending-credential' });
    db.$client.prepare("UPDATE accounts SET status = 'needs-reauth' WHERE id = ?").run(accountId);
    await expect(read()).resolves.toEqual({ ok: false, reason: 'needs-reauth' });
  });

  it('hands over a sync server, session-only mode and a config.json it cannot read', async () => {
    await expect(read({ env: { SIGNET_REDIS_URL: 'redis://127.0.0.1:9' } })).resolves.toEqual({
      ok: false,
      reason: 'sync-server',
    });
    await expect(read({ env: { SIGNET_SECRET_STORE: 'memory' } })).resolves.toEqual({
      ok: false,
      reason: 'session-only',
    });
    db.$client
      .prepare(
        "INSERT INTO settings (key, value, updated_at) VALUES ('sync-server-url', 'redis://127.0.0.1:9', 0)",
      )
      .run();
    await expect(read()).resolves.toEqual({ ok: false, reason: 'sync-server' });
    writeFileSync(path.join(temp.dir, 'config.json'), '{ not json');
    await expect(read()).resolves.toEqual({ ok: false, reason: 'config' });
    writeFileSync(
      path.join(temp.dir, 'config.json'),
      JSON.stringify({ syncServerUrl: 'redis://127.0.0.1:9' }),
    );
    await expect(read()).resolves.toEqual({ ok: false, reason: 'sync-server' });
  });

  it('hands over a database this version has not migrated, and one that is not there', async () => {
    db.$client
      .prepare(
        'DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)',
      )
      .run();
    await expect(read()).resolves.toEqual({ ok: false, reason: 'outdated-schema' });
    await expect(read({ dataDir: path.join(temp.dir, 'nothing') })).resolves.toEqual({
      ok: false,
      reason: 'no-database',
    });
  });

  it('hands over when the keychain has no data key, or one that does not open the row', async () => {
    const noKey = async () => ({ getPassword: async () => null }) as unknown as typeof import('keytar');
    await expect(read({ loadKeychain: noKey })).resolves.toEqual({ ok: false, reason: 'no-data-key' });
    const otherKey = async () =>
      ({
        getPassword: async () => Buffer.alloc(32, 7).toString('base64'),
      }) as unknown as typeof import('keytar');
    await expect(read({ loadKeychain: otherKey })).resolves.toEqual({ ok: false, reason: 'unsealable' });
  });
});
