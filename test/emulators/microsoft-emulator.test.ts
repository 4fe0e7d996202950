// The Microsoft emulator over HTTP: tenants and the issuer template, a public client's code + PKCE
// exchange, refresh rotation, AADSTS errors, redirect rules, the account picker and UserInfo.

import { describe, expect, it } from 'vitest';

import {
  MICROSOFT_CONSUMER_TENANT_ID,
  MICROSOFT_DEFAULT_TENANT_ID,
  MICROSOFT_DEFAULT_USER,
  MICROSOFT_PERSONAL_USER,
  startMicrosoftEmulator,
  type MicrosoftEmulator,
  type MicrosoftEmulatorOptions,
} from '../../emulators/index.js';
import { authorize, closeAfterEach, decodeJwtPart, pkce, postForm, verifyJwt } from './oauth-test-client.js';

const track = closeAfterEach();

const REDIRECT = 'http://localhost:53682/';
const OTHER_TENANT = '8eaef023-2b34-4da1-9baa-8bc8c9d6a490';

async function start(options: MicrosoftEmulatorOptions = {}): Promise<MicrosoftEmulator> {
  return track(await startMicrosoftEmulator(options));
}

interface SignIn {
  status: number;
  location: URL | null;
  code: string;
  verifier: string;
}

/** The browser leg for a tenant path, with PKCE S256 and a nonce. */
async function signIn(
  ms: MicrosoftEmulator,
  tenant: string,
  params: Record<string, string> = {},
): Promise<SignIn> {
  const { verifier, challenge } = pkce();
  const auth = await authorize(`${ms.url}/${tenant}/oauth2/v2.0/authorize`, {
    client_id: ms.clientId,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: 'openid profile email offline_access',
    state: 'st',
    nonce: 'n-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...params,
  });
  return { ...auth, code: auth.location?.searchParams.get('code') ?? '', verifier };
}

function redeem(ms: MicrosoftEmulator, tenant: string, grant: SignIn, extra: Record<string, string> = {}) {
  return postForm(`${ms.url}/${tenant}/oauth2/v2.0/token`, {
    client_id: ms.clientId,
    grant_type: 'authorization_code',
    code: grant.code,
    redirect_uri: REDIRECT,
    code_verifier: grant.verifier,
    ...extra,
  });
}

function refresh(ms: MicrosoftEmulator, refreshToken: string, extra: Record<string, string> = {}) {
  return postForm(`${ms.url}/common/oauth2/v2.0/token`, {
    client_id: ms.clientId,
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    ...extra,
  });
}

function claimsOf(idToken: unknown): Record<string, unknown> {
  return decodeJwtPart(String(idToken).split('.')[1]);
}

