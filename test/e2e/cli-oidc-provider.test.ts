import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeytarSecretStore } from '../../src/main/core/secrets/keytar-secret-store.js';
import { fakeBrowser, recordingSignet, runSignet } from '../helpers/cli.js';
import { startOidcProvider, type OidcProviderServer } from '../helpers/oidc-provider-server.js';
import { findSecrets, findSecretsInFiles } from '../helpers/secret-scan.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/** oidc-provider binds an interaction to the browser by cookie: this browser keeps them. */

describe('signet CLI, Google path, against oidc-provider (a certified OpenID Provider; refresh tokens rotate)', () => {
  let op: OidcProviderServer;
  let home: ReturnType<typeof makeTempDir>;
  let env: Record<string, string>;
  let keychain: KeytarSecretStore;
  let accountId: string;
  const recorder = recordingSignet(() => env);
  const { outputs, issued: printed } = recorder;
  const signet = (...args: string[]) => recorder.run(args);
  const storedRefreshToken = async (): Promise<string> => {
    const credential = await keychain.getCredential(accountId);
    expect(credential?.kind).toBe('refresh_token');
    return credential!.token;
  };

  beforeAll(async () => {
    op = await startOidcProvider({ accessTokenTtlSeconds: 600 });
    home = makeTempDir();
    env = {
      SIGNET_HOME: home.dir,
      SIGNET_KEYCHAIN_SERVICE: `signet-e2e-${randomUUID()}`,
      SIGNET_GOOGLE_ISSUER: op.issuer,
      SIGNET_GOOGLE_CLIENT_ID: op.clientId,
      SIGNET_GOOGLE_CLIENT_SECRET: op.clientSecret,
      SIGNET_BROWSER: fakeBrowser,
    };
    keychain = new KeytarSecretStore({ service: env['SIGNET_KEYCHAIN_SERVICE']! });
  });
  afterAll(async () => {
    await op?.close();
    home?.cleanup();
  });

  it('signs in: discovery, PKCE S256, nonce, iss, a validated ID token, userinfo', async () => {
    const result = await signet('login', 'google', '--json');
    expect(result.stderr).not.toMatch(/Error|at .*\(/);
    expect(result.code).toBe(0);
    const account = JSON.parse(result.stdout);
    expect(account).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      provider: 'google',
      login: 'alice@oidc.test',
      displayName: 'Alice Liddell',
      email: 'alice@oidc.test',
      status: 'active',
      accessTokenExpiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    accountId = account.id;
    const discovery = await (await fetch(`${op.issuer}/.well-known/openid-configuration`)).json();
    expect(discovery).toMatchObject({
      issuer: op.issuer,
      authorization_response_iss_parameter_supported: true,
      code_challenge_methods_supported: ['S256'],
      revocation_endpoint: `${op.issuer}/token/revocation`,
    });
    const request = op.lastAuthorizationRequest!;
    expect(request.get('code_challenge_method')).toBe('S256');
    expect(request.get('nonce')).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(request.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(op.stats.codeExchanges).toBe(1);
    expect(op.serverErrors).toEqual([]);
    expect(await op.isRefreshTokenValid(await storedRefreshToken())).toBe(true);
  });

  it('hands out the cached token without a token request', async () => {
    op.resetStats();
    const result = await signet('token', 'google');
    expect(result.code).toBe(0);
    expect(await op.isAccessTokenValid(printed.at(-1)!)).toBe(true);
    expect(op.stats.refreshRequests).toBe(0);
  });

  it('refreshes a token that expires too soon, storing the rotated refresh token (a second refresh works too)', async () => {
    op.resetStats();
    const first = await storedRefreshToken();
    const before = printed.at(-1)!;
    expect((await signet('token', 'google', '--min-validity', '900')).code).toBe(0);
    expect(printed.at(-1)).not.toBe(before);
    expect(await op.isAccessTokenValid(printed.at(-1)!)).toBe(true);
    const second = await storedRefreshToken();
    expect(second).not.toBe(first);
    expect(await op.isRefreshTokenValid(first)).toBe(false);
    expect(await op.isRefreshTokenValid(second)).toBe(true);

    expect((await signet('token', 'google:alice@oidc.test', '--min-validity', '900')).code).toBe(0);
    const third = await storedRefreshToken();
    expect(third).not.toBe(second);
    expect(await op.isRefreshTokenValid(third)).toBe(true);
    expect(op.stats.refreshRequests).toBe(2);
    // A reused refresh token would have made oidc-provider revoke the grant.
    expect(op.stats.tokenErrors).toEqual([]);
    expect(op.stats.revokedGrants).toEqual([]);
  });

  it('refreshes a token that has really expired', async () => {
    op.setAccessTokenTtl(1);
    expect((await signet('refresh', 'google')).code).toBe(0);
    op.setAccessTokenTtl(600);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    op.resetStats();
    const result = await signet('token', 'google', '--min-validity', '0');
    expect(result.code).toBe(0);
    expect(op.stats.refreshRequests).toBe(1);
    expect(await op.isAccessTokenValid(printed.at(-1)!)).toBe(true);
  });

  it('signs in again to the same account without duplicating it', async () => {
    const result = await signet('login', 'google', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: accountId, status: 'active' });
    expect(JSON.parse((await signet('accounts', '--json')).stdout)).toHaveLength(1);
  });

  it('signs out, revoking the grant at the provider', async () => {
    expect((await signet('token', 'google')).code).toBe(0);
    const accessToken = printed.at(-1)!;
    const refreshToken = await storedRefreshToken();
    op.resetStats();
    const result = await signet('logout', 'google');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/revoked/);
    expect(op.stats.revokedGrants).toHaveLength(1);
    expect(await op.isRefreshTokenValid(refreshToken)).toBe(false);
    expect(await op.isAccessTokenValid(accessToken)).toBe(false);
    expect(await keychain.getCredential(accountId)).toBeNull();
    expect(JSON.parse((await signet('accounts', '--json')).stdout)).toEqual([]);
  });

  it('never printed or stored a secret outside `signet token`', () => {
    expect(op.serverErrors).toEqual([]);
    expect(op.issuedTokens.length).toBeGreaterThanOrEqual(8);
    for (const output of outputs) {
      expect(findSecrets(output.stdout + output.stderr, op.issuedTokens)).toEqual([]);
    }
    expect(findSecretsInFiles(home.dir, op.issuedTokens)).toEqual([]);
  });
  describe("with oidc-provider's own refresh policy (offline_access) and the scopes from config.json", () => {
    let stock: OidcProviderServer;
    let other: ReturnType<typeof makeTempDir>;
    let otherEnv: Record<string, string>;
    beforeAll(async () => {
      stock = await startOidcProvider({ refreshTokenOnlyForOfflineAccess: true });
      other = makeTempDir();
      writeFileSync(
        path.join(other.dir, 'config.json'),
        JSON.stringify({ google: { scopes: ['openid', 'email', 'profile', 'offline_access'] } }),
      );
      otherEnv = {
        ...env,
        SIGNET_HOME: other.dir,
        SIGNET_GOOGLE_ISSUER: stock.issuer,
        SIGNET_GOOGLE_CLIENT_ID: stock.clientId,
        SIGNET_GOOGLE_CLIENT_SECRET: stock.clientSecret,
      };
    });
    afterAll(async () => {
      await stock?.close();
      other?.cleanup();
    });

    it('signs in with offline_access and prompt=consent, refreshes with rotation, and signs out', async () => {
      const run = async (...args: string[]) => {
        const result = await runSignet(args, otherEnv);
        outputs.push(args[0] === 'token' ? { ...result, stdout: '' } : result);
        return result;
      };
      const login = await run('login', 'google', '--json');
      expect(login.code).toBe(0);
      const id = JSON.parse(login.stdout).id as string;
      expect(stock.lastAuthorizationRequest?.get('scope')?.split(' ')).toContain('offline_access');
      expect(stock.lastAuthorizationRequest?.get('prompt')).toBe('consent');
      const first = (await keychain.getCredential(id))?.token;
      expect(first).toBeDefined();
      expect(await stock.isRefreshTokenValid(first!)).toBe(true);

      expect((await run('token', 'google', '--min-validity', '900')).code).toBe(0);
      expect((await run('token', 'google', '--min-validity', '900')).code).toBe(0);
      expect(stock.stats.refreshRequests).toBe(2);
      expect(stock.stats.tokenErrors).toEqual([]);
      expect(await stock.isRefreshTokenValid(first!)).toBe(false);

      const logout = await run('logout', 'google');
      expect(logout.code).toBe(0);
      expect(logout.stdout).toMatch(/revoked/);
      expect(stock.stats.revokedGrants).toHaveLength(1);
      expect(stock.serverErrors).toEqual([]);
      expect(findSecretsInFiles(other.dir, stock.issuedTokens)).toEqual([]);
      for (const output of outputs) {
        expect(findSecrets(output.stdout + output.stderr, stock.issuedTokens)).toEqual([]);
      }
    });
  });
});
