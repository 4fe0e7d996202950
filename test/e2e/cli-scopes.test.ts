// Scopes through the CLI: what an account holds in `accounts --json`, growing it by incremental
// consent with `login <account> --scope`, `token --scope` (exit 7 when one is missing), a consent
// that comes back as someone else changing nothing, and a refresh that narrows the scopes.

import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubEmulator, startGoogleEmulator } from '../../emulators/index.js';
import { expectFailure } from '../helpers/cli.js';
import { useCliSession, useCliSessionAgainst, type CliSession } from '../helpers/cli-session.js';
import { startOidcProvider, type OidcProviderServer } from '../helpers/oidc-provider-server.js';
import { githubEnv, googleEnv } from '../helpers/test-core.js';

interface JsonAccount {
  id: string;
  login: string;
  email: string | null;
  scopes: string[];
  scopesRemoved: string[];
}

async function accounts(session: CliSession): Promise<JsonAccount[]> {
  const result = await session.run('accounts', '--json');
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

/** The kinds of the activity events recorded, oldest first. */
function eventKinds(session: CliSession): string[] {
  const db = new Database(path.join(session.home, 'signet.db'), { readonly: true });
  try {
    return db
      .prepare<[], { kind: string }>('SELECT kind FROM auth_events ORDER BY id')
      .all()
      .map((row) => row.kind);
  } finally {
    db.close();
  }
}

describe('scopes on the GitHub emulator (an OAuth app): the combined list', () => {
  const session = useCliSessionAgainst(() => startGithubEmulator({ mode: 'oauth-app' }), githubEnv);
  const signet = session.run;
  let accountId: string;

  it('lists the granted scopes in accounts --json, and token --scope prints the token when they are held', async () => {
    accountId = (await session.login('github')).id;
    expect((await accounts(session))[0]).toMatchObject({
      scopes: ['read:user', 'user:email'],
      scopesRemoved: [],
    });
    const result = await signet('token', 'github', '--scope', 'read:user', '--scope', 'user:email');
    expect(result.code, result.stderr).toBe(0);
    expect(session.server.isAccessTokenValid(session.lastToken())).toBe(true);
  });

  it('exits 7 with one line naming the command that adds a missing scope, and prints no token', async () => {
    const before = session.printed.length;
    const result = await signet('token', 'github', '--scope', 'read:user', '--scope', 'repo');
    expectFailure(
      result,
      7,
      'signet: github:octocat lacks scope repo; add it with: signet login github:octocat --scope repo',
    );
    expect(session.printed.length).toBe(before);
  });

  it('adds a scope to the same account by asking for the combined list, and token --scope then serves', async () => {
    const result = await signet('login', 'github:octocat', '--scope', 'repo', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: accountId });
    expect(session.server.lastAuthorizationRequest?.get('scope')?.split(' ')).toEqual([
      'read:user',
      'user:email',
      'repo',
    ]);
    const listed = await accounts(session);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: accountId, scopes: ['read:user', 'user:email', 'repo'] });
    expect((await signet('token', 'github', '--scope', 'repo')).code).toBe(0);
    // GitHub's `repo` includes `public_repo`: held without asking for it.
    expect((await signet('token', 'github', '--scope', 'public_repo')).code).toBe(0);
    expect(session.printed.at(-1)).toBe((await session.credential(accountId))?.token);
  });

  it('says so, and opens no browser, when the account already holds what is asked', async () => {
    session.server.resetStats();
    const result = await signet('login', 'github:octocat', '--scope', 'repo');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('github:octocat already holds repo; nothing to add.\n');
    expect(session.server.stats.authorizeRequests).toBe(0);
  });

  it('refuses a consent that comes back as a different person, and changes nothing', async () => {
    const credential = await session.credential(accountId);
    session.server.setUser({ id: 999, login: 'hubot', primaryEmail: 'hubot@github.test' });
    try {
      const result = await signet('login', 'github:octocat', '--scope', 'gist');
      expectFailure(
        result,
        1,
        'signet: You signed in to GitHub as hubot, not octocat: nothing was changed. Sign in as octocat to add the permissions.',
      );
    } finally {
      session.server.setUser({});
    }
    const listed = await accounts(session);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      id: accountId,
      login: 'octocat',
      scopes: ['read:user', 'user:email', 'repo'],
    });
    expect(await session.credential(accountId)).toEqual(credential);
  });

  it('keeps what the person granted when they untick a scope, and exits 7 naming it', async () => {
    session.server.setDeclinedScopes(['gist']);
    try {
      const result = await signet('login', 'github:octocat', '--scope', 'gist');
      expect(result.code).toBe(7);
      expect(result.stderr).toMatch(/^signet: GitHub did not grant gist to github:octocat\.\n$/m);
    } finally {
      session.server.setDeclinedScopes([]);
    }
    expect((await accounts(session))[0]?.scopes).toEqual(['read:user', 'user:email', 'repo']);
  });

  it('asks for extra scopes on a new sign-in with login <provider> --scope', async () => {
    await signet('logout', 'github');
    const account = await session.login('github', '--scope', 'gist');
    expect(session.server.lastAuthorizationRequest?.get('scope')?.split(' ')).toEqual([
      'read:user',
      'user:email',
      'gist',
    ]);
    expect((await accounts(session)).find((a) => a.id === account.id)?.scopes).toContain('gist');
  });

  it('never printed or stored a secret outside `signet token`', () => {
    session.expectNoSecrets();
  });
});

