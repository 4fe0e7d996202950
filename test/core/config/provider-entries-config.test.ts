import { describe, expect, it } from 'vitest';
import { ProviderRegistry } from '../../../src/main/core/providers/provider-registry.js';
import { configDirPerTest } from '../../helpers/config-dir-per-test.js';

describe('loadConfig: GitHub Enterprise hosts and OIDC client authentication', () => {
  const { writeFile, load } = configDirPerTest();
  const ghe = { id: 'ghe-corp', name: 'Corp GitHub', url: 'https://ghe.corp.test/', clientId: 'Iv1.corp' };

  it('reads Enterprise hosts: API URL <url>/api/v3 by default, secret and port from their own variables', () => {
    writeFile({ githubEnterprise: [ghe] });
    expect(
      load({ SIGNET_GHE_CORP_CLIENT_SECRET: 'corp-secret', SIGNET_GHE_CORP_REDIRECT_PORT: '53700' })
        .githubEnterprise,
    ).toEqual([
      {
        id: 'ghe-corp',
        name: 'Corp GitHub',
        url: 'https://ghe.corp.test',
        apiUrl: 'https://ghe.corp.test/api/v3',
        clientId: 'Iv1.corp',
        clientSecret: 'corp-secret',
        redirectPort: 53700,
        scopes: null,
      },
    ]);
  });

  it('makes each Enterprise host a provider of its own beside github.com, with its own issuer', () => {
    writeFile({ githubEnterprise: [ghe] });
    const registry = new ProviderRegistry(load({ SIGNET_GITHUB_CLIENT_ID: 'Iv1.dotcom' }), () =>
      Promise.reject(new Error('no request expected')),
    );
    expect(registry.find('github')).toMatchObject({
      issuer: 'https://github.com/login/oauth',
      policy: { iss: 'required' },
    });
    expect(registry.find('ghe-corp')).toMatchObject({
      name: 'Corp GitHub',
      issuer: 'https://ghe.corp.test/login/oauth',
      configured: true,
      methods: ['device'],
      policy: { iss: 'checked-if-present' },
    });
  });

  it.each([
    ['a built-in id', { githubEnterprise: [{ ...ghe, id: 'github' }] }, 'githubEnterprise[0].id'],
    ['the same id twice', { githubEnterprise: [ghe, ghe] }, 'githubEnterprise[1].id'],
    [
      'an id an OIDC provider has',
      {
        githubEnterprise: [ghe],
        oidc: [{ id: 'ghe-corp', name: 'x', issuer: 'https://idp.test', clientId: 'c' }],
      },
      'oidc[0].id',
    ],
    [
      'plain http off loopback',
      { githubEnterprise: [{ ...ghe, url: 'http://ghe.corp.test' }] },
      'githubEnterprise[0].url',
    ],
    [
      'no client id',
      { githubEnterprise: [{ id: 'x', name: 'x', url: 'https://x.test' }] },
      'githubEnterprise.0.clientId',
    ],
  ])('refuses %s in one line naming the key', (_what, file, key) => {
    writeFile(file);
    expect(() => load()).toThrow(expect.objectContaining({ code: 'config-invalid' }));
    expect(() => load()).toThrow(key);
  });

  it('reads an OIDC provider’s token endpoint authentication method, and refuses an unknown one', () => {
    const entry = { id: 'corp', name: 'Corp', issuer: 'https://idp.test', clientId: 'c' };
    writeFile({ oidc: [{ ...entry, tokenEndpointAuthMethod: 'client_secret_basic' }] });
    expect(load().oidc[0]?.tokenEndpointAuthMethod).toBe('client_secret_basic');
    writeFile({ oidc: [{ ...entry, tokenEndpointAuthMethod: 'private_key_jwt' }] });
    expect(() => load()).toThrow(expect.objectContaining({ code: 'config-invalid' }));
  });
});
