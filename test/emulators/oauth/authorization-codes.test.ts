// Authorization codes on their own: single use even when the redemption fails, expiry, and the
// bindings to client, redirect URI and PKCE challenge.

import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { AuthorizationCodes } from '../../../emulators/oauth/authorization-codes.js';

const VERIFIER = 'v'.repeat(43);
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');
const REDIRECT = 'http://127.0.0.1:5000/callback';

function store(clock: { now: number }, challenge: string | null = CHALLENGE) {
  const codes = new AuthorizationCodes<{ id: string }>(() => clock.now, 60);
  codes.add('code-1', {
    clientId: 'client',
    redirectUri: REDIRECT,
    codeChallenge: challenge,
    codeChallengeMethod: 'S256',
    scope: 'openid',
    user: { id: 'u' },
    request: new URLSearchParams(),
    context: { tenant: 'common' },
  });
  return codes;
}

const params = (extra: Record<string, string>) =>
  new Map(Object.entries({ code: 'code-1', redirect_uri: REDIRECT, code_verifier: VERIFIER, ...extra }));

describe('authorization codes', () => {
  it('redeem once, with the context kept from the authorization', () => {
    const codes = store({ now: 0 });
    const first = codes.redeem(params({}), 'client', { redirectUriRequired: true });
    expect(first.ok && first.code.context).toEqual({ tenant: 'common' });
    expect(codes.redeem(params({}), 'client', { redirectUriRequired: true })).toMatchObject({
      ok: false,
      reason: 'invalid_grant',
      description: 'Authorization code already used.',
    });
  });

  it('are burnt by a failed redemption (a wrong verifier), so a second try fails too', () => {
    const codes = store({ now: 0 });
    const wrong = codes.redeem(params({ code_verifier: 'w'.repeat(43) }), 'client', {
      redirectUriRequired: true,
    });
    expect(wrong).toMatchObject({ ok: false, reason: 'pkce' });
    expect(codes.redeem(params({}), 'client', { redirectUriRequired: true })).toMatchObject({
      ok: false,
      reason: 'invalid_grant',
    });
  });

  it('refuse expiry, another client, another redirect URI, and a verifier without a challenge', () => {
    const clock = { now: 0 };
    const late = store(clock);
    clock.now = 60_000;
    expect(late.redeem(params({}), 'client', { redirectUriRequired: true })).toMatchObject({
      description: 'Authorization code expired.',
    });
    clock.now = 0;
    expect(store(clock).redeem(params({}), 'other', { redirectUriRequired: true })).toMatchObject({
      reason: 'invalid_grant',
    });
    expect(
      store(clock).redeem(params({ redirect_uri: 'http://127.0.0.1:5001/callback' }), 'client', {
        redirectUriRequired: true,
      }),
    ).toMatchObject({ reason: 'redirect_uri_mismatch' });
    expect(store(clock, null).redeem(params({}), 'client', { redirectUriRequired: true })).toMatchObject({
      reason: 'pkce',
      description: 'code_verifier sent but no code_challenge was.',
    });
  });
});