describe('microsoft emulator: discovery', () => {
  it('publishes the issuer template for common and organizations, and a tenant issuer otherwise', async () => {
    const ms = await start();
    const common = (await (await fetch(ms.discoveryUrlFor('common'))).json()) as Record<string, unknown>;
    expect(common).toMatchObject({
      issuer: `${ms.url}/{tenantid}/v2.0`,
      authorization_endpoint: `${ms.url}/common/oauth2/v2.0/authorize`,
      token_endpoint: `${ms.url}/common/oauth2/v2.0/token`,
      jwks_uri: `${ms.url}/common/discovery/v2.0/keys`,
      userinfo_endpoint: `${ms.url}/oidc/userinfo`,
      id_token_signing_alg_values_supported: ['RS256'],
    });
    expect(common).not.toHaveProperty('revocation_endpoint');
    expect(common).not.toHaveProperty('authorization_response_iss_parameter_supported');

    const issuerOf = async (tenant: string) =>
      ((await (await fetch(ms.discoveryUrlFor(tenant))).json()) as { issuer: string }).issuer;
    expect(await issuerOf('organizations')).toBe(`${ms.url}/{tenantid}/v2.0`);
    expect(await issuerOf('consumers')).toBe(`${ms.url}/${MICROSOFT_CONSUMER_TENANT_ID}/v2.0`);
    expect(await issuerOf(OTHER_TENANT)).toBe(`${ms.url}/${OTHER_TENANT}/v2.0`);

    const keys = (await (await fetch(String(common['jwks_uri']))).json()) as {
      keys: Array<Record<string, unknown>>;
    };
    expect(keys.keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', issuer: `${ms.url}/{tenantid}/v2.0` });

    const invalid = await fetch(ms.discoveryUrlFor('not-a-tenant'));
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
  });
});

describe('microsoft emulator: sign-in', () => {
  it('exchanges a code with PKCE and no secret for tokens whose iss is the template filled with tid', async () => {
    const ms = await start();
    const grant = await signIn(ms, 'common');
    expect(grant.status).toBe(302);
    expect(grant.location?.origin + (grant.location?.pathname ?? '')).toBe(REDIRECT);
    expect([...(grant.location?.searchParams.keys() ?? [])].sort()).toEqual(['code', 'state']);

    const token = await redeem(ms, 'common', grant);
    expect(token.status).toBe(200);
    expect(token.json).toMatchObject({ token_type: 'Bearer', scope: 'openid profile email offline_access' });
    expect(Number(token.json['expires_in'])).toBeGreaterThanOrEqual(3600);
    expect(Number(token.json['expires_in'])).toBeLessThanOrEqual(5400);
    expect(String(token.json['refresh_token'])).toMatch(/^ms_rt_/);
    expect(ms.lastTokenRequest).toMatchObject({ clientAuth: 'none', bodyType: 'form' });

    const idToken = String(token.json['id_token']);
    expect(await verifyJwt(idToken, `${ms.url}/common/discovery/v2.0/keys`)).toBe(true);
    const claims = claimsOf(idToken);
    expect(claims).toMatchObject({
      ver: '2.0',
      tid: MICROSOFT_DEFAULT_TENANT_ID,
      iss: `${ms.url}/${MICROSOFT_DEFAULT_TENANT_ID}/v2.0`,
      aud: ms.clientId,
      nonce: 'n-1',
      oid: MICROSOFT_DEFAULT_USER.oid,
      preferred_username: MICROSOFT_DEFAULT_USER.preferredUsername,
      email: MICROSOFT_DEFAULT_USER.email,
    });
    expect(claims['sub']).not.toBe(MICROSOFT_DEFAULT_USER.oid);

    // The same code twice: AADSTS54005.
    const again = await redeem(ms, 'common', grant);
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ error: 'invalid_grant', error_codes: [54005] });
    expect(String(again.json['error_description'])).toMatch(
      /^AADSTS54005: .*\r\nTrace ID: .*\r\nCorrelation ID: /s,
    );
  });

  it('issues a refresh token only with offline_access and an ID token only with openid', async () => {
    const ms = await start();
    const token = await redeem(ms, 'common', await signIn(ms, 'common', { scope: 'openid profile' }));
    expect(token.json).toHaveProperty('id_token');
    expect(token.json).not.toHaveProperty('refresh_token');
    const noOpenid = await redeem(ms, 'common', await signIn(ms, 'common', { scope: 'offline_access' }));
    expect(noOpenid.json).not.toHaveProperty('id_token');
    expect(noOpenid.json).toHaveProperty('refresh_token');
  });

  it('signs in a personal account with the consumer tid, and keeps it out of organizations', async () => {
    const ms = await start({ user: MICROSOFT_PERSONAL_USER });
    const token = await redeem(ms, 'consumers', await signIn(ms, 'consumers'));
    expect(claimsOf(token.json['id_token'])).toMatchObject({
      tid: MICROSOFT_CONSUMER_TENANT_ID,
      iss: `${ms.url}/${MICROSOFT_CONSUMER_TENANT_ID}/v2.0`,
    });
    const organizations = await signIn(ms, 'organizations');
    expect(organizations.status).toBe(400);
    expect(organizations.location).toBeNull();

    ms.setUser(MICROSOFT_DEFAULT_USER);
    expect((await signIn(ms, 'consumers')).status).toBe(400);
    // A tenant id lets in that tenant's own users only (AADSTS50020 for the others).
    expect((await signIn(ms, MICROSOFT_DEFAULT_TENANT_ID)).status).toBe(302);
    expect((await signIn(ms, OTHER_TENANT)).status).toBe(400);
  });

  it('as a single-tenant app, refuses common and signs in through its own tenant', async () => {
    const ms = await start({ tenancy: 'single' });
    const viaCommon = await fetch(
      `${ms.url}/common/oauth2/v2.0/authorize?client_id=${ms.clientId}&response_type=code&scope=openid`,
    );
    expect(viaCommon.status).toBe(400);
    expect(await viaCommon.text()).toContain('AADSTS50194');

    const grant = await signIn(ms, MICROSOFT_DEFAULT_TENANT_ID);
    expect(grant.status).toBe(302);
    const token = await redeem(ms, MICROSOFT_DEFAULT_TENANT_ID, grant);
    expect(claimsOf(token.json['id_token'])['iss']).toBe(`${ms.url}/${MICROSOFT_DEFAULT_TENANT_ID}/v2.0`);
  });

  it('can issue an ID token whose iss names another tenant than its tid', async () => {
    const ms = await start();
    ms.issueIdTokensWithIssuerTenant(OTHER_TENANT);
    const hostile = claimsOf((await redeem(ms, 'common', await signIn(ms, 'common'))).json['id_token']);
    expect(hostile).toMatchObject({
      tid: MICROSOFT_DEFAULT_TENANT_ID,
      iss: `${ms.url}/${OTHER_TENANT}/v2.0`,
    });
    ms.issueIdTokensWithIssuerTenant(null);
    const honest = claimsOf((await redeem(ms, 'common', await signIn(ms, 'common'))).json['id_token']);
    expect(honest['iss']).toBe(`${ms.url}/${MICROSOFT_DEFAULT_TENANT_ID}/v2.0`);
  });

  it('with prompt=select_account signs in the account chosen in the picker, else the session user', async () => {
    const ms = await start();
    ms.chooseAccount({
      ...MICROSOFT_DEFAULT_USER,
      oid: '00000000-0000-0000-0000-00000000beef',
      name: 'Second',
    });
    const silent = claimsOf((await redeem(ms, 'common', await signIn(ms, 'common'))).json['id_token']);
    expect(silent['oid']).toBe(MICROSOFT_DEFAULT_USER.oid);
    const picked = await signIn(ms, 'common', { prompt: 'select_account' });
    expect(ms.lastAuthorizationRequest?.get('prompt')).toBe('select_account');
    const chosen = claimsOf((await redeem(ms, 'common', picked)).json['id_token']);
    expect(chosen).toMatchObject({ oid: '00000000-0000-0000-0000-00000000beef', name: 'Second' });
  });
});

