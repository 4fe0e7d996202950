import { describe, expect, it } from 'vitest';
import { createAuthorizationRequest } from '../../../src/main/core/flows/oauth-operations.js';
import {
  createGoogleProvider,
  googleIdTokenIssuer,
} from '../../../src/main/core/providers/google-provider.js';

const google = { issuer: 'https://accounts.google.com' };

describe('Google’s two documented ID-token issuers', () => {
  it.each(['https://accounts.google.com', 'accounts.google.com'])(
    'expects %s when the token carries it',
    (iss) => {
      expect(googleIdTokenIssuer({ iss }, google)).toBe(iss);
    },
  );

  it.each([
    'https://accounts.google.com/',
    'http://accounts.google.com',
    'accounts.google.com.evil.example',
    'evil.example',
    undefined,
  ])('expects the metadata issuer (so validation refuses) when the token carries %s', (iss) => {
    expect(googleIdTokenIssuer({ iss }, google)).toBe('https://accounts.google.com');
  });

  it('applies the same rule to a local issuer (the emulator): its address without the scheme', () => {
    const local = { issuer: 'http://127.0.0.1:47012' };
    expect(googleIdTokenIssuer({ iss: '127.0.0.1:47012' }, local)).toBe('127.0.0.1:47012');
    expect(googleIdTokenIssuer({ iss: '127.0.0.1:1' }, local)).toBe('http://127.0.0.1:47012');
  });
});

describe('Google’s account chooser', () => {
  it('asks for select_account and consent together when choosing another account', async () => {
    const provider = createGoogleProvider({
      issuer: null,
      clientId: 'id.apps.googleusercontent.com',
      clientSecret: 'not-a-real-secret',
      scopes: null,
      redirectPort: null,
      http: () => Promise.reject(new Error('no request expected')),
    });
    const usual = await createAuthorizationRequest(provider, 'http://127.0.0.1:1/callback');
    expect(usual.url.searchParams.get('prompt')).toBe('consent');
    const another = await createAuthorizationRequest(provider, 'http://127.0.0.1:1/callback', {
      selectAccount: true,
    });
    expect(another.url.searchParams.get('prompt')).toBe('select_account consent');
    expect(another.url.searchParams.get('access_type')).toBe('offline');
  });
});
