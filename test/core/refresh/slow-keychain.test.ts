import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDiscordEmulator, startGithubEmulator, type GithubEmulator } from '../../../emulators/index.js';
import type { StoredCredential } from '../../../src/main/core/secrets/secret-store.js';
import { SignetError } from '../../../src/shared/errors.js';
import type { StatusView } from '../../../src/shared/domain.js';
import { discordEnv, githubEnv, makeTestCore, signIn, type TestCore } from '../../helpers/test-core.js';

/** How many sealed credentials wait in `pending_credentials` for the account (read from the file). */
function pendingRows(core: TestCore, accountId: string): number {
  const db = new Database(path.join(core.dir, 'signet.db'), { readonly: true });
  try {
    const row = db
      .prepare('SELECT count(*) AS n FROM pending_credentials WHERE account_id = ?')
      .get(accountId) as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

describe('a rotated refresh token survives a slow or failing keychain', () => {
  let github: GithubEmulator;
  let core: TestCore;
  let accountId: string;
  let realSet: (id: string, credential: StoredCredential) => Promise<void>;

  beforeEach(async () => {
    // GitHub Apps rotate the refresh token on every refresh; the old one is dead at once.
    github = await startGithubEmulator({ mode: 'github-app', accessTokenTtlSeconds: 3600 });
    core = await makeTestCore(githubEnv(github), { keychainWriteTimeoutMs: 2_500 });
    accountId = await signIn(core.service, 'github');
    realSet = core.secrets.setCredential.bind(core.secrets);
  });
  afterEach(async () => {
    await core.close();
    await github.close();
  });

  const refresh = () => core.service.getAccessToken(accountId, { minValiditySeconds: 7200 });

  it('waits past the keychain timeout for the write, and shows the keychain as waiting meanwhile', async () => {
    const before = (await core.secrets.getCredential(accountId))!.token;
    // Slower than the keychain's usual 1.5 s bound, within the rotated token's.
    core.secrets.setCredential = async (id, credential) => {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await realSet(id, credential);
    };
    const statuses: StatusView[] = [];
    core.service.on('status-changed', (status) => statuses.push(status));
    const token = await refresh();
    const after = (await core.secrets.getCredential(accountId))!.token;
    expect(after).not.toBe(before);
    expect(github.isRefreshTokenValid(before)).toBe(false);
    expect(github.isRefreshTokenValid(after)).toBe(true);
    expect(github.isAccessTokenValid(token.accessToken)).toBe(true);
    expect(pendingRows(core, accountId)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(statuses.map((s) => s.keychain.waiting ?? false)).toEqual([true, false]);
  }, 15_000);

  it('keeps the rotated token sealed when the keychain answers too late, uses it next, and moves it when the keychain answers', async () => {
    const before = (await core.secrets.getCredential(accountId))!.token;
    let release!: () => void;
    const answered = new Promise<void>((resolve) => (release = resolve));
    core.secrets.setCredential = async (id, credential) => {
      await answered;
      await realSet(id, credential);
    };
    const first = await refresh();
    expect(github.isAccessTokenValid(first.accessToken)).toBe(true);
    expect(github.isRefreshTokenValid(before)).toBe(false);
    expect((await core.secrets.getCredential(accountId))!.token).toBe(before);
    expect(pendingRows(core, accountId)).toBe(1);
    expect((await core.service.listAccounts())[0]?.status).toBe('active');

    // The next refresh uses the pending token: the keychain's is dead and would need a sign-in.
    const second = await refresh();
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(github.isAccessTokenValid(second.accessToken)).toBe(true);
    expect(pendingRows(core, accountId)).toBe(1);

    // The keychain answers: the late writes land in order, and the next read moves the pending one.
    release();
    const third = await refresh();
    expect(github.isAccessTokenValid(third.accessToken)).toBe(true);
    const stored = (await core.secrets.getCredential(accountId))!.token;
    expect(github.isRefreshTokenValid(stored)).toBe(true);
    expect(pendingRows(core, accountId)).toBe(0);
    expect((await core.service.listAccounts())[0]?.status).toBe('active');
  }, 30_000);

  it('drops a pending token once a new sign-in wrote the keychain, and refreshes with the new one', async () => {
    let pendingToken: string | undefined;
    core.secrets.setCredential = (_id, credential) => {
      pendingToken = credential.token;
      return Promise.reject(new SignetError('keychain-unavailable', 'The keychain is locked.'));
    };
    await refresh();
    expect(pendingRows(core, accountId)).toBe(1);
    core.secrets.setCredential = realSet;
    expect(await signIn(core.service, 'github')).toBe(accountId);
    const signedIn = (await core.secrets.getCredential(accountId))!.token;
    await refresh();
    // The refresh sent the new sign-in's token (rotated now), not the older pending one.
    expect(github.isRefreshTokenValid(signedIn)).toBe(false);
    expect(github.isRefreshTokenValid(pendingToken!)).toBe(true);
    expect(pendingRows(core, accountId)).toBe(0);
  }, 15_000);

  it('keeps the rotated token sealed when the keychain write fails, and moves it once the keychain works', async () => {
    const before = (await core.secrets.getCredential(accountId))!.token;
    core.secrets.setCredential = () =>
      Promise.reject(new SignetError('keychain-unavailable', 'The keychain is locked.'));
    const first = await refresh();
    expect(github.isAccessTokenValid(first.accessToken)).toBe(true);
    expect((await core.secrets.getCredential(accountId))!.token).toBe(before);
    expect(github.isRefreshTokenValid(before)).toBe(false);
    expect(pendingRows(core, accountId)).toBe(1);

    core.secrets.setCredential = realSet;
    const second = await refresh();
    expect(github.isAccessTokenValid(second.accessToken)).toBe(true);
    const stored = (await core.secrets.getCredential(accountId))!.token;
    expect(stored).not.toBe(before);
    expect(github.isRefreshTokenValid(stored)).toBe(true);
    expect(pendingRows(core, accountId)).toBe(0);
    expect((await core.service.listAccounts())[0]?.status).toBe('active');
  }, 15_000);
});

describe('signing out with a rotated token still pending', () => {
  it('revokes the pending token, the live one, and deletes it', async () => {
    const discord = await startDiscordEmulator();
    const core = await makeTestCore(discordEnv(discord));
    try {
      const accountId = await signIn(core.service, 'discord');
      const realSet = core.secrets.setCredential.bind(core.secrets);
      let live: string | undefined;
      core.secrets.setCredential = (_id, credential) => {
        live = credential.token;
        return Promise.reject(new SignetError('keychain-unavailable', 'The keychain is locked.'));
      };
      await core.service.getAccessToken(accountId, { minValiditySeconds: 100_000_000 });
      expect(pendingRows(core, accountId)).toBe(1);
      const stale = (await core.secrets.getCredential(accountId))!.token;
      expect(discord.isRefreshTokenValid(stale)).toBe(false);
      expect(discord.isRefreshTokenValid(live!)).toBe(true);
      core.secrets.setCredential = realSet;
      await expect(core.service.signOut(accountId)).resolves.toEqual({ revoked: true });
      expect(discord.isRefreshTokenValid(live!)).toBe(false);
      expect(pendingRows(core, accountId)).toBe(0);
    } finally {
      await core.close();
      await discord.close();
    }
  });
});

describe('KeytarSecretStore write bound', () => {
  // A keychain that takes 300 ms to store anything, as a locked keyring waiting on its prompt.
  const slowKeytar = () => {
    const stored = new Map<string, string>();
    return {
      stored,
      load: async () =>
        ({
          setPassword: async (_service: string, account: string, password: string) => {
            await new Promise((resolve) => setTimeout(resolve, 300));
            stored.set(account, password);
          },
        }) as unknown as typeof import('keytar'),
    };
  };
  const credential: StoredCredential = { kind: 'refresh_token', token: 'rotated-test-token' };

  it('fails a write after the usual timeout, and waits for one given a longer bound', async () => {
    const { KeytarSecretStore } = await import('../../../src/main/core/secrets/keytar-secret-store.js');
    const keychain = slowKeytar();
    const store = new KeytarSecretStore({ service: 'signet-test', timeoutMs: 50, load: keychain.load });
    await expect(store.setCredential('a', credential)).rejects.toMatchObject({
      code: 'keychain-unavailable',
    });
    await store.setCredential('b', credential, { timeoutMs: 2_000 });
    expect(keychain.stored.has('account:b')).toBe(true);
  });
});