describe('scopes on the Google emulator: include_granted_scopes, and a refresh that narrows them', () => {
  const session = useCliSessionAgainst(() => startGoogleEmulator(), googleEnv);
  const signet = session.run;
  const drive = 'https://www.googleapis.com/auth/drive.readonly';
  let accountId: string;

  it('adds a scope with include_granted_scopes=true and login_hint, keeping what was granted', async () => {
    accountId = (await session.login('google')).id;
    const result = await signet('login', 'google:jane.doe@gmail.test', '--scope', drive);
    expect(result.code, result.stderr).toBe(0);
    const asked = session.server.lastAuthorizationRequest;
    expect(asked?.get('include_granted_scopes')).toBe('true');
    expect(asked?.get('login_hint')).toBe('jane.doe@gmail.test');
    const [account] = await accounts(session);
    expect(account?.id).toBe(accountId);
    expect(account?.scopes).toEqual(expect.arrayContaining(['openid', drive]));
    // Google answers `email` in its long form: the short name is the same scope.
    expect((await signet('token', 'google', '--scope', 'email', '--scope', drive)).code).toBe(0);
  });

  it('takes a narrower scope from a refresh response, shows it removed and records the change', async () => {
    session.server.removeGrantedScopes([drive]);
    expect((await signet('refresh', 'google')).code).toBe(0);
    const [account] = await accounts(session);
    expect(account?.scopes).not.toContain(drive);
    expect(account?.scopesRemoved).toEqual([drive]);
    expect(eventKinds(session)).toContain('scopes-narrowed');
    expectFailure(
      await signet('token', 'google', '--scope', drive),
      7,
      `signet: google:jane.doe@gmail.test lacks scope ${drive}; add it with: signet login google:jane.doe@gmail.test --scope ${drive}`,
    );
  });

  it('a scope granted again leaves the removed list', async () => {
    expect((await signet('login', 'google:jane.doe@gmail.test', '--scope', drive)).code).toBe(0);
    expect((await accounts(session))[0]).toMatchObject({ scopesRemoved: [] });
  });

  it('never printed or stored a secret outside `signet token`', () => {
    session.expectNoSecrets();
  });
});

describe('scopes against oidc-provider on the Google path', () => {
  const session = useCliSession();
  const signet = session.run;
  let op: OidcProviderServer;
  let accountId: string;

  beforeAll(async () => {
    op = await startOidcProvider();
    session.begin({
      SIGNET_GOOGLE_ISSUER: op.issuer,
      SIGNET_GOOGLE_CLIENT_ID: op.clientId,
      SIGNET_GOOGLE_CLIENT_SECRET: op.clientSecret,
    });
  });
  afterAll(async () => {
    await op?.close();
  });

  it('adds api:read to the signed-in account, and token --scope serves it', async () => {
    accountId = (await session.login('google')).id;
    expectFailure(
      await signet('token', 'google', '--scope', 'api:read'),
      7,
      'signet: google:alice@oidc.test lacks scope api:read; add it with: signet login google:alice@oidc.test --scope api:read',
    );
    const result = await signet('login', 'google:alice@oidc.test', '--scope', 'api:read', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: accountId });
    const listed = await accounts(session);
    expect(listed).toHaveLength(1);
    expect(listed[0]?.scopes).toEqual(expect.arrayContaining(['openid', 'email', 'profile', 'api:read']));
    expect((await signet('token', 'google', '--scope', 'api:read')).code).toBe(0);
    expect(await op.isAccessTokenValid(session.lastToken())).toBe(true);
    expect(op.serverErrors).toEqual([]);
  });

  it('refuses a consent as a different person and changes nothing', async () => {
    const before = await accounts(session);
    const credential = await session.credential(accountId);
    op.signInAs('bob');
    try {
      expectFailure(
        await signet('login', 'google:alice@oidc.test', '--scope', 'offline_access'),
        1,
        'signet: You signed in to Google as a different account, not alice@oidc.test: nothing was changed. Sign in as alice@oidc.test to add the permissions.',
      );
    } finally {
      op.signInAs('alice');
    }
    expect(await accounts(session)).toEqual(before);
    expect(await session.credential(accountId)).toEqual(credential);
  });

  it('never printed or stored a secret outside `signet token`', () => {
    session.expectNoSecrets();
  });
});