describe('microsoft emulator: refresh', () => {
  it('rotates the refresh token on every use and, as Microsoft does, leaves the old one working', async () => {
    const ms = await start();
    const first = await redeem(ms, 'common', await signIn(ms, 'common'));
    const refresh1 = String(first.json['refresh_token']);
    const second = await refresh(ms, refresh1);
    expect(second.status).toBe(200);
    const refresh2 = String(second.json['refresh_token']);
    expect(refresh2).toMatch(/^ms_rt_/);
    expect(refresh2).not.toBe(refresh1);
    expect(claimsOf(second.json['id_token'])).not.toHaveProperty('nonce');
    expect((await refresh(ms, refresh1)).status).toBe(200);

    // A narrower scope is allowed, a wider one is not.
    expect((await refresh(ms, refresh2, { scope: 'openid offline_access' })).json['scope']).toBe(
      'openid offline_access',
    );
    expect((await refresh(ms, refresh2, { scope: 'openid Mail.Read' })).json).toMatchObject({
      error: 'invalid_scope',
      error_codes: [70011],
    });
  });

  it('with singleUseRefreshTokens refuses a used refresh token with invalid_grant', async () => {
    const ms = await start({ singleUseRefreshTokens: true });
    const first = await redeem(ms, 'common', await signIn(ms, 'common'));
    const refresh1 = String(first.json['refresh_token']);
    const second = await refresh(ms, refresh1);
    expect(second.status).toBe(200);
    const reused = await refresh(ms, refresh1);
    expect(reused.status).toBe(400);
    expect(reused.json).toMatchObject({ error: 'invalid_grant', error_codes: [70000] });
    expect(ms.isRefreshTokenValid(String(second.json['refresh_token']))).toBe(true);

    // The user revoking the app (there is no revocation endpoint) kills the rest.
    ms.revokeAllRefreshTokens();
    expect((await refresh(ms, String(second.json['refresh_token']))).json['error']).toBe('invalid_grant');
    expect((await fetch(`${ms.url}/common/oauth2/v2.0/revoke`, { method: 'POST' })).status).toBe(404);
  });
});

