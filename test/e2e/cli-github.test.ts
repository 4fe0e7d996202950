// What only GitHub does, through the CLI. The journey every provider shares (a GitHub App's
// expiring tokens and single-use refresh tokens included) is in cli-journey.test.ts; the device
// flow in cli-device.test.ts; the authorization response's iss in cli-github-issuer.test.ts.

import { describe, expect, it } from 'vitest';
import { startGithubEmulator, tokenId } from '../../emulators/index.js';
import { useCliSessionAgainst } from '../helpers/cli-session.js';
import { githubEnv } from '../helpers/test-core.js';

describe('signet CLI against an OAuth app on the GitHub emulator (access tokens that never expire)', () => {
  const session = useCliSessionAgainst(() => startGithubEmulator({ mode: 'oauth-app' }), githubEnv);
  const signet = session.run;
  let accountId: string;

  it('signs in through the browser to an account whose token has no expiry', async () => {
    const account = await session.login('github');
    expect(account).toMatchObject({ provider: 'github', login: 'octocat', accessTokenExpiresAt: null });
    accountId = account.id;
    // With no refresh token, the access token itself is the long-lived credential.
    const credential = await session.credential(accountId);
    expect(credential?.kind).toBe('access_token');
    expect(credential?.token).toMatch(/^gho_/);
  });

  it('hands out that token for any validity asked, without a token request', async () => {
    session.server.resetStats();
    expect((await signet('token', 'github', '--min-validity', '86400')).code).toBe(0);
    expect(session.lastToken()).toBe((await session.credential(accountId))?.token);
    expect(session.server.isAccessTokenValid(session.lastToken())).toBe(true);
    expect(session.server.stats.tokenRequests).toBe(0);
  });

  it('has nothing to refresh, and says the token has no expiry', async () => {
    session.server.resetStats();
    const result = await signet('refresh', 'github');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Refreshed GitHub octocat <octocat@github\.test> \(.+\): no expiry\n$/);
    expect(session.server.stats.tokenRequests).toBe(0);
    expect((await signet('token', 'github')).code).toBe(0);
    expect(session.printed.at(-1)).toBe(session.printed.at(-2));
  });

  it('signs out, revoking that token at GitHub', async () => {
    const token = session.lastToken();
    const result = await signet('logout', 'github');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/revoked/);
    expect(session.server.stats.revoked).toEqual([tokenId(token)]);
    expect(session.server.isAccessTokenValid(token)).toBe(false);
    expect(await session.credential(accountId)).toBeNull();
  });

  it('never printed or stored a secret outside `signet token`', () => {
    session.expectNoSecrets();
  });
});
