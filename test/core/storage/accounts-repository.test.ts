import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AccountsRepository,
  type Account,
  type AccountProfile,
} from '../../../src/main/core/storage/accounts-repository.js';
import { openDatabase, type SignetDatabase } from '../../../src/main/core/storage/database.js';
import { accounts as accountsTable } from '../../../src/main/core/storage/schema.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const mona: AccountProfile = {
  provider: 'github',
  issuer: 'https://github.com',
  providerUserId: '583231',
  login: 'mona',
  displayName: 'Mona Lisa',
  email: 'mona@github.test',
  avatar: 'data:image/png;base64,AAAA',
  scopes: ['read:user', 'user:email'],
};

/** What drizzle reads for the row, mapped the way the repository maps its own reads. */
function throughDrizzle(db: SignetDatabase, id: string): Account {
  const row = db.select().from(accountsTable).where(eq(accountsTable.id, id)).get()!;
  return {
    ...row,
    scopes: row.scopes ? row.scopes.split(' ') : [],
    scopesRemoved: row.scopesRemoved ? row.scopesRemoved.split(' ') : [],
  };
}

describe('AccountsRepository reads and prepared writes', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let db: SignetDatabase;
  let clock: Date;
  let accounts: AccountsRepository;
  beforeEach(() => {
    temp = makeTempDir();
    db = openDatabase(temp.dir);
    clock = new Date('2026-11-26T10:00:00.123Z');
    accounts = new AccountsRepository(db, () => clock);
  });
  afterEach(() => {
    db.$client.close();
    temp.cleanup();
  });

  it('maps every column of the raw rows it lists and gets exactly as the schema does', () => {
    const { account } = accounts.upsert(mona);
    accounts.upsert({ ...mona, providerUserId: '2', login: 'hubot', email: null, avatar: null, scopes: [] });
    for (const listed of accounts.list()) {
      expect(listed).toEqual(throughDrizzle(db, listed.id));
      expect(accounts.get(listed.id)).toEqual(listed);
    }
    expect(accounts.get(account.id)).toEqual({
      ...mona,
      id: account.id,
      status: 'active',
      lastErrorCode: null,
      createdAt: clock,
      updatedAt: clock,
      lastRefreshedAt: clock,
      scopesRemoved: [],
      scopesChangedAt: null,
    });
  });

  it('writes the granted scopes, what was lost and when, through setScopes', () => {
    const { account } = accounts.upsert(mona);
    clock = new Date('2026-11-26T12:00:00.789Z');
    const changed = accounts.setScopes(account.id, {
      scopes: ['read:user'],
      scopesRemoved: ['user:email'],
      scopesChangedAt: clock,
    });
    expect(changed).toMatchObject({
      scopes: ['read:user'],
      scopesRemoved: ['user:email'],
      scopesChangedAt: clock,
    });
    expect(throughDrizzle(db, account.id)).toEqual(changed);
  });

  it('keeps instants to the millisecond through the prepared status and refresh updates', () => {
    const { account } = accounts.upsert(mona);
    clock = new Date('2026-11-26T11:00:00.456Z');
    expect(accounts.setStatus(account.id, 'offline', 'network')).toMatchObject({
      status: 'offline',
      lastErrorCode: 'network',
      updatedAt: clock,
    });
    const refreshedAt = new Date('2026-11-26T12:00:00.789Z');
    accounts.markRefreshed(account.id, refreshedAt);
    expect(accounts.get(account.id)).toMatchObject({
      status: 'active',
      lastErrorCode: null,
      updatedAt: refreshedAt,
      lastRefreshedAt: refreshedAt,
      createdAt: new Date('2026-11-26T10:00:00.123Z'),
    });
    expect(accounts.get(account.id)).toEqual(throughDrizzle(db, account.id));
  });

  it('keeps the cached avatar when signing in again brings none, and lists in provider then age order', () => {
    const first = accounts.upsert(mona).account;
    clock = new Date('2026-11-26T13:00:00Z');
    const again = accounts.upsert({ ...mona, avatar: null, login: 'mona2' });
    expect(again).toMatchObject({
      created: false,
      account: { id: first.id, avatar: mona.avatar, login: 'mona2' },
    });
    accounts.upsert({ ...mona, provider: 'discord', providerUserId: '9' });
    expect(accounts.list().map((account) => account.provider)).toEqual(['discord', 'github']);
  });
});
