import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AccountsRepository,
  type AccountProfile,
} from '../../../src/main/core/storage/accounts-repository.js';
import { AuthEventsRepository } from '../../../src/main/core/storage/auth-events-repository.js';
import { openDatabase, type SignetDatabase } from '../../../src/main/core/storage/database.js';
import { SettingsRepository } from '../../../src/main/core/storage/settings-repository.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const octocat: AccountProfile = {
  provider: 'github',
  issuer: 'https://github.com',
  providerUserId: '583231',
  login: 'octocat',
  displayName: 'The Octocat',
  email: 'octocat@github.test',
  avatar: null,
  scopes: ['read:user', 'user:email'],
};

// Every test gets a fresh database file in a folder of its own; a test may close and reopen `db`.
let temp: ReturnType<typeof makeTempDir>;
let db: SignetDatabase;
beforeEach(() => {
  temp = makeTempDir();
  db = openDatabase(temp.dir);
});
afterEach(() => {
  db.$client.close();
  temp.cleanup();
});

describe('openDatabase', () => {
  it('sets WAL, foreign keys and a busy timeout, and migrates before returning', () => {
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000);
    const tables = db.$client
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => (row as { name: string }).name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'access_tokens',
        'accounts',
        'auth_events',
        'leases',
        'settings',
        '__drizzle_migrations',
      ]),
    );
  });

  it('opens an existing database again without migrating twice', () => {
    new AccountsRepository(db).upsert(octocat);
    db.$client.close();
    db = openDatabase(temp.dir);
    expect(new AccountsRepository(db).list()).toHaveLength(1);
    const applied = db.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as {
      n: number;
    };
    const journal = JSON.parse(
      readFileSync(path.join(import.meta.dirname, '../../../migrations/meta/_journal.json'), 'utf8'),
    ) as { entries: unknown[] };
    expect(applied.n).toBe(journal.entries.length);
  });

  it('moves a damaged file aside and starts a fresh database, instead of failing to start', () => {
    db.$client.close();
    const file = path.join(temp.dir, 'signet.db');
    writeFileSync(file, Buffer.alloc(8192, 0x5a));
    db = openDatabase(temp.dir);
    expect(db.$quarantinedTo).toMatch(/signet\.db\.corrupt-/);
    expect(readFileSync(db.$quarantinedTo!).subarray(0, 4).toString()).toBe('ZZZZ');
    expect(new AccountsRepository(db).list()).toEqual([]);
    expect(db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('fails with a typed storage error when the folder cannot hold a database', () => {
    const notAFolder = path.join(temp.dir, 'a-file');
    writeFileSync(notAFolder, 'x');
    expect(() => openDatabase(path.join(notAFolder, 'data'))).toThrow(
      expect.objectContaining({ code: 'storage' }),
    );
  });
});

describe('AccountsRepository', () => {
  let accounts: AccountsRepository;
  beforeEach(() => {
    accounts = new AccountsRepository(db);
  });

  it('inserts a new identity and updates it on the next sign-in instead of duplicating it', () => {
    const first = accounts.upsert(octocat);
    expect(first.created).toBe(true);
    const second = accounts.upsert({ ...octocat, login: 'octocat-renamed', displayName: 'Mona' });
    expect(second.created).toBe(false);
    expect(second.account.id).toBe(first.account.id);
    expect(accounts.list()).toHaveLength(1);
    expect(accounts.get(first.account.id)).toMatchObject({
      login: 'octocat-renamed',
      displayName: 'Mona',
      scopes: ['read:user', 'user:email'],
    });
  });

  it('keeps the same user on another issuer (GitHub Enterprise) as a separate account', () => {
    accounts.upsert(octocat);
    accounts.upsert({ ...octocat, issuer: 'https://ghe.example.com' });
    expect(accounts.list()).toHaveLength(2);
  });

  it('finds by identity, updates status, and deletes with the cached token cascading', () => {
    const { account } = accounts.upsert(octocat);
    expect(accounts.findByIdentity('github', 'https://github.com', '583231')?.id).toBe(account.id);
    expect(accounts.setStatus(account.id, 'needs-reauth', 'needs-reauth')).toMatchObject({
      status: 'needs-reauth',
      lastErrorCode: 'needs-reauth',
    });
    accounts.markRefreshed(account.id);
    expect(accounts.get(account.id)).toMatchObject({ status: 'active', lastErrorCode: null });
    db.$client
      .prepare(
        'INSERT INTO access_tokens (account_id, sealed_token, token_type, updated_at) VALUES (?, ?, ?, ?)',
      )
      .run(account.id, Buffer.from('x'), 'bearer', Date.now());
    expect(accounts.delete(account.id)).toBe(true);
    expect(accounts.get(account.id)).toBeUndefined();
    expect((db.$client.prepare('SELECT count(*) AS n FROM access_tokens').get() as { n: number }).n).toBe(0);
    expect(accounts.delete(account.id)).toBe(false);
  });

  it('rejects a second row with the same identity at the database level', () => {
    const { account } = accounts.upsert(octocat);
    expect(() =>
      db.$client
        .prepare(
          'INSERT INTO accounts (id, provider, issuer, provider_user_id, login, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run('other', 'github', 'https://github.com', '583231', 'x', 1, 1),
    ).toThrow(/UNIQUE/);
    expect(accounts.get(account.id)).toBeDefined();
  });

  it('puts accounts left refreshing by a dead process back to active', () => {
    const { account } = accounts.upsert(octocat);
    accounts.setStatus(account.id, 'refreshing');
    expect(accounts.resetStuckRefreshing()).toBe(1);
    expect(accounts.get(account.id)?.status).toBe('active');
  });
});

describe('AuthEventsRepository and SettingsRepository', () => {
  it('records events newest first and counts refreshes and failures per hour', () => {
    const now = new Date('2026-11-26T10:30:00Z');
    const events = new AuthEventsRepository(db, () => now);
    const { account } = new AccountsRepository(db).upsert(octocat);
    events.record({
      accountId: account.id,
      provider: 'github',
      kind: 'sign-in',
      outcome: 'success',
      durationMs: 120.4,
    });
    events.record({
      accountId: account.id,
      provider: 'github',
      kind: 'refresh',
      outcome: 'success',
      durationMs: 80,
    });
    events.record({
      accountId: account.id,
      provider: 'github',
      kind: 'refresh',
      outcome: 'failure',
      errorCode: 'network',
    });
    const recent = events.recent(10);
    expect(recent).toHaveLength(3);
    expect(recent[0]).toMatchObject({ kind: 'refresh', outcome: 'failure', errorCode: 'network' });
    expect(recent[2]).toMatchObject({ kind: 'sign-in', durationMs: 120 });
    const buckets = events.hourly(24);
    expect(buckets).toHaveLength(24);
    expect(buckets.at(-1)).toMatchObject({ start: '2026-11-26T10:00:00.000Z', refreshes: 1, failures: 1 });
    expect(buckets.slice(0, -1).every((b) => b.refreshes === 0 && b.failures === 0)).toBe(true);
  });

  it('keeps events when their account is deleted, without the account id', () => {
    const accounts = new AccountsRepository(db);
    const events = new AuthEventsRepository(db);
    const { account } = accounts.upsert(octocat);
    events.record({ accountId: account.id, provider: 'github', kind: 'sign-in', outcome: 'success' });
    accounts.delete(account.id);
    expect(events.recent(1)[0]).toMatchObject({ accountId: null, kind: 'sign-in' });
  });

  it('stores, replaces and clears a setting', () => {
    const settings = new SettingsRepository(db);
    expect(settings.get('sync-server-url')).toBeNull();
    settings.set('sync-server-url', 'redis://127.0.0.1:1');
    settings.set('sync-server-url', 'redis://127.0.0.1:2');
    expect(settings.get('sync-server-url')).toBe('redis://127.0.0.1:2');
    settings.set('sync-server-url', null);
    expect(settings.get('sync-server-url')).toBeNull();
  });
});
