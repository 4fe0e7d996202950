import { SqliteAccessTokenCache } from '../../src/main/core/cache/sqlite-access-token-cache.js';
import { Sealer } from '../../src/main/core/crypto/sealer.js';
import { MemorySecretStore } from '../../src/main/core/secrets/memory-secret-store.js';
import type { SecretStore } from '../../src/main/core/secrets/secret-store.js';
import { AccountsRepository } from '../../src/main/core/storage/accounts-repository.js';
import { openDatabase, type SignetDatabase } from '../../src/main/core/storage/database.js';
import { makeTempDir } from './temp-dir.js';

export interface TestStorage {
  dir: string;
  db: SignetDatabase;
  secrets: SecretStore;
  cache: SqliteAccessTokenCache;
  accountIds: [string, string];
  close(): void;
}

/** A real SQLite file in a temp folder with the real migrations, two accounts, and a sealing cache. */
export function makeTestStorage(secrets: SecretStore = new MemorySecretStore()): TestStorage {
  const temp = makeTempDir();
  const db = openDatabase(temp.dir);
  const accounts = new AccountsRepository(db);
  const ids = ['1', '2'].map(
    (n) =>
      accounts.upsert({
        provider: 'github',
        issuer: 'https://github.com',
        providerUserId: n,
        login: `user${n}`,
        displayName: null,
        email: null,
        avatar: null,
        scopes: [],
      }).account.id,
  ) as [string, string];
  return {
    dir: temp.dir,
    db,
    secrets,
    cache: new SqliteAccessTokenCache(db, new Sealer(secrets)),
    accountIds: ids,
    close() {
      db.$client.close();
      temp.cleanup();
    },
  };
}
