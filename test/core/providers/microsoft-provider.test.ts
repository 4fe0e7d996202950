import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/main/core/config/config.js';
import { createAuthorizationRequest } from '../../../src/main/core/flows/oauth-operations.js';
import {
  createMicrosoftProvider,
  microsoftIdTokenIssuer,
} from '../../../src/main/core/providers/microsoft-provider.js';
import { ProviderRegistry } from '../../../src/main/core/providers/provider-registry.js';
import type { FetchLike } from '../../../src/main/core/http/http-client.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const authority = 'https://login.microsoftonline.com';
const template = `${authority}/{tenantid}/v2.0`;
const workTenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const otherTenant = '11111111-2222-3333-4444-555555555555';
const personalTenant = '9188040d-6c67-4c5b-b112-36a304b66dad';

/** A fetch that serves one discovery document and records what was asked. */
function discoveryServing(issuer: string): { http: FetchLike; requested: string[] } {
  const requested: string[] = [];
  const http: FetchLike = (url) => {
    requested.push(url);
    const base = url.replace(/\/v2\.0\/\.well-known\/openid-configuration$/, '');
    return Promise.resolve(
      Response.json({
        issuer,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        token_endpoint: `${base}/oauth2/v2.0/token`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code'],
        subject_types_supported: ['pairwise'],
      }),
    );
  };
  return { http, requested };
}

function microsoft(tenant: string, http: FetchLike, scopes: string[] | null = null) {
  return createMicrosoftProvider({ authority, tenant, clientId: 'app-id', scopes, redirectPort: null, http });
}

describe('the microsoft provider', () => {
  it('is a public client asking for openid profile email offline_access plus what the user asks for', () => {
    const provider = microsoft('common', discoveryServing(template).http, ['User.Read', 'email']);
    expect(provider).toMatchObject({
      id: 'microsoft',
      name: 'Microsoft',
      issuer: `${authority}/common/v2.0`,
    });
    expect(provider.scopes).toEqual(['openid', 'profile', 'email', 'offline_access', 'User.Read']);
    // No secret at all: the end-to-end test runs against an emulator that refuses one (AADSTS700025).
    expect(provider.missing).toEqual([]);
    expect(provider.selectAccountParams).toEqual({ prompt: 'select_account' });
  });

  it.each([
    ['common', template],
    ['organizations', template],
    ['consumers', `${authority}/${personalTenant}/v2.0`],
    [workTenant, `${authority}/${workTenant}/v2.0`],
    ['contoso.onmicrosoft.com', `${authority}/${workTenant}/v2.0`],
  ])('accepts the discovery issuer of tenant %s (%s)', async (tenant, issuer) => {
    const { http, requested } = discoveryServing(issuer);
    const as = await microsoft(tenant, http).metadata();
    expect(as.issuer).toBe(issuer);
    expect(requested).toEqual([`${authority}/${tenant}/v2.0/.well-known/openid-configuration`]);
  });

  it.each([
    [workTenant, `${authority}/${otherTenant}/v2.0`],
    [workTenant, template],
    ['consumers', template],
    ['common', 'https://evil.example/{tenantid}/v2.0'],
    ['common', `${authority}/common/v2.0/../x`],
  ])('refuses tenant %s a discovery document naming %s', async (tenant, issuer) => {
    await expect(microsoft(tenant, discoveryServing(issuer).http).metadata()).rejects.toMatchObject({
      code: 'provider-error',
    });
  });

  it('sends prompt=select_account only when asked to choose another account', async () => {
    const provider = microsoft('common', discoveryServing(template).http);
    const first = await createAuthorizationRequest(provider, 'http://127.0.0.1:1/callback');
    expect(first.url.searchParams.has('prompt')).toBe(false);
    const another = await createAuthorizationRequest(provider, 'http://127.0.0.1:1/callback', {
      selectAccount: true,
    });
    expect(another.url.searchParams.get('prompt')).toBe('select_account');
    expect(another.url.searchParams.get('scope')).toBe('openid profile email offline_access');
  });

  it('is listed by the registry, unconfigured until a client id is set', () => {
    const temp = makeTempDir();
    try {
      const http = discoveryServing(template).http;
      const listed = new ProviderRegistry(loadConfig(temp.dir, {}), http).find('microsoft');
      expect(listed).toMatchObject({ configured: false, missing: ['SIGNET_MICROSOFT_CLIENT_ID'] });
      const configured = new ProviderRegistry(
        loadConfig(temp.dir, { SIGNET_MICROSOFT_CLIENT_ID: 'app-id', SIGNET_MICROSOFT_TENANT: 'consumers' }),
        http,
      ).find('microsoft');
      expect(configured).toMatchObject({ configured: true, issuer: `${authority}/consumers/v2.0` });
    } finally {
      temp.cleanup();
    }
  });
});

describe('microsoftIdTokenIssuer: the template filled with the token’s own tid', () => {
  it('fills the multi-tenant template with tid, work or personal', () => {
    expect(microsoftIdTokenIssuer(authority, { tid: workTenant }, template)).toBe(
      `${authority}/${workTenant}/v2.0`,
    );
    expect(microsoftIdTokenIssuer(authority, { tid: personalTenant }, template)).toBe(
      `${authority}/${personalTenant}/v2.0`,
    );
  });

  it('gives a single tenant’s issuer for a token of that tenant', () => {
    const issuer = `${authority}/${workTenant}/v2.0`;
    expect(microsoftIdTokenIssuer(authority, { tid: workTenant }, issuer)).toBe(issuer);
  });

  it.each([
    ['no tid', {}],
    ['a tid that is not a tenant id', { tid: '../evil' }],
    ['a tid that is a number', { tid: 42 }],
  ])('refuses a token with %s', (_what, claims) => {
    expect(() => microsoftIdTokenIssuer(authority, claims, template)).toThrow(
      expect.objectContaining({ code: 'id-token-invalid' }),
    );
  });

  it('refuses a token of another tenant than the single-tenant metadata names', () => {
    expect(() =>
      microsoftIdTokenIssuer(authority, { tid: otherTenant }, `${authority}/${workTenant}/v2.0`),
    ).toThrow(expect.objectContaining({ code: 'id-token-invalid' }));
  });
});
