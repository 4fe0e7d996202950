// What only oidc-provider (a certified OpenID Provider, test/helpers/oidc-provider-server.ts) adds
// on the Google path: its metadata says it checks what Signet sends, and its own refresh policy
// (a refresh token only for offline_access) works with the scopes from config.json. The journey
// Signet takes against it, as against every provider, is in cli-journey.test.ts.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useCliSession } from '../helpers/cli-session.js';
import { startOidcProvider, type OidcProviderServer } from '../helpers/oidc-provider-server.js';

describe('oidc-provider as the Google path’s authorization server', () => {
  let op: OidcProviderServer;

  beforeAll(async () => {
    op = await startOidcProvider();
  });
  afterAll(async () => {
    await op?.close();
  });

  it('publishes the metadata the journey relies on: iss in the response, S256 only, revocation', async () => {
    const discovery = await (await fetch(`${op.issuer}/.well-known/openid-configuration`)).json();
    expect(discovery).toMatchObject({
      issuer: op.issuer,
      authorization_response_iss_parameter_supported: true,
      code_challenge_methods_supported: ['S256'],
      revocation_endpoint: `${op.issuer}/token/revocation`,
    });
  });
});

describe("signet CLI against oidc-provider's own refresh policy (offline_access) with the scopes from config.json", () => {
  const session = useCliSession();
  const signet = session.run;
  let stock: OidcProviderServer;

  beforeAll(async () => {
    stock = await startOidcProvider({ refreshTokenOnlyForOfflineAccess: true });
    session.begin({
      SIGNET_GOOGLE_ISSUER: stock.issuer,
      SIGNET_GOOGLE_CLIENT_ID: stock.clientId,
      SIGNET_GOOGLE_CLIENT_SECRET: stock.clientSecret,
    });
    writeFileSync(
      path.join(session.home, 'config.json'),
      JSON.stringify({ google: { scopes: ['openid', 'email', 'profile', 'offline_access'] } }),
    );
  });
  afterAll(async () => {
    await stock?.close();
  });

  it('signs in with offline_access and prompt=consent, refreshes with rotation, and signs out', async () => {
    const { id } = await session.login('google');
    expect(stock.lastAuthorizationRequest?.get('scope')?.split(' ')).toContain('offline_access');
    expect(stock.lastAuthorizationRequest?.get('prompt')).toBe('consent');
    const first = await session.storedRefreshToken(id);
    expect(await stock.isRefreshTokenValid(first)).toBe(true);

    expect((await signet('token', 'google', '--min-validity', '900')).code).toBe(0);
    expect((await signet('token', 'google', '--min-validity', '900')).code).toBe(0);
    expect(stock.stats.refreshRequests).toBe(2);
    expect(stock.stats.tokenErrors).toEqual([]);
    expect(await stock.isRefreshTokenValid(first)).toBe(false);

    const logout = await signet('logout', 'google');
    expect(logout.code).toBe(0);
    expect(logout.stdout).toMatch(/revoked/);
    expect(stock.stats.revokedGrants).toHaveLength(1);
    expect(stock.serverErrors).toEqual([]);
  });

  it('never printed or stored a secret outside `signet token`', () => {
    session.expectNoSecrets(stock.issuedTokens);
  });
});
