import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FailoverAccessTokenCache } from '../../../src/main/core/cache/failover-access-token-cache.js';
import { RedisAccessTokenCache } from '../../../src/main/core/cache/redis-access-token-cache.js';
import { boundVersion, legacyVersion, sealWithKey } from '../../../src/main/core/crypto/sealer.js';
import { MemorySecretStore } from '../../../src/main/core/secrets/memory-secret-store.js';
import {
  createRedisClient as createClient,
  waitForReady,
  type RedisClient,
} from '../../../src/main/core/redis/redis-connection.js';
import { startRedis, stopAndClean, type RedisProcess } from '../../helpers/redis-server.js';
import { makeTestStorage } from '../../helpers/storage.js';
import { accessTokenCacheContract } from './access-token-cache.contract.js';
import { testSyncContext } from '../../helpers/sync-names.js';

let redis: RedisProcess;

/** A client that is connected before the test uses it (the offline queue is off by design). */
async function createRedisClient(url: string): Promise<RedisClient> {
  const client = await createClient(url);
  if (!(await waitForReady(client, 3000))) throw new Error('redis did not become ready');
  return client;
}
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await stopAndClean(redis);
});

accessTokenCacheContract('SqliteAccessTokenCache', async () => {
  const storage = makeTestStorage();
  return { cache: storage.cache, accountIds: storage.accountIds, cleanup: async () => storage.close() };
});

accessTokenCacheContract('RedisAccessTokenCache', async () => {
  const client = await createRedisClient(redis.url);
  return {
    cache: new RedisAccessTokenCache(client, testSyncContext().context),
    accountIds: [randomUUID(), randomUUID()],
    cleanup: async () => void client.disconnect(),
  };
});

accessTokenCacheContract('FailoverAccessTokenCache', async () => {
  const storage = makeTestStorage();
  const client = await createRedisClient(redis.url);
  return {
    cache: new FailoverAccessTokenCache(
      client,
      new RedisAccessTokenCache(client, testSyncContext().context),
      storage.cache,
    ),
    accountIds: storage.accountIds,
    cleanup: async () => {
      client.disconnect();
      storage.close();
    },
  };
});

describe('SqliteAccessTokenCache at rest', () => {
  it('never writes an access token in clear: the raw database files do not contain it', async () => {
    const storage = makeTestStorage();
    try {
      const marker = `ya29.PLAINTEXT-MARKER-${randomUUID()}`;
      await storage.cache.set(
        { accountId: storage.accountIds[0], provider: 'google' },
        {
          accessToken: marker,
          tokenType: 'Bearer',
          scope: 'openid',
          expiresAt: new Date(Date.now() + 3_600_000),
        },
      );
      expect(
        (await storage.cache.get({ accountId: storage.accountIds[0], provider: 'google' }))?.accessToken,
      ).toBe(marker);
      storage.db.$client.pragma('wal_checkpoint(TRUNCATE)');
      const files = readdirSync(storage.dir).filter((name) => name.startsWith('signet.db'));
      expect(files).toContain('signet.db');
      for (const name of files) {
        const bytes = readFileSync(path.join(storage.dir, name));
        expect(bytes.includes(Buffer.from(marker))).toBe(false);
        expect(bytes.includes(Buffer.from('PLAINTEXT-MARKER'))).toBe(false);
      }
    } finally {
      storage.close();
    }
  });

  it('treats a blob moved to another account as a miss and drops it', async () => {
    const storage = makeTestStorage();
    try {
      const [a, b] = storage.accountIds;
      await storage.cache.set(
        { accountId: a, provider: 'github' },
        { accessToken: 'gho_a', tokenType: 'bearer', scope: null, expiresAt: null },
      );
      await storage.cache.set(
        { accountId: b, provider: 'github' },
        { accessToken: 'gho_b', tokenType: 'bearer', scope: null, expiresAt: null },
      );
      storage.db.$client
        .prepare(
          'UPDATE access_tokens SET sealed_token = (SELECT sealed_token FROM access_tokens WHERE account_id = ?) WHERE account_id = ?',
        )
        .run(a, b);
      expect(await storage.cache.get({ accountId: b, provider: 'github' })).toBeNull();
      expect(
        (
          storage.db.$client
            .prepare('SELECT count(*) AS n FROM access_tokens WHERE account_id = ?')
            .get(b) as { n: number }
        ).n,
      ).toBe(0);
    } finally {
      storage.close();
    }
  });
});

