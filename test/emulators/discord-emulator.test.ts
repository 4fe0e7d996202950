// The Discord emulator over HTTP: form-only token endpoint, rotation, revocation, @me.

import { describe, expect, it } from 'vitest';

import { startDiscordEmulator } from '../../emulators/index.js';
import { authorize, basic, closeAfterEach, pkce, postForm, REDIRECT } from './oauth-test-client.js';

const track = closeAfterEach();

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
