// What only Google does, through the CLI: offline access asked for in the authorization request,
// the client secret in the body of token requests, and the ID token checked before an account is
// kept. The journey every provider shares is in cli-journey.test.ts.

import { describe, expect, it } from 'vitest';
import { startGoogleEmulator } from '../../emulators/index.js';
import { expectFailure } from '../helpers/cli.js';
import { useCliSessionAgainst } from '../helpers/cli-session.js';
import { googleEnv } from '../helpers/test-core.js';

describe('signet CLI against the Google emulator: offline access and the ID token', () => {
  const session = useCliSessionAgainst(() => startGoogleEmulator(), googleEnv);
  const signet = session.run;

  it('asks for offline access with consent, and the ID token carries the nonce back', async () => {
    const account = await session.login('google');
    expect(account).toMatchObject({ provider: 'google', login: 'jane.doe@gmail.test' });
    const request = session.server.lastAuthorizationRequest!;
    expect(request.get('access_type')).toBe('offline');
    expect(request.get('prompt')).toBe('consent');
    expect(request.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', 'email', 'profile']));
    // The ID token Signet accepted carried that nonce back.
    expect(session.server.lastIdTokenClaims?.['nonce']).toBe(request.get('nonce'));
    expect(session.server.lastTokenRequest).toMatchObject({
      grantType: 'authorization_code',
      bodyType: 'form',
    });
    expect(session.server.lastTokenRequest?.paramNames).toEqual(expect.arrayContaining(['code_verifier']));
  });

  it('refreshes with the client secret in the request body', async () => {
    expect((await signet('refresh', 'google')).code).toBe(0);
    expect(session.server.lastTokenRequest).toMatchObject({ grantType: 'refresh_token', clientAuth: 'post' });
  });

  it.each([
    [
      'a nonce that is not the one it sent',
      () => session.server.idTokenOverrides({ nonce: 'not-the-nonce-signet-sent' }),
    ],
    [
      'another audience',
      () => session.server.idTokenOverrides({ aud: 'someone-else.apps.googleusercontent.com' }),
    ],
    ['a signature by another key', () => session.server.signWith('wrong-key')],
  ])('refuses a sign-in whose ID token has %s', async (_what, tamper) => {
    tamper();
    const result = await signet('login', 'google', '--json');
    expectFailure(result, 1, 'signet: Google sent an ID token that failed validation.');
    const accounts = JSON.parse((await signet('accounts', '--json')).stdout);
    expect(accounts).toHaveLength(1);
  });

  it('never printed or stored a secret outside `signet token`', () => {
    session.expectNoSecrets();
  });
});