describe('microsoft emulator: clients, PKCE and redirect URIs', () => {
  it('refuses a secret from a public client and a wrong verifier', async () => {
    const ms = await start();
    const withSecret = await redeem(ms, 'common', await signIn(ms, 'common'), { client_secret: 'x' });
    expect(withSecret.status).toBe(401);
    expect(withSecret.json).toMatchObject({ error: 'invalid_client', error_codes: [700025] });

    const wrongVerifier = await redeem(ms, 'common', await signIn(ms, 'common'), {
      code_verifier: pkce().verifier,
    });
    expect(wrongVerifier.json).toMatchObject({ error: 'invalid_grant', error_codes: [501481] });
  });

  it('accepts no PKCE or plain PKCE unless told to require it', async () => {
    const ms = await start();
    const malformed = await signIn(ms, 'common', { code_challenge: 'short', code_challenge_method: 'S256' });
    expect(malformed.location?.searchParams.get('error')).toBe('invalid_request');
    const { verifier } = pkce();
    const plain = await authorize(`${ms.url}/common/oauth2/v2.0/authorize`, {
      client_id: ms.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid',
      code_challenge: verifier,
      code_challenge_method: 'plain',
    });
    const code = plain.location?.searchParams.get('code') ?? '';
    const token = await redeem(ms, 'common', { status: 302, location: null, code, verifier });
    expect(token.status).toBe(200);
    const withoutPkce = await authorize(`${ms.url}/common/oauth2/v2.0/authorize`, {
      client_id: ms.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid',
    });
    expect(withoutPkce.location?.searchParams.has('code')).toBe(true);

    const strict = await start({ requirePkce: true });
    const refused = await authorize(`${strict.url}/common/oauth2/v2.0/authorize`, {
      client_id: strict.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid',
    });
    expect(refused.location?.searchParams.get('error')).toBe('invalid_request');
  });

  it('ignores the port on localhost and registered 127.0.0.1, and refuses [::1] and other paths', async () => {
    const ms = await start({ redirectUris: ['http://localhost', 'http://127.0.0.1/callback'] });
    const statusFor = async (redirectUri: string) =>
      (await signIn(ms, 'common', { redirect_uri: redirectUri })).status;
    expect(await statusFor('http://localhost:1234/')).toBe(302);
    expect(await statusFor('http://localhost:40001')).toBe(302);
    expect(await statusFor('http://127.0.0.1:5000/callback')).toBe(302);
    expect(await statusFor('http://127.0.0.1:5000/other')).toBe(400);
    expect(await statusFor('http://localhost:1234/callback')).toBe(400);
    expect(await statusFor('http://[::1]:1234/callback')).toBe(400);
    expect(await statusFor('http://example.test/callback')).toBe(400);

    const defaults = await start();
    expect((await signIn(defaults, 'common', { redirect_uri: 'http://127.0.0.1:5000/' })).status).toBe(400);
  });
});

describe('microsoft emulator: UserInfo', () => {
  it('answers sub, names and email for a token with openid, profile and email', async () => {
    const ms = await start();
    const token = await redeem(ms, 'common', await signIn(ms, 'common'));
    const accessToken = String(token.json['access_token']);
    const info = await fetch(ms.userinfoUrl, { headers: { authorization: `Bearer ${accessToken}` } });
    const body = (await info.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      sub: claimsOf(token.json['id_token'])['sub'],
      name: MICROSOFT_DEFAULT_USER.name,
      given_name: MICROSOFT_DEFAULT_USER.givenName,
      family_name: MICROSOFT_DEFAULT_USER.familyName,
      email: MICROSOFT_DEFAULT_USER.email,
    });
    const photo = await fetch(String(body['picture']), {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect((await fetch(String(body['picture']))).status).toBe(401);
    expect((await fetch(ms.userinfoUrl)).status).toBe(401);
  });
});
