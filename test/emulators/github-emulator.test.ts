// The GitHub emulator over HTTP: OAuth apps and GitHub Apps, errors with HTTP 200, the device flow.

import { describe, expect, it } from 'vitest';

import { startGithubEmulator, tokenId, type GithubEmulator } from '../../emulators/index.js';
import { authorize, basic, closeAfterEach, pkce, postForm, REDIRECT, statsOf } from './oauth-test-client.js';

const track = closeAfterEach();

/** Authorize with PKCE as the consenting user; the redirect and what the token request needs. */
async function authorizeWithPkce(
  gh: GithubEmulator,
  params: Record<string, string>,
): Promise<{ auth: Awaited<ReturnType<typeof authorize>>; code: string; verifier: string }> {
  const { verifier, challenge } = pkce();
  const auth = await authorize(`${gh.url}/login/oauth/authorize`, {
    client_id: gh.clientId,
    redirect_uri: REDIRECT,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...params,
  });
  return { auth, code: auth.location?.searchParams.get('code') ?? '', verifier };
}

/** A token request of the registered client (its id and secret in the body). */
function postToken(gh: GithubEmulator, params: Record<string, string>): ReturnType<typeof postForm> {
  return postForm(`${gh.url}/login/oauth/access_token`, {
    client_id: gh.clientId,
    client_secret: gh.clientSecret ?? '',
    ...params,
  });
}

/** One device-flow poll of the token endpoint (RFC 8628 §3.4). */
function pollDevice(gh: GithubEmulator, deviceCode: unknown): ReturnType<typeof postForm> {
  return postForm(`${gh.url}/login/oauth/access_token`, {
    client_id: gh.clientId,
    device_code: String(deviceCode),
    grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
  });
}

describe('github emulator', () => {
  it('sends iss=<url>/login/oauth like github.com, none like an older Enterprise Server, or what it is told', async () => {
    const issOf = async (gh: GithubEmulator, state: string) =>
      (await authorizeWithPkce(gh, { state })).auth.location?.searchParams.getAll('iss');
    const dotCom = track(await startGithubEmulator());
    expect(await issOf(dotCom, 'a')).toEqual([`${dotCom.url}/login/oauth`]);
    const olderServer = track(await startGithubEmulator({ iss: null }));
    expect(await issOf(olderServer, 'c')).toEqual([]);
    const wrong = track(await startGithubEmulator({ iss: 'https://evil.example/login/oauth' }));
    expect(await issOf(wrong, 'd')).toEqual(['https://evil.example/login/oauth']);
  });

  it('runs the authorization code flow with PKCE (oauth-app) and serves the API', async () => {
    const gh = track(await startGithubEmulator());
    const { auth, code, verifier } = await authorizeWithPkce(gh, {
      scope: 'read:user user:email',
      state: 'st-1',
    });
    expect(auth.status).toBe(302);
    expect(auth.location?.origin + (auth.location?.pathname ?? '')).toBe(REDIRECT);
    expect(auth.location?.searchParams.get('state')).toBe('st-1');
    expect(auth.location?.searchParams.getAll('iss')).toEqual([`${gh.url}/login/oauth`]);

    const token = await postToken(gh, {
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
    const again = await postToken(gh, {
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
    const { code, verifier } = await authorizeWithPkce(gh, { state: 's' });
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
    const { code, verifier } = await authorizeWithPkce(gh, { state: 's' });
    const first = await postToken(gh, {
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(first.json).toMatchObject({
      expires_in: 28800,
      refresh_token_expires_in: 15811200,
      token_type: 'bearer',
      scope: '',
    });
    expect(String(first.json['access_token'])).toMatch(/^ghu_/);
    const refresh1 = String(first.json['refresh_token']);
    expect(refresh1).toMatch(/^ghr_/);

    const second = await postToken(gh, {
      grant_type: 'refresh_token',
      refresh_token: refresh1,
    });
    const refresh2 = String(second.json['refresh_token']);
    expect(refresh2).toMatch(/^ghr_/);
    expect(refresh2).not.toBe(refresh1);
    expect(gh.isRefreshTokenValid(refresh1)).toBe(false);

    const reuse = await postToken(gh, {
      grant_type: 'refresh_token',
      refresh_token: refresh1,
    });
    expect(reuse.status).toBe(200);
    expect(reuse.json['error']).toBe('bad_refresh_token');
    expect(statsOf(gh)).toMatchObject({ tokenRequests: 3, refreshRequests: 2, codeExchanges: 1 });

    gh.revokeAllRefreshTokens();
    const revoked = await postToken(gh, {
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
    const poll = (): ReturnType<typeof postForm> => pollDevice(gh, start.json['device_code']);

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
    const deniedPoll = await pollDevice(gh, denied.json['device_code']);
    expect(deniedPoll.json['error']).toBe('access_denied');
    const expired = await postForm(`${gh.url}/login/device/code`, { client_id: gh.clientId });
    clock += 901_000;
    const expiredPoll = await pollDevice(gh, expired.json['device_code']);
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
      const { json } = await pollDevice(gh, start.json['device_code']);
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
