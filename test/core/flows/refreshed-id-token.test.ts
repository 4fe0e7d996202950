import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOGLE_DEFAULT_USER, startGoogleEmulator, type GoogleEmulator } from '../../../emulators/index.js';
import { refreshGrant } from '../../../src/main/core/flows/oauth-operations.js';
import { createHttpClient } from '../../../src/main/core/http/http-client.js';
import { createGoogleProvider } from '../../../src/main/core/providers/google-provider.js';
import { signInToGoogle } from '../../emulators/oauth-test-client.js';

/**
 * A refreshed ID token must keep the sign-in's iss, sub, aud and azp (OpenID Connect Core §12.2):
 * iss, aud and azp are checked as for every ID token; sub against the account's, when the caller
 * says whose account it is.
 */
describe('refreshGrant and the refreshed ID token', () => {
  let google: GoogleEmulator;
  let refreshToken: string;
  const provider = () =>
    createGoogleProvider({
      issuer: google.url,
      clientId: google.clientId,
      clientSecret: google.clientSecret,
      scopes: null,
      redirectPort: null,
      http: createHttpClient({ timeoutMs: 2000 }),
    });

  beforeAll(async () => {
    google = await startGoogleEmulator();
    const { token } = await signInToGoogle(google, { access_type: 'offline' });
    refreshToken = String(token.json['refresh_token']);
  });
  afterAll(async () => {
    await google.close();
  });

  it('accepts a refreshed ID token for the same user', async () => {
    const tokens = await refreshGrant(provider(), refreshToken, undefined, {
      subject: GOOGLE_DEFAULT_USER.sub,
    });
    expect(tokens.idTokenClaims?.sub).toBe(GOOGLE_DEFAULT_USER.sub);
  });

  it('refuses a refreshed ID token for another user (sub)', async () => {
    google.idTokenOverrides({ sub: 'someone-else' });
    await expect(
      refreshGrant(provider(), refreshToken, undefined, { subject: GOOGLE_DEFAULT_USER.sub }),
    ).rejects.toMatchObject({ code: 'id-token-invalid' });
  });

  it('refuses a refreshed ID token from another issuer, whoever asks', async () => {
    google.idTokenOverrides({ iss: 'https://accounts.google.com.evil.example' });
    await expect(refreshGrant(provider(), refreshToken)).rejects.toMatchObject({ code: 'id-token-invalid' });
  });

  it('refuses a refreshed ID token for another client (aud)', async () => {
    google.idTokenOverrides({ aud: 'another-client' });
    await expect(refreshGrant(provider(), refreshToken)).rejects.toMatchObject({ code: 'id-token-invalid' });
  });
});