describe('SqliteAccessTokenCache associated data', () => {
  it.each([
    ['a later expiry', 'UPDATE access_tokens SET expires_at = expires_at + 86400000 WHERE account_id = ?'],
    ['another token type', "UPDATE access_tokens SET token_type = 'mac' WHERE account_id = ?"],
    ['another scope', "UPDATE access_tokens SET scope = 'repo admin:org' WHERE account_id = ?"],
  ])('treats a row edited to %s as a miss and drops it (regression: it opened)', async (_name, edit) => {
    const storage = makeTestStorage();
    try {
      const ref = { accountId: storage.accountIds[0], provider: 'github' };
      await storage.cache.set(ref, {
        accessToken: 'gho_edited',
        tokenType: 'bearer',
        scope: 'repo',
        expiresAt: new Date(Date.now() + 3_600_000),
      });
      expect((await storage.cache.get(ref))?.accessToken).toBe('gho_edited');
      storage.db.$client.prepare(edit).run(ref.accountId);
      expect(await storage.cache.get(ref)).toBeNull();
      expect(await storage.cache.expiries([ref])).toEqual(new Map());
    } finally {
      storage.close();
    }
  });

  it('still opens a version-1 blob, sealed before the binding, with the account id alone', async () => {
    const secrets = new MemorySecretStore();
    const storage = makeTestStorage(secrets);
    try {
      const ref = { accountId: storage.accountIds[0], provider: 'github' };
      await storage.cache.set(ref, {
        accessToken: 'gho_new',
        tokenType: 'bearer',
        scope: null,
        expiresAt: null,
      });
      const key = Buffer.from((await secrets.getDataKey())!, 'base64');
      const old = sealWithKey(key, 'gho_from_before', ref.accountId, legacyVersion);
      storage.db.$client
        .prepare('UPDATE access_tokens SET sealed_token = ? WHERE account_id = ?')
        .run(old, ref.accountId);
      expect((await storage.cache.get(ref))?.accessToken).toBe('gho_from_before');
      // A version-2 blob relabelled as version 1 does not open with the weaker binding.
      await storage.cache.set(ref, {
        accessToken: 'gho_v2',
        tokenType: 'bearer',
        scope: null,
        expiresAt: null,
      });
      const relabelled = Buffer.from(
        storage.db.$client
          .prepare('SELECT sealed_token FROM access_tokens WHERE account_id = ?')
          .pluck()
          .get(ref.accountId) as Buffer,
      );
      expect(relabelled[0]).toBe(boundVersion);
      relabelled[0] = legacyVersion;
      storage.db.$client
        .prepare('UPDATE access_tokens SET sealed_token = ? WHERE account_id = ?')
        .run(relabelled, ref.accountId);
      expect(await storage.cache.get(ref)).toBeNull();
    } finally {
      storage.close();
    }
  });
});

describe('RedisAccessTokenCache keys and entries', () => {
  it('uses the hash-tagged key and a TTL that ends before the token does', async () => {
    const client = await createRedisClient(redis.url);
    try {
      const accountId = randomUUID();
      const sync = testSyncContext();
      const cache = new RedisAccessTokenCache(client, sync.context);
      await cache.set(
        { accountId, provider: 'google' },
        {
          accessToken: 'ya29.t',
          tokenType: 'Bearer',
          scope: null,
          expiresAt: new Date(Date.now() + 120_000),
        },
      );
      const key = sync.tokenKey(accountId);
      // A keyed hash as the hash tag: no account id, login or subject for the server to read.
      expect(key).toMatch(/^signet:v2:\{[A-Za-z0-9_-]{22}\}:access_token$/);
      expect(key).not.toContain(accountId);
      expect(await client.get(key)).not.toContain('ya29.t');
      const ttl = await client.pttl(key);
      expect(ttl).toBeGreaterThan(80_000);
      expect(ttl).toBeLessThanOrEqual(90_000);
    } finally {
      client.disconnect();
    }
  });

  it('does not cache a token that would expire within the safety margin', async () => {
    const client = await createRedisClient(redis.url);
    try {
      const ref = { accountId: randomUUID(), provider: 'google' };
      const cache = new RedisAccessTokenCache(client, testSyncContext().context);
      await cache.set(ref, {
        accessToken: 'ya29.t',
        tokenType: 'Bearer',
        scope: null,
        expiresAt: new Date(Date.now() + 10_000),
      });
      expect(await cache.get(ref)).toBeNull();
    } finally {
      client.disconnect();
    }
  });

  it.each([
    ['not JSON', 'ya29.raw-token'],
    ['the wrong shape', JSON.stringify({ token: 'x' })],
    [
      'a wrong version',
      JSON.stringify({ v: 2, accessToken: 'a', tokenType: 'b', scope: null, expiresAt: null }),
    ],
    [
      'a negative expiry',
      JSON.stringify({ v: 1, accessToken: 'a', tokenType: 'b', scope: null, expiresAt: -5 }),
    ],
  ])('treats an entry that is %s as a miss', async (_name, raw) => {
    const client = await createRedisClient(redis.url);
    try {
      const ref = { accountId: randomUUID(), provider: 'github' };
      const sync = testSyncContext();
      await client.set(sync.tokenKey(ref.accountId), raw);
      expect(await new RedisAccessTokenCache(client, sync.context).get(ref)).toBeNull();
    } finally {
      client.disconnect();
    }
  });
});
