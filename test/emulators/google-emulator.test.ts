// The Google emulator over HTTP: discovery, signed ID tokens, offline access, revocation.

import { describe, expect, it } from 'vitest';

import { startGoogleEmulator, type GoogleEmulator } from '../../emulators/index.js';
import {
  authorize,
  closeAfterEach,
  decodeJwtPart,
  pkce,
  postForm,
  REDIRECT,
  signInToGoogle,
  verifyJwt,
} from './oauth-test-client.js';

const track = closeAfterEach();

describe('google emulator', () => {
  // Every sign-in here sends a nonce, so the ID tokens it returns carry one.
  const signIn = (google: GoogleEmulator, extra: Record<string, string> = {}) =>
    signInToGoogle(google, { nonce: 'n-0S6_WzA2Mj', ...extra });

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

  it('sends the documented variants: iss undeclared in discovery, and the scheme-less ID-token iss', async () => {
    const undeclared = track(await startGoogleEmulator({ authorizationResponseIss: 'undeclared' }));
    const discovery = (await (await fetch(undeclared.discoveryUrl)).json()) as Record<string, unknown>;
    expect(discovery).not.toHaveProperty('authorization_response_iss_parameter_supported');
    expect((await signIn(undeclared)).auth.location?.searchParams.get('iss')).toBe(undeclared.url);

    const legacy = track(await startGoogleEmulator({ idTokenIss: 'schemeless' }));
    const { token } = await signIn(legacy);
    expect(token.status).toBe(200);
    expect(legacy.lastIdTokenClaims?.iss).toBe(legacy.url.replace(/^http:\/\//, ''));
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
