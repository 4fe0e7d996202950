// The sync server's key names for tests that look at (or tamper with) what is stored there.
import { redisKeys } from '../../src/main/core/cache/redis-keys.js';
import type { SyncAccount, SyncContext } from '../../src/main/core/cache/sync-context.js';
import { SyncKey } from '../../src/main/core/crypto/sync-key.js';
import type { SecretStore } from '../../src/main/core/secrets/secret-store.js';
import { AccountsRepository } from '../../src/main/core/storage/accounts-repository.js';
import { openDatabase } from '../../src/main/core/storage/database.js';

/** A sync context for caches built by hand: one key, every account id its own subject. */
export function testSyncContext(key: SyncKey = SyncKey.generate()) {
  const identityOf = (accountId: string): SyncAccount => ({
    provider: 'test',
    issuer: 'https://issuer.test',
    subject: accountId,
    scopes: [],
  });
  const context: SyncContext = { key: async () => key, identityOf };
  return {
    context,
    key,
    tokenKey: (accountId: string) => redisKeys.accessToken(key.accountTag(identityOf(accountId))),
    lockKey: (accountId: string) => redisKeys.refreshLock(key.accountTag(identityOf(accountId))),
  };
}

/** The key names a core on `dataDir` uses for `accountId`, under the sync key in `secrets`. */
export async function serverKeyNames(secrets: SecretStore, dataDir: string, accountId: string) {
  const stored = await secrets.getSecret('sync-key');
  if (stored === null) throw new Error('no sync key: the core has not used a sync server yet');
  const key = new SyncKey(Buffer.from(stored, 'base64'));
  const db = openDatabase(dataDir);
  try {
    const account = new AccountsRepository(db).get(accountId);
    if (!account) throw new Error(`no account ${accountId} in ${dataDir}`);
    const tag = key.accountTag({
      provider: account.provider,
      issuer: account.issuer,
      subject: account.providerUserId,
    });
    return { tokenKey: redisKeys.accessToken(tag), lockKey: redisKeys.refreshLock(tag) };
  } finally {
    db.$client.close();
  }
}
