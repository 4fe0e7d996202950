// Tests of the provider emulators themselves, with plain fetch.

import { execFile } from 'node:child_process';
import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, describe, expect, it } from 'vitest';

import { startDiscordEmulator, startGithubEmulator, startGoogleEmulator, tokenId } from './index.js';
import type { BaseEmulator } from './index.js';

// --- helpers ------------------------------------------------------------------------------------

const running: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((item) => item.close()));
});
function track<T extends { close(): Promise<void> }>(item: T): T {
  running.push(item);
  return item;
}

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

const REDIRECT = 'http://127.0.0.1:53682/callback';

/** GET the authorization URL without following the redirect; returns the parsed Location. */
async function authorize(
  url: string,
  params: Record<string, string>,
): Promise<{ status: number; location: URL | null }> {
  const target = new URL(url);
  for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
  const res = await fetch(target, { redirect: 'manual' });
  await res.arrayBuffer();
  const location = res.headers.get('location');
  return { status: res.status, location: location === null ? null : new URL(location) };
}

async function postForm(
  url: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown>; contentType: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
    body: new URLSearchParams(params).toString(),
  });
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  const json = contentType.includes('json')
    ? (JSON.parse(text) as Record<string, unknown>)
    : Object.fromEntries(new URLSearchParams(text));
  return { status: res.status, json, contentType };
}

function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

