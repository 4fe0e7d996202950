import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MICROSOFT_DEFAULT_TENANT_ID,
  MICROSOFT_PERSONAL_USER,
  startMicrosoftEmulator,
  type MicrosoftEmulator,
  type MicrosoftEmulatorOptions,
} from '../../emulators/index.js';
import { KeytarSecretStore } from '../../src/main/core/secrets/keytar-secret-store.js';
import { isolatedCliEnv, recordingSignet } from '../helpers/cli.js';
import { errorLines, stackLine } from '../helpers/cli-output.js';
import { findSecrets, findSecretsInFiles } from '../helpers/secret-scan.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { microsoftEnv } from '../helpers/test-core.js';

const otherTenant = '11111111-2222-3333-4444-555555555555';

/**
 * `signet` against the Microsoft emulator: a public client on the common tenant's template
 * issuer (each ID token's iss filled with its own tid), rotating refresh tokens, no revocation;
 * and a single-tenant app. The emulator takes `http://127.0.0.1/callback` as registered, the way
 * the app manifest's replyUrlsWithType allows, and ignores the port there as Entra does.
 */

function suite(title: string, options: MicrosoftEmulatorOptions, tenant: (ms: MicrosoftEmulator) => string) {
  describe(title, () => {
    let ms: MicrosoftEmulator;
    let home: ReturnType<typeof makeTempDir>;
    let env: Record<string, string>;
    let keychain: KeytarSecretStore;
    const recorder = recordingSignet(() => env);
    const { outputs, issued: secrets } = recorder;
    const signet = (...args: string[]) => recorder.run(args);
    let accountId = '';
    const storedRefreshToken = async (): Promise<string> => {
      const credential = await keychain.getCredential(accountId);
      expect(credential?.kind).toBe('refresh_token');
      secrets.push(credential!.token);
      return credential!.token;
    };

    beforeAll(async () => {
      ms = await startMicrosoftEmulator({ redirectUris: ['http://127.0.0.1/callback'], ...options });
      home = makeTempDir();
      env = isolatedCliEnv(home.dir, microsoftEnv(ms, tenant(ms)));
      keychain = new KeytarSecretStore({ service: env['SIGNET_KEYCHAIN_SERVICE']! });
    });
    afterAll(async () => {
      await ms.close();
      home.cleanup();
    });

    it('lists Microsoft as configured for browser sign-in', async () => {
      const result = await signet('providers', '--json');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toContainEqual({
        id: 'microsoft',
        name: 'Microsoft',
        configured: true,
        methods: ['browser'],
      });
    });

    it('refuses an ID token whose iss names another tenant than its tid, and keeps nothing', async () => {
      ms.issueIdTokensWithIssuerTenant(otherTenant);
      try {
        const result = await signet('login', 'microsoft', '--json');
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        expect(result.stderr).not.toMatch(stackLine);
        expect(errorLines(result.stderr)).toEqual([
          'signet: Microsoft sent an ID token that failed validation.',
        ]);
        expect(JSON.parse((await signet('accounts', '--json')).stdout)).toEqual([]);
      } finally {
        ms.issueIdTokensWithIssuerTenant(null);
      }
    });

    it('signs in with PKCE, no secret and the four base scopes, and prints the account', async () => {
      ms.resetStats();
      const result = await signet('login', 'microsoft', '--json');
      expect(result.stderr).not.toMatch(stackLine);
      expect(result.code).toBe(0);
      const account = JSON.parse(result.stdout);
      expect(account).toMatchObject({
        provider: 'microsoft',
        login: 'megan@contoso.test',
        displayName: 'Megan Bowen',
        email: 'megan@contoso.test',
        status: 'active',
      });
      accountId = account.id;
      const request = ms.lastAuthorizationRequest!;
      expect(request.get('code_challenge_method')).toBe('S256');
      expect(request.get('scope')).toBe('openid profile email offline_access');
      expect(request.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
      expect(request.has('prompt')).toBe(false);
      expect(ms.lastIdTokenClaims).toMatchObject({
        iss: `${ms.authority}/${MICROSOFT_DEFAULT_TENANT_ID}/v2.0`,
        tid: MICROSOFT_DEFAULT_TENANT_ID,
      });
      expect(ms.stats.codeExchanges).toBe(1);
    });

    it('refreshes, keeping the refresh token Microsoft rotated in', async () => {
      const first = await storedRefreshToken();
      expect((await signet('refresh', 'microsoft')).code).toBe(0);
      const second = await storedRefreshToken();
      expect(second).not.toBe(first);
      expect(ms.isRefreshTokenValid(second)).toBe(true);
      const token = await signet('token', 'microsoft');
      expect(token.code).toBe(0);
      expect(ms.isAccessTokenValid(secrets.at(-1)!)).toBe(true);
    });

    it('signs out locally, asking Microsoft nothing: it has no revocation endpoint', async () => {
      ms.resetStats();
      const result = await signet('logout', 'microsoft');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/not asked to revoke/);
      expect(ms.stats.tokenRequests).toBe(0);
      expect(JSON.parse((await signet('accounts', '--json')).stdout)).toEqual([]);
    });

    it('never printed or stored a secret outside `signet token`', () => {
      for (const output of outputs) expect(findSecrets(output.stdout + output.stderr, secrets)).toEqual([]);
      expect(findSecretsInFiles(home.dir, secrets)).toEqual([]);
    });
  });
}

suite(
  'signet CLI against a multi-tenant Microsoft emulator (common: the {tenantid} template issuer)',
  // Single-use refresh tokens prove Signet stores every rotated one (Microsoft itself keeps old ones).
  { singleUseRefreshTokens: true },
  () => 'common',
);

suite(
  'signet CLI against a single-tenant Microsoft emulator (a tenant id: a concrete issuer)',
  { tenancy: 'single' },
  () => MICROSOFT_DEFAULT_TENANT_ID,
);

describe('signet CLI with a personal Microsoft account through the consumers tenant', () => {
  it('signs in with the personal tenant’s issuer', async () => {
    const ms = await startMicrosoftEmulator({
      redirectUris: ['http://127.0.0.1/callback'],
      user: MICROSOFT_PERSONAL_USER,
    });
    const home = makeTempDir();
    try {
      const env = isolatedCliEnv(home.dir, microsoftEnv(ms, 'consumers'));
      const recorder = recordingSignet(() => env);
      const result = await recorder.run(['login', 'microsoft', '--json']);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ login: 'alex.wilber@outlook.test' });
      expect(ms.lastIdTokenClaims?.tid).toBe(MICROSOFT_PERSONAL_USER.tenantId);
      await recorder.run(['logout', 'microsoft']);
    } finally {
      await ms.close();
      home.cleanup();
    }
  });
});
