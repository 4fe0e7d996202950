import { describe, expect, it } from 'vitest';
import { startDeviceAuthorization } from '../../../src/main/core/flows/oauth-operations.js';
import type { FetchLike } from '../../../src/main/core/http/http-client.js';
import { availableMethods } from '../../../src/main/core/providers/available-methods.js';
import { createGoogleProvider } from '../../../src/main/core/providers/google-provider.js';
import { createOidcProvider } from '../../../src/main/core/providers/oidc-provider.js';

const issuer = 'https://idp.example.test';

/** Discovery (with or without a device endpoint) and a device authorization endpoint, recorded. */
function idp(withDevice: boolean) {
  const bodies: URLSearchParams[] = [];
  const http: FetchLike = async (url, init) => {
    if (url === `${issuer}/.well-known/openid-configuration`) {
      return Response.json({
        issuer,
        authorization_endpoint: `${issuer}/auth`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        ...(withDevice ? { device_authorization_endpoint: `${issuer}/device/auth` } : {}),
      });
    }
    if (url === `${issuer}/device/auth`) {
      bodies.push(new URLSearchParams(String(init?.body ?? '')));
      return Response.json({
        device_code: 'dc',
        user_code: 'ABCD-EFGH',
        verification_uri: `${issuer}/device`,
        expires_in: 600,
      });
    }
    return new Response('not found', { status: 404 });
  };
  return { http, bodies };
}

const corp = (http: FetchLike) =>
  createOidcProvider({
    id: 'corp',
    name: 'Corp',
    issuer,
    clientId: 'corp-client',
    clientSecret: 'corp-secret',
    scopes: ['openid'],
    redirectPort: null,
    missing: [],
    http,
  });

describe('the device flow for OpenID providers whose metadata names a device endpoint', () => {
  it('is offered once discovery names device_authorization_endpoint, and not before', async () => {
    const provider = corp(idp(true).http);
    expect(provider.methods).toEqual(['browser']);
    expect(await availableMethods(provider)).toEqual(['browser', 'device']);
  });

  it('is not offered when discovery names none', async () => {
    expect(await availableMethods(corp(idp(false).http))).toEqual(['browser']);
  });

  it('authenticates the client at the device authorization endpoint as at the token endpoint', async () => {
    const { http, bodies } = idp(true);
    const device = await startDeviceAuthorization(corp(http));
    expect(device.userCode).toBe('ABCD-EFGH');
    expect(bodies).toHaveLength(1);
    expect(bodies[0]?.get('client_id')).toBe('corp-client');
    expect(bodies[0]?.get('client_secret')).toBe('corp-secret');
  });

  it('is not offered for Google, whose Desktop clients cannot use its device endpoint', async () => {
    const google = createGoogleProvider({
      issuer,
      clientId: 'id',
      clientSecret: 'secret',
      scopes: null,
      redirectPort: null,
      http: idp(true).http,
    });
    expect(await availableMethods(google)).toEqual(['browser']);
  });

  it('keeps what it knows when the provider cannot be reached', async () => {
    const down = corp(() => Promise.reject(new TypeError('fetch failed')));
    expect(await availableMethods(down)).toEqual(['browser']);
  });
});
