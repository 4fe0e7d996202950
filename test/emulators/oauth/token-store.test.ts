// The token store on its own: lifetimes, rotation, grants and server-side expiry.

import { describe, expect, it } from 'vitest';

import { TokenStore } from '../../../emulators/oauth/token-store.js';

function store(clock: { now: number }) {
  return new TokenStore<{ id: string }>(() => clock.now, {
    accessTokenTtlSeconds: 3600,
    refreshTokenTtlSeconds: 86_400,
  });
}

const request = {
  clientId: 'client',
  scope: 'openid',
  user: { id: 'u' },
  accessPrefix: 'at_',
  refreshPrefix: 'rt_',
};

describe('token store', () => {
  it('issues tokens with their lifetimes and lets the access token expire on time', () => {
    const clock = { now: 0 };
    const tokens = store(clock);
    const issued = tokens.issue(request);
    expect(issued).toMatchObject({ expiresIn: 3600, refreshExpiresIn: 86_400 });
    expect(issued.accessToken).toMatch(/^at_/);
    clock.now = 3_599_999;
    expect(tokens.get(issued.accessToken, 'access')).not.toBeNull();
    clock.now = 3_600_000;
    expect(tokens.get(issued.accessToken, 'access')).toBeNull();
    expect(tokens.get(issued.accessToken, 'refresh')).toBeNull();
  });

  it('makes a rotated refresh token single use, and a kept one reusable', () => {
    const tokens = store({ now: 0 });
    const { refreshToken } = tokens.issue(request);
    expect(tokens.useRefreshToken(refreshToken ?? '', 'other', true)).toBeNull();
    expect(tokens.useRefreshToken(refreshToken ?? '', 'client', false)).not.toBeNull();
    expect(tokens.useRefreshToken(refreshToken ?? '', 'client', true)).not.toBeNull();
    expect(tokens.useRefreshToken(refreshToken ?? '', 'client', true)).toBeNull();
  });

  it('carries a continued refresh expiry and deletes a whole grant', () => {
    const clock = { now: 1000 };
    const tokens = store(clock);
    const first = tokens.issue(request);
    clock.now = 11_000;
    const next = tokens.issue({ ...request, grantId: first.grantId, refreshExpiresAt: 1000 + 86_400_000 });
    expect(next.refreshExpiresIn).toBe(86_390);
    expect(tokens.deleteGrant(first.grantId)).toBe(4);
    expect(tokens.size).toBe(0);
  });
});
