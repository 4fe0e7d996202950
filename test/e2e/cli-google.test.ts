import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleEmulator, type GoogleEmulator } from '../../emulators/index.js';
import { isolatedCliEnv, recordingSignet } from '../helpers/cli.js';
import { googleEnv } from '../helpers/test-core.js';
import { errorLines, stackLine } from '../helpers/cli-output.js';
import { findSecrets, findSecretsInFiles } from '../helpers/secret-scan.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe('signet CLI against the Google emulator (OIDC discovery, ID tokens, refresh tokens that do not rotate)', () => {
  let google: GoogleEmulator;
  let home: ReturnType<typeof makeTempDir>;
  let env: Record<string, string>;
  const recorder = recordingSignet(() => env);
  const { outputs, issued: issued } = recorder;
  const signet = (...args: string[]) => recorder.run(args);

  beforeAll(async () => {
    // Short-lived access tokens, so `--min-validity` can ask for more than a token has left.
    google = await startGoogleEmulator({ accessTokenTtlSeconds: 600 });
    home = makeTempDir();
    env = isolatedCliEnv(home.dir, googleEnv(google));
  });
  afterAll(async () => {
    await google.close();
    home.cleanup();
  });

  it('lists Google as configured for browser sign-in', async () => {
    const result = await signet('providers', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toContainEqual({
      id: 'google',
      name: 'Google',
      configured: true,
      methods: ['browser'],
    });
  });

  it('signs in through the browser with PKCE, a nonce and offline access, and prints the account', async () => {
    const result = await signet('login', 'google', '--json');
    expect(result.stderr).not.toMatch(/Error|at .*\(/);
    expect(result.code).toBe(0);
    const account = JSON.parse(result.stdout);
    expect(account).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      provider: 'google',
      login: 'jane.doe@gmail.test',
      displayName: 'Jane Doe',
      email: 'jane.doe@gmail.test',
      status: 'active',
      accessTokenExpiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    const request = google.lastAuthorizationRequest!;
    expect(request.get('code_challenge_method')).toBe('S256');
    expect(request.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(request.get('access_type')).toBe('offline');
    expect(request.get('prompt')).toBe('consent');
    expect(request.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', 'email', 'profile']));
    expect(request.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const nonce = request.get('nonce');
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    // The ID token Signet accepted carried that nonce back.
    expect(google.lastIdTokenClaims?.['nonce']).toBe(nonce);
    expect(google.lastTokenRequest).toMatchObject({ grantType: 'authorization_code', bodyType: 'form' });
    expect(google.lastTokenRequest?.paramNames).toEqual(expect.arrayContaining(['code_verifier']));
  });

  it.each([
    [
      'a nonce that is not the one it sent',
      () => google.idTokenOverrides({ nonce: 'not-the-nonce-signet-sent' }),
    ],
    ['another audience', () => google.idTokenOverrides({ aud: 'someone-else.apps.googleusercontent.com' })],
    ['a signature by another key', () => google.signWith('wrong-key')],
  ])('refuses a sign-in whose ID token has %s', async (_what, tamper) => {
    tamper();
    const result = await signet('login', 'google', '--json');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(stackLine);
    expect
      .soft(errorLines(result.stderr))
      .toEqual(['signet: Google sent an ID token that failed validation.']);
    const accounts = JSON.parse((await signet('accounts', '--json')).stdout);
    expect(accounts).toHaveLength(1);
  });

  it('lists the account', async () => {
    const result = await signet('accounts', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      expect.objectContaining({ provider: 'google', login: 'jane.doe@gmail.test', status: 'active' }),
    ]);
  });

  it('hands out the cached token without a token request', async () => {
    google.resetStats();
    const result = await signet('token', 'google');
    expect(result.code).toBe(0);
    expect(issued.at(-1)).toMatch(/^ya29\./);
    expect(google.isAccessTokenValid(issued.at(-1)!)).toBe(true);
    expect(google.stats.tokenRequests).toBe(0);
  });

  it('refreshes a token that expires too soon, and the same refresh token keeps working (Google does not rotate)', async () => {
    google.resetStats();
    const before = issued.at(-1)!;
    const first = await signet('token', 'google:jane.doe@gmail.test', '--min-validity', '900');
    expect(first.code).toBe(0);
    expect(issued.at(-1)).not.toBe(before);
    expect(google.isAccessTokenValid(issued.at(-1)!)).toBe(true);
    expect(google.lastTokenRequest).toMatchObject({ grantType: 'refresh_token', clientAuth: 'post' });

    const second = await signet('token', 'google', '--min-validity', '900');
    expect(second.code).toBe(0);
    expect(issued.at(-1)).not.toBe(issued.at(-2));
    expect(google.stats.refreshRequests).toBe(2);
    expect(google.stats.tokenRequests).toBe(2);
  });

  it('refreshes a token that has really expired', async () => {
    google.setAccessTokenTtl(1);
    expect((await signet('refresh', 'google')).code).toBe(0);
    google.setAccessTokenTtl(600);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    google.resetStats();
    const result = await signet('token', 'google', '--min-validity', '0');
    expect(result.code).toBe(0);
    expect(google.stats.refreshRequests).toBe(1);
    expect(google.isAccessTokenValid(issued.at(-1)!)).toBe(true);
  });

  it('refreshes on demand', async () => {
    google.resetStats();
    const result = await signet('refresh', 'google');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Refreshed Google jane\.doe@gmail\.test \(.+\): expires in \d+m/);
    expect(google.stats.refreshRequests).toBe(1);
  });

  it('signs out, revoking the grant at Google, and forgets the account', async () => {
    await signet('token', 'google');
    const last = issued.at(-1)!;
    google.resetStats();
    const result = await signet('logout', 'google');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/revoked/);
    expect(google.stats.revokeRequests).toBe(1);
    expect(google.stats.revoked).toHaveLength(1);
    // Revoking the refresh token revokes the whole grant, access tokens included.
    expect(google.isAccessTokenValid(last)).toBe(false);
    expect(JSON.parse((await signet('accounts', '--json')).stdout)).toEqual([]);
    const token = await signet('token', 'google');
    expect(token.code).toBe(1);
    expect(token.stderr).toMatch(/No account matches/);
  });

  it('never printed or stored a secret outside `signet token`', () => {
    expect(issued.length).toBeGreaterThanOrEqual(5);
    for (const output of outputs) {
      expect(findSecrets(output.stdout + output.stderr, issued)).toEqual([]);
    }
    expect(findSecretsInFiles(home.dir, issued)).toEqual([]);
  });
});