function decodeJwtPart(part: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function verifyJwt(jwt: string, jwksUri: string): Promise<boolean> {
  const [header, payload, signature] = jwt.split('.');
  const { kid } = decodeJwtPart(header);
  const { keys } = (await (await fetch(jwksUri)).json()) as { keys: Array<JsonWebKey & { kid: string }> };
  const jwk = keys.find((key) => key.kid === kid);
  if (!jwk || !signature) return false;
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  return verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'));
}

function statsOf(emulator: BaseEmulator<object>): Record<string, unknown> {
  return { ...emulator.stats };
}

// --- GitHub -------------------------------------------------------------------------------------

describe('github emulator', () => {
  it('runs the authorization code flow with PKCE (oauth-app) and serves the API', async () => {
    const gh = track(await startGithubEmulator());
    const { verifier, challenge } = pkce();
    const auth = await authorize(`${gh.url}/login/oauth/authorize`, {
      client_id: gh.clientId,
      redirect_uri: REDIRECT,
      scope: 'read:user user:email',
      state: 'st-1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(auth.status).toBe(302);
    expect(auth.location?.origin + (auth.location?.pathname ?? '')).toBe(REDIRECT);
    expect(auth.location?.searchParams.get('state')).toBe('st-1');
    expect(auth.location?.searchParams.has('iss')).toBe(false);
    const code = auth.location?.searchParams.get('code') ?? '';

    const token = await postForm(`${gh.url}/login/oauth/access_token`, {
      client_id: gh.clientId,
      client_secret: gh.clientSecret ?? '',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(token.status).toBe(200);
    expect(token.json).toMatchObject({ token_type: 'bearer', scope: 'read:user user:email' });
    expect(token.json).not.toHaveProperty('expires_in');
    expect(token.json).not.toHaveProperty('refresh_token');
    const accessToken = String(token.json['access_token']);
    expect(accessToken.startsWith('gho_')).toBe(true);
    expect(gh.isAccessTokenValid(accessToken)).toBe(true);

    const user = await fetch(`${gh.apiUrl}/user`, { headers: { authorization: `token ${accessToken}` } });
    expect(user.status).toBe(200);
    expect(await user.json()).toMatchObject({
      id: 12345,
      login: 'octocat',
      name: 'The Octocat',
      email: null,
      avatar_url: `${gh.url}/avatars/12345.png`,
    });
    const emails = await fetch(`${gh.apiUrl}/user/emails`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(await emails.json()).toEqual([
      { email: 'octocat@github.test', primary: true, verified: true, visibility: 'private' },
    ]);
    const avatar = await fetch(`${gh.url}/avatars/12345.png`);
    expect(avatar.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await avatar.arrayBuffer())
        .subarray(1, 4)
        .toString('ascii'),
    ).toBe('PNG');

    // Single-use codes, answered HTTP 200 with an error.
    const again = await postForm(`${gh.url}/login/oauth/access_token`, {
      client_id: gh.clientId,
      client_secret: gh.clientSecret ?? '',
      code,
      code_verifier: verifier,
    });
    expect(again.status).toBe(200);
    expect(again.json['error']).toBe('bad_verification_code');
    expect(gh.stats).toMatchObject({
      tokenRequests: 2,
      codeExchanges: 2,
      apiRequests: 2,
      authorizeRequests: 1,
    });

    // Revocation.
    const wrong = await fetch(`${gh.apiUrl}/applications/${gh.clientId}/token`, {
      method: 'DELETE',
      headers: { authorization: basic(gh.clientId, 'nope'), 'content-type': 'application/json' },
      body: JSON.stringify({ access_token: accessToken }),
    });
    expect(wrong.status).toBe(401);
    const revoke = await fetch(`${gh.apiUrl}/applications/${gh.clientId}/token`, {
      method: 'DELETE',
      headers: {
        authorization: basic(gh.clientId, gh.clientSecret ?? ''),
        'content-type': 'application/json',
      },
      body: JSON.stringify({ access_token: accessToken }),
    });
    expect(revoke.status).toBe(204);
    expect(gh.stats.revoked).toEqual([tokenId(accessToken)]);
    const after = await fetch(`${gh.apiUrl}/user`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ message: 'Bad credentials' });
  });

  it('answers errors with HTTP 200, as a form unless JSON is accepted', async () => {
    const gh = track(await startGithubEmulator());
    const { verifier, challenge } = pkce();
    const auth = await authorize(`${gh.url}/login/oauth/authorize`, {
      client_id: gh.clientId,
      redirect_uri: REDIRECT,
      state: 's',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const code = auth.location?.searchParams.get('code') ?? '';
    const badSecret = await postForm(`${gh.url}/login/oauth/access_token`, {
      client_id: gh.clientId,
      client_secret: 'wrong',
      code,
      code_verifier: verifier,
    });
    expect(badSecret.status).toBe(200);
    expect(badSecret.json).toMatchObject({ error: 'incorrect_client_credentials' });
    expect(badSecret.json['error_uri']).toEqual(expect.any(String));

    const formAnswer = await postForm(
      `${gh.url}/login/oauth/access_token`,
      { client_id: gh.clientId, client_secret: gh.clientSecret ?? '', code, code_verifier: pkce().verifier },
      { accept: '*/*' },
    );
    expect(formAnswer.status).toBe(200);
    expect(formAnswer.contentType).toContain('application/x-www-form-urlencoded');
    expect(formAnswer.json['error']).toBe('bad_verification_code');
  });

  it('rotates GitHub App refresh tokens and makes the old one single-use', async () => {
    const gh = track(await startGithubEmulator({ mode: 'github-app' }));
    const { verifier, challenge } = pkce();
    const auth = await authorize(`${gh.url}/login/oauth/authorize`, {
      client_id: gh.clientId,
      redirect_uri: REDIRECT,
      state: 's',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const first = await postForm(`${gh.url}/login/oauth/access_token`, {
      client_id: gh.clientId,
      client_secret: gh.clientSecret ?? '',
      code: auth.location?.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(first.json).toMatchObject({
      expires_in: 28800,
      refresh_token_expires_in: 15897600,
      token_type: 'bearer',
      scope: '',
    });
    expect(String(first.json['access_token'])).toMatch(/^ghu_/);
    const refresh1 = String(first.json['refresh_token']);
    expect(refresh1).toMatch(/^ghr_/);

    const second = await postForm(`${gh.url}/login/oauth/access_token`, {
      client_id: gh.clientId,
      client_secret: gh.clientSecret ?? '',
      grant_type: 'refresh_token',
      refresh_token: refresh1,
    });
    const refresh2 = String(second.json['refresh_token']);
    expect(refresh2).toMatch(/^ghr_/);
    expect(refresh2).not.toBe(refresh1);
    expect(gh.isRefreshTokenValid(refresh1)).toBe(false);

    const reuse = await postForm(`${gh.url}/login/oauth/access_token`, {
      client_id: gh.clientId,
      client_secret: gh.clientSecret ?? '',
      grant_type: 'refresh_token',
      refresh_token: refresh1,
    });
    expect(reuse.status).toBe(200);
    expect(reuse.json['error']).toBe('bad_refresh_token');
    expect(statsOf(gh)).toMatchObject({ tokenRequests: 3, refreshRequests: 2, codeExchanges: 1 });

    gh.revokeAllRefreshTokens();
    const revoked = await postForm(`${gh.url}/login/oauth/access_token`, {
      client_id: gh.clientId,
      client_secret: gh.clientSecret ?? '',
      grant_type: 'refresh_token',
      refresh_token: refresh2,
    });
    expect(revoked.json['error']).toBe('bad_refresh_token');
  });

  it('runs the device flow: pending, slow_down, approval', async () => {
    let clock = 1_000_000;
    const gh = track(await startGithubEmulator({ deviceInterval: 1, now: () => clock }));
    const start = await postForm(`${gh.url}/login/device/code`, {
      client_id: gh.clientId,
      scope: 'read:user',
    });
    expect(start.json).toMatchObject({
      user_code: gh.lastUserCode,
      verification_uri: `${gh.url}/login/device`,
      expires_in: 900,
      interval: 1,
    });
    expect(gh.lastUserCode).toMatch(/^[A-Z]{4}-\d{4}$/);
    const poll = (): ReturnType<typeof postForm> =>
      postForm(`${gh.url}/login/oauth/access_token`, {
        client_id: gh.clientId,
        device_code: String(start.json['device_code']),
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      });

    clock += 1000;
    expect((await poll()).json['error']).toBe('authorization_pending');
    const fast = await poll();
    expect(fast.status).toBe(200);
    expect(fast.json).toMatchObject({ error: 'slow_down', interval: 6 });
    clock += 1000;
    expect((await poll()).json).toMatchObject({ error: 'slow_down', interval: 11 });
    clock += 11_000;
    expect((await poll()).json['error']).toBe('authorization_pending');

    gh.approveDevice();
    clock += 11_000;
    const done = await poll();
    expect(String(done.json['access_token'])).toMatch(/^gho_/);
    expect(done.json['scope']).toBe('read:user');
    clock += 11_000;
    expect((await poll()).json['error']).toBe('incorrect_device_code');
    expect(gh.stats.devicePolls).toBe(6);

    // Denied and expired codes.
    const denied = await postForm(`${gh.url}/login/device/code`, { client_id: gh.clientId });
    gh.denyDevice();
    clock += 1000;
    const deniedPoll = await postForm(`${gh.url}/login/oauth/access_token`, {
      client_id: gh.clientId,
      device_code: String(denied.json['device_code']),
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
    });
    expect(deniedPoll.json['error']).toBe('access_denied');
    const expired = await postForm(`${gh.url}/login/device/code`, { client_id: gh.clientId });
    clock += 901_000;
    const expiredPoll = await postForm(`${gh.url}/login/oauth/access_token`, {
      client_id: gh.clientId,
      device_code: String(expired.json['device_code']),
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
    });
    expect(expiredPoll.json['error']).toBe('expired_token');
  });

  it('approves device codes by itself after N polls', async () => {
    let clock = 0;
    const gh = track(
      await startGithubEmulator({
        mode: 'github-app',
        deviceInterval: 1,
        autoApproveDeviceAfterPolls: 2,
        now: () => clock,
      }),
    );
    const start = await postForm(`${gh.url}/login/device/code`, { client_id: gh.clientId });
    const answers: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      clock += 1000;
      const { json } = await postForm(`${gh.url}/login/oauth/access_token`, {
        client_id: gh.clientId,
        device_code: String(start.json['device_code']),
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      });
      answers.push(json['error'] ?? String(json['access_token']).slice(0, 4));
    }
    expect(answers).toEqual(['authorization_pending', 'authorization_pending', 'ghu_']);
  });

  it('validates the authorization request', async () => {
    const gh = track(await startGithubEmulator());
    const outside = await authorize(`${gh.url}/login/oauth/authorize`, {
      client_id: gh.clientId,
      redirect_uri: 'https://evil.example/callback',
      state: 's',
    });
    expect(outside.status).toBe(400);
    expect(outside.location).toBeNull();
    const localhost = await authorize(`${gh.url}/login/oauth/authorize`, {
      client_id: gh.clientId,
      redirect_uri: 'http://localhost:1234/callback',
    });
    expect(localhost.status).toBe(400);

    const plain = await authorize(`${gh.url}/login/oauth/authorize`, {
      client_id: gh.clientId,
      redirect_uri: REDIRECT,
      state: 's',
      code_challenge: 'a'.repeat(43),
      code_challenge_method: 'plain',
    });
    expect(plain.status).toBe(302);
    expect(plain.location?.searchParams.get('error')).toBe('invalid_request');
    expect(plain.location?.searchParams.get('state')).toBe('s');

    gh.setDeny(true);
    const denied = await authorize(`${gh.url}/login/oauth/authorize`, {
      client_id: gh.clientId,
      redirect_uri: 'http://127.0.0.1:40000/other',
      state: 'd',
    });
    expect(denied.location?.searchParams.get('error')).toBe('access_denied');
    expect(denied.location?.searchParams.get('state')).toBe('d');
    expect(denied.location?.searchParams.has('code')).toBe(false);
  });
});

// --- Google -------------------------------------------------------------------------------------

describe('google emulator', () => {
  async function signIn(
    google: Awaited<ReturnType<typeof startGoogleEmulator>>,
    extra: Record<string, string> = {},
  ) {
    const { verifier, challenge } = pkce();
    const auth = await authorize(`${google.url}/o/oauth2/v2/auth`, {
      response_type: 'code',
      client_id: google.clientId,
      redirect_uri: REDIRECT,
      scope: 'openid email profile',
      state: 'st',
      nonce: 'n-0S6_WzA2Mj',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...extra,
    });
    const token = await postForm(
      `${google.url}/token`,
      {
        grant_type: 'authorization_code',
        code: auth.location?.searchParams.get('code') ?? '',
        redirect_uri: REDIRECT,
        code_verifier: verifier,
      },
      { authorization: basic(google.clientId, google.clientSecret ?? '') },
    );
    return { auth, token };
  }

  it('is an OIDC provider with iss, a signed ID token and a non-rotating refresh token', async () => {
    const google = track(await startGoogleEmulator());
    const discovery = (await (await fetch(google.discoveryUrl)).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: google.url,
      token_endpoint: `${google.url}/token`,
      authorization_response_iss_parameter_supported: true,
    });
    expect(discovery).not.toHaveProperty('device_authorization_endpoint');

    const { auth, token } = await signIn(google, { access_type: 'offline' });
    expect(auth.location?.searchParams.get('iss')).toBe(google.url);
    expect(token.status).toBe(200);
    expect(token.json).toMatchObject({ expires_in: 3599, token_type: 'Bearer' });
    const accessToken = String(token.json['access_token']);
    const refreshToken = String(token.json['refresh_token']);
    expect(accessToken).toMatch(/^ya29\./);
    expect(refreshToken).toMatch(/^1\/\/0/);
    const idToken = String(token.json['id_token']);
    expect(await verifyJwt(idToken, String(discovery['jwks_uri']))).toBe(true);
    expect(decodeJwtPart(idToken.split('.')[1])).toMatchObject({
      iss: google.url,
      aud: google.clientId,
      azp: google.clientId,
      sub: '1098765432100',
      nonce: 'n-0S6_WzA2Mj',
      email_verified: true,
    });

    const userinfo = await fetch(`${google.url}/v1/userinfo`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(await userinfo.json()).toMatchObject({ sub: '1098765432100', email: 'jane.doe@gmail.test' });

    const refreshed = await postForm(`${google.url}/token`, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: google.clientId,
      client_secret: google.clientSecret ?? '',
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json).not.toHaveProperty('refresh_token');
    expect(decodeJwtPart(String(refreshed.json['id_token']).split('.')[1])).not.toHaveProperty('nonce');
    expect(google.isRefreshTokenValid(refreshToken)).toBe(true);

    const revoke = await postForm(`${google.url}/revoke`, { token: refreshToken });
    expect(revoke.status).toBe(200);
    expect(google.isAccessTokenValid(String(refreshed.json['access_token']))).toBe(false);
    const dead = await postForm(`${google.url}/token`, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: google.clientId,
      client_secret: google.clientSecret ?? '',
    });
    expect(dead).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
    expect((await postForm(`${google.url}/revoke`, { token: refreshToken })).json).toEqual({
      error: 'invalid_token',
      error_description: 'Token expired or revoked',
    });
  });

  it('issues no refresh token without access_type=offline, checks PKCE and client auth', async () => {
    const google = track(await startGoogleEmulator({ sendIss: false }));
    const { auth, token } = await signIn(google);
    expect(auth.location?.searchParams.has('iss')).toBe(false);
    expect(token.json).not.toHaveProperty('refresh_token');

    const { challenge } = pkce();
    const second = await authorize(`${google.url}/o/oauth2/v2/auth`, {
      response_type: 'code',
      client_id: google.clientId,
      redirect_uri: REDIRECT,
      scope: 'openid',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const wrongVerifier = await postForm(`${google.url}/token`, {
      grant_type: 'authorization_code',
      code: second.location?.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
      code_verifier: pkce().verifier,
      client_id: google.clientId,
      client_secret: google.clientSecret ?? '',
    });
    expect(wrongVerifier).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });

    const noPkce = await authorize(`${google.url}/o/oauth2/v2/auth`, {
      response_type: 'code',
      client_id: google.clientId,
      redirect_uri: REDIRECT,
      scope: 'openid',
    });
    expect(noPkce.location?.searchParams.get('error')).toBe('invalid_request');

    const badClient = await postForm(`${google.url}/token`, {
      grant_type: 'refresh_token',
      refresh_token: 'x',
      client_id: google.clientId,
      client_secret: 'wrong',
    });
    expect(badClient).toMatchObject({ status: 401, json: { error: 'invalid_client' } });
  });

  it('tampers with the next ID token on request', async () => {
    const google = track(await startGoogleEmulator());
    const jwks = `${google.url}/oauth2/v3/certs`;
    google.signWith('wrong-key');
    const wrong = String((await signIn(google)).token.json['id_token']);
    expect(await verifyJwt(wrong, jwks)).toBe(false);

    google.idTokenOverrides({ aud: 'someone-else', nonce: undefined });
    const overridden = String((await signIn(google)).token.json['id_token']);
    expect(await verifyJwt(overridden, jwks)).toBe(true);
    const claims = decodeJwtPart(overridden.split('.')[1]);
    expect(claims['aud']).toBe('someone-else');
    expect(claims).not.toHaveProperty('nonce');

    google.signWith('none');
    const unsigned = String((await signIn(google)).token.json['id_token']);
    expect(decodeJwtPart(unsigned.split('.')[0])).toMatchObject({ alg: 'none' });
    expect(unsigned.endsWith('.')).toBe(true);

    const normal = String((await signIn(google)).token.json['id_token']);
    expect(await verifyJwt(normal, jwks)).toBe(true);
  });
});

// --- Discord ------------------------------------------------------------------------------------

describe('discord emulator', () => {
  async function signIn(discord: Awaited<ReturnType<typeof startDiscordEmulator>>) {
    const { verifier, challenge } = pkce();
    const auth = await authorize(`${discord.url}/oauth2/authorize`, {
      response_type: 'code',
      client_id: discord.clientId,
      redirect_uri: REDIRECT,
      scope: 'identify email',
      state: 's',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(auth.location?.searchParams.get('iss')).toBe(discord.url);
    return { code: auth.location?.searchParams.get('code') ?? '', verifier };
  }

  it('accepts only form bodies, rotates refresh tokens and serves @me', async () => {
    const discord = track(await startDiscordEmulator());
    const { code, verifier } = await signIn(discord);
    const params = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
      client_id: discord.clientId,
      client_secret: discord.clientSecret ?? '',
    };
    const asJson = await fetch(`${discord.url}/api/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
    });
    expect(asJson.status).toBe(400);
    expect(await asJson.json()).toMatchObject({ error: 'unsupported_grant_type' });

    const token = await postForm(`${discord.url}/api/v10/oauth2/token`, params);
    expect(token.json).toMatchObject({ token_type: 'Bearer', expires_in: 604800, scope: 'identify email' });
    expect(String(token.json['access_token'])).toMatch(/^dsc_at_/);
    const refresh1 = String(token.json['refresh_token']);
    expect(refresh1).toMatch(/^dsc_rt_/);

    const me = await fetch(`${discord.apiUrl}/users/@me`, {
      headers: { authorization: `Bearer ${String(token.json['access_token'])}` },
    });
    const profile = (await me.json()) as Record<string, unknown>;
    expect(profile).toMatchObject({
      id: '80351110224678912',
      username: 'nelly',
      global_name: 'Nelly',
      email: 'nelly@discord.test',
      verified: true,
      avatar: '8342729096ea3675442027381ff50dfe',
    });
    const avatar = await fetch(
      `${discord.cdnUrl}/avatars/${String(profile['id'])}/${String(profile['avatar'])}.png`,
    );
    expect(avatar.status).toBe(200);

    const refreshParams = {
      grant_type: 'refresh_token',
      client_id: discord.clientId,
      client_secret: discord.clientSecret ?? '',
    };
    const rotated = await postForm(`${discord.url}/api/oauth2/token`, {
      ...refreshParams,
      refresh_token: refresh1,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.json['refresh_token']).not.toBe(refresh1);
    const reuse = await postForm(`${discord.url}/api/oauth2/token`, {
      ...refreshParams,
      refresh_token: refresh1,
    });
    expect(reuse).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });

    const revoke = await postForm(
      `${discord.url}/api/oauth2/token/revoke`,
      { token: String(rotated.json['refresh_token']), token_type_hint: 'refresh_token' },
      { authorization: basic(discord.clientId, discord.clientSecret ?? '') },
    );
    expect(revoke).toMatchObject({ status: 200, json: {} });
    expect(discord.isAccessTokenValid(String(rotated.json['access_token']))).toBe(false);
    expect(discord.stats.revoked).toHaveLength(1);
  });
});

// --- faults and counters ------------------------------------------------------------------------

describe('faults', () => {
  it('replays queued faults once, in order', async () => {
    const discord = track(await startDiscordEmulator());
    const url = `${discord.url}/api/oauth2/token`;
    const body = {
      grant_type: 'refresh_token',
      refresh_token: 'nope',
      client_id: discord.clientId,
      client_secret: 'x',
    };
    discord.pushFault('token', {
      kind: 'status',
      status: 429,
      headers: { 'Retry-After': '1' },
      body: JSON.stringify({ message: 'You are being rate limited.', retry_after: 1, global: false }),
    });
    discord.pushFault('token', { kind: 'status', status: 503 });
    discord.pushFault('token', { kind: 'html' });
    discord.pushFault('token', { kind: 'malformed' });
    discord.pushFault('token', { kind: 'missing-fields' });

    const limited = await fetch(url, { method: 'POST', body: new URLSearchParams(body) });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toMatchObject({ retry_after: 1 });
    const unavailable = await fetch(url, { method: 'POST', body: new URLSearchParams(body) });
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('content-type')).toContain('text/html');
    await unavailable.text();
    const html = await fetch(url, { method: 'POST', body: new URLSearchParams(body) });
    expect([html.status, html.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    await html.text();
    const malformed = await fetch(url, { method: 'POST', body: new URLSearchParams(body) });
    await expect(malformed.json()).rejects.toThrow();
    const missing = await fetch(url, { method: 'POST', body: new URLSearchParams(body) });
    expect(await missing.json()).not.toHaveProperty('access_token');
    const normal = await fetch(url, { method: 'POST', body: new URLSearchParams(body) });
    expect(normal.status).toBe(401);
    await normal.text();
    expect(discord.stats).toMatchObject({ tokenRequests: 6, refreshRequests: 6, inFlight: 0 });
  });

  it('resets, streams huge bodies, and closes with hanging requests', async () => {
    const gh = track(await startGithubEmulator());
    gh.pushFault('api', { kind: 'reset' });
    await expect(fetch(`${gh.apiUrl}/user`, { headers: { authorization: 'Bearer x' } })).rejects.toThrow();

    gh.pushFault('api', { kind: 'huge' });
    const huge = await fetch(`${gh.apiUrl}/user`, { headers: { authorization: 'Bearer x' } });
    expect(huge.headers.get('content-length')).toBeNull();
    expect((await huge.arrayBuffer()).byteLength).toBe(20 * 1024 * 1024);

    gh.pushFault('token', { kind: 'hang' });
    const hanging = fetch(`${gh.url}/login/oauth/access_token`, { method: 'POST', body: '' });
    const settled = hanging.then(
      () => 'resolved',
      () => 'rejected',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(gh.stats.inFlight).toBe(1);
    const closing = Date.now();
    await gh.close();
    expect(Date.now() - closing).toBeLessThan(2000);
    expect(await settled).toBe('rejected');
    expect(gh.stats.inFlight).toBe(0);
  });

  it('counts concurrent token requests with latency', async () => {
    const google = track(await startGoogleEmulator({ latencyMs: 150 }));
    google.pushFault('token', { kind: 'delay', ms: 100 });
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        postForm(`${google.url}/token`, {
          grant_type: 'refresh_token',
          refresh_token: 'missing',
          client_id: google.clientId,
          client_secret: google.clientSecret ?? '',
        }),
      ),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 400]);
    expect(google.stats).toMatchObject({ tokenRequests: 4, refreshRequests: 4, inFlight: 0, maxInFlight: 4 });
    google.resetStats();
    expect(google.stats.maxInFlight).toBe(0);
  });
});

// --- the fake browser ---------------------------------------------------------------------------

describe('fake browser', () => {
  const script = fileURLToPath(new URL('../helpers/fake-browser.mjs', import.meta.url));

  function runBrowser(
    url: string,
    env: Record<string, string> = {},
  ): Promise<{ code: number; stderr: string; stdout: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [script, url],
        { env: { ...process.env, ...env }, timeout: 20_000 },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  async function startCallbackServer(): Promise<{ server: Server; url: string; received: URL[] }> {
    const received: URL[] = [];
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/callback') {
        received.push(url);
        res.writeHead(302, { location: '/done' }).end();
      } else {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<p>You can close this tab.</p>');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    track({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
    return { server, url: `http://127.0.0.1:${port}`, received };
  }

  it('follows the redirects into the loopback callback and exits 0', async () => {
    const discord = track(await startDiscordEmulator());
    const callback = await startCallbackServer();
    const dir = mkdtempSync(join(tmpdir(), 'fake-browser-'));
    try {
      const log = join(dir, 'visits.log');
      const auth = new URL(`${discord.url}/oauth2/authorize`);
      auth.search = new URLSearchParams({
        response_type: 'code',
        client_id: discord.clientId,
        redirect_uri: `${callback.url}/callback`,
        scope: 'identify email',
        state: 'secret-state',
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
      }).toString();
      const result = await runBrowser(auth.toString(), { FAKE_BROWSER_LOG: log });
      expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' });
      expect(callback.received).toHaveLength(1);
      expect(callback.received[0]?.searchParams.get('state')).toBe('secret-state');
      expect(callback.received[0]?.searchParams.get('code')).toBeTruthy();
      const visits = readFileSync(log, 'utf8').trim().split('\n');
      expect(visits).toEqual([
        `${discord.url}/oauth2/authorize`,
        `${callback.url}/callback`,
        `${callback.url}/done`,
      ]);

      // A 400 page (bad redirect_uri) fails with one line and no query.
      auth.searchParams.set('redirect_uri', 'https://evil.example/callback');
      const failed = await runBrowser(auth.toString());
      expect(failed.code).toBe(1);
      expect(failed.stderr.trim().split('\n')).toHaveLength(1);
      expect(failed.stderr).toContain('HTTP 400');
      expect(failed.stderr).not.toContain('secret-state');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
