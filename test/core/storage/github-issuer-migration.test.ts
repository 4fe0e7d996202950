import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountsRepository } from '../../../src/main/core/storage/accounts-repository.js';
import { openDatabase } from '../../../src/main/core/storage/database.js';
import { repoRoot } from '../../helpers/cli.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const migrations = path.join(repoRoot, 'migrations');

/** The migrations folder as it was before `0001_github-issuer`: the data a user upgrades from. */
function migrationsBeforeGithubIssuer(dir: string): string {
  const folder = path.join(dir, 'migrations-0000');
  mkdirSync(path.join(folder, 'meta'), { recursive: true });
  copyFileSync(path.join(migrations, '0000_init.sql'), path.join(folder, '0000_init.sql'));
  const journal = JSON.parse(readFileSync(path.join(migrations, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  journal.entries = journal.entries.filter((entry) => entry.tag === '0000_init');
  writeFileSync(path.join(folder, 'meta', '_journal.json'), JSON.stringify(journal));
  return folder;
}

const profile = (provider: string, issuer: string, providerUserId: string) => ({
  provider,
  issuer,
  providerUserId,
  login: `${provider}-${providerUserId}`,
  displayName: null,
  email: null,
  avatar: null,
  scopes: [],
});

describe('migration 0001_github-issuer', () => {
  const temp = makeTempDir();
  afterEach(() => temp.cleanup());

  it('carries GitHub accounts to the issuer <url>/login/oauth and leaves other providers alone', () => {
    const old = openDatabase(temp.dir, { migrationsFolder: migrationsBeforeGithubIssuer(temp.dir) });
    // Rows written as the schema of the time had them: the repository writes today's columns.
    const insert = old.$client.prepare(
      `INSERT INTO accounts (id, provider, issuer, provider_user_id, login, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 0, 0)`,
    );
    const before = (provider: string, issuer: string, providerUserId: string) => {
      const id = `${provider}-${providerUserId}`;
      insert.run(id, provider, issuer, providerUserId, profile(provider, issuer, providerUserId).login);
      return id;
    };
    const dotCom = before('github', 'https://github.com', '1');
    const enterprise = before('github', 'https://ghe.example.com', '2');
    const google = before('google', 'https://accounts.google.com', '3');
    old.$client.close();

    const db = openDatabase(temp.dir);
    const accounts = new AccountsRepository(db);
    const issuers = Object.fromEntries(accounts.list().map((account) => [account.id, account.issuer]));
    expect(issuers).toEqual({
      [dotCom]: 'https://github.com/login/oauth',
      [enterprise]: 'https://ghe.example.com/login/oauth',
      [google]: 'https://accounts.google.com',
    });

    // Signing in again as the same person, now under the new issuer, updates the account.
    const again = accounts.upsert(profile('github', 'https://github.com/login/oauth', '1'));
    expect(again).toMatchObject({ created: false, account: { id: dotCom } });
    expect(accounts.list()).toHaveLength(3);
    db.$client.close();
  });
});
