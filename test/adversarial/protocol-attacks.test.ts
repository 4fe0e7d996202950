import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SignetError } from '../../src/shared/errors.js';
import { assertOpenable } from '../../src/main/core/flows/url-allowlist.js';
import {
  startGithubEmulator,
  startGoogleEmulator,
  type GithubEmulator,
  type GoogleEmulator,
} from '../../emulators/index.js';
import { githubEnv, googleEnv, makeTestCore, signIn, type TestCore } from '../helpers/test-core.js';

/**
 * Protocol attacks from RFC 9700 (OAuth 2.0 Security BCP), RFC 9207 and OpenID Connect Core
 * §3.1.3.7, each with the outcome Signet must produce and nothing stored.
 */

/** Plays the browser, but hands the loopback callback to `tamper` before delivering it. */
async function signInWithTamperedCallback(core: TestCore, provider: string, tamper: (callback: URL) => void) {
  core.opener.follow = false;
  const { result } = core.service.signIn(provider, { method: 'browser' });
  result.catch(() => undefined);
  while (core.opener.opened.length === 0) await new Promise((r) => setTimeout(r, 5));
  const authorize = await fetch(core.opener.opened.at(-1)!, { redirect: 'manual' });
  const callback = new URL(authorize.headers.get('location')!);
  tamper(callback);
  const delivered = await fetch(callback, { redirect: 'manual' });
  await delivered.arrayBuffer();
  return result;
}

describe('ID token validation (OIDC Core §3.1.3.7) against the Google emulator', () => {
  let google: GoogleEmulator;
  let core: TestCore;
  beforeEach(async () => {
    google = await startGoogleEmulator();
    core = await makeTestCore(googleEnv(google));
  });
  afterEach(async () => {
    await core.close();
    await google.close();
  });

  const rejects = async () => {
    await expect(signIn(core.service, 'google')).rejects.toMatchObject({ code: 'id-token-invalid' });
    expect(await core.service.listAccounts()).toEqual([]);
  };

  it('accepts a valid ID token (the control case)', async () => {
    await expect(signIn(core.service, 'google')).resolves.toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects a bad signature (signed with a key not in the JWKS)', async () => {
    google.signWith('wrong-key');
    await rejects();
  });

  it('rejects alg: none', async () => {
    google.signWith('none');
    await rejects();
  });

  it.each([
    ['a wrong aud', { aud: 'someone-else.apps.googleusercontent.com' }],
    ['a wrong azp', { azp: 'someone-else.apps.googleusercontent.com' }],
    ['a wrong iss', { iss: 'https://accounts.evil.example' }],
    ['a wrong nonce', { nonce: 'not-the-nonce-we-sent' }],
    ['no nonce', { nonce: undefined }],
    ['an expired token', { exp: Math.floor(Date.now() / 1000) - 3600 }],
    ['a token issued in the future', { iat: Math.floor(Date.now() / 1000) + 3600 }],
    [
      'a token issued far in the past',
      { iat: Math.floor(Date.now() / 1000) - 7 * 86_400, exp: Math.floor(Date.now() / 1000) + 3600 },
    ],
  ])('rejects %s', async (_name, override) => {
    google.idTokenOverrides(override);
    await rejects();
  });
});

describe('mix-up defence (RFC 9207)', () => {
  let google: GoogleEmulator;
  let github: GithubEmulator;
  let core: TestCore;
  beforeEach(async () => {
    google = await startGoogleEmulator();
    github = await startGithubEmulator();
    core = await makeTestCore({ ...googleEnv(google), ...githubEnv(github) });
  });
  afterEach(async () => {
    await core.close();
    await google.close();
    await github.close();
  });

  it('rejects a response whose iss names another server', async () => {
    const outcome = signInWithTamperedCallback(core, 'google', (url) =>
      url.searchParams.set('iss', github.url),
    );
    await expect(outcome).rejects.toMatchObject({ code: 'iss-mismatch' });
    expect(await core.service.listAccounts()).toEqual([]);
  });

  it('rejects a response without iss from a server that advertises it', async () => {
    const outcome = signInWithTamperedCallback(core, 'google', (url) => url.searchParams.delete('iss'));
    await expect(outcome).rejects.toMatchObject({ code: 'iss-mismatch' });
  });

  it('rejects an iss on a provider that does not send one, when it names another server', async () => {
    const outcome = signInWithTamperedCallback(core, 'github', (url) =>
      url.searchParams.set('iss', google.url),
    );
    await expect(outcome).rejects.toMatchObject({ code: 'iss-mismatch' });
  });

  it('accepts GitHub without iss (the control case)', async () => {
    await expect(signInWithTamperedCallback(core, 'github', () => undefined)).resolves.toMatchObject({
      accountId: expect.any(String),
    });
  });
});

describe('code injection and login CSRF (RFC 9700 §4.5, §4.7)', () => {
  let github: GithubEmulator;
  let core: TestCore;
  beforeEach(async () => {
    github = await startGithubEmulator();
    core = await makeTestCore(githubEnv(github));
  });
  afterEach(async () => {
    await core.close();
    await github.close();
  });

  it('a code obtained for another PKCE challenge cannot be redeemed, even with the right state', async () => {
    // The attacker's own authorization, with their own verifier's challenge.
    const attackerAuthorize = new URL(`${github.url}/login/oauth/authorize`);
    attackerAuthorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: github.clientId,
      redirect_uri: 'http://127.0.0.1:9/callback',
      state: 'attacker',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }).toString();
    const attackerCode = new URL(
      (await fetch(attackerAuthorize, { redirect: 'manual' })).headers.get('location')!,
    ).searchParams.get('code')!;
    const outcome = signInWithTamperedCallback(core, 'github', (url) =>
      url.searchParams.set('code', attackerCode),
    );
    const error = (await outcome.catch((e: unknown) => e)) as SignetError;
    expect(error.code).not.toBeUndefined();
    expect(['needs-reauth', 'provider-error', 'access-denied', 'config-invalid']).toContain(error.code);
    expect(await core.service.listAccounts()).toEqual([]);
  });
});

describe('the browser opener allowlist (RFC 8252 §8.12)', () => {
  const provider = {
    name: 'GitHub',
    issuer: 'https://github.com',
    insecureLoopback: false,
  } as Parameters<typeof assertOpenable>[0];
  const as = {
    issuer: 'https://github.com',
    authorization_endpoint: 'https://github.com/login/oauth/authorize',
  };

  it('opens the provider authorization endpoint', () => {
    expect(assertOpenable(provider, as, 'https://github.com/login/oauth/authorize?client_id=x').host).toBe(
      'github.com',
    );
  });

  it.each([
    'https://evil.example/login/oauth/authorize',
    'https://github.com.evil.example/login/oauth/authorize',
    'http://github.com/login/oauth/authorize',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'https://user:pass@github.com/login/oauth/authorize',
    'not a url',
    'http://127.0.0.1:8080/login/oauth/authorize',
  ])('refuses %s', (url) => {
    expect(() => assertOpenable(provider, as, url)).toThrow(expect.objectContaining({ code: 'forbidden' }));
  });
});
