import { describe, expect, it } from 'vitest';
import { configDirPerTest } from '../../helpers/config-dir-per-test.js';

describe('loadConfig: Microsoft', () => {
  const { writeFile, load } = configDirPerTest();

  it('defaults to the common tenant at login.microsoftonline.com, with no client id', () => {
    expect(load().microsoft).toEqual({
      clientId: null,
      redirectPort: null,
      scopes: null,
      tenant: 'common',
      authority: 'https://login.microsoftonline.com',
    });
  });

  it('takes SIGNET_MICROSOFT_* over config.json', () => {
    writeFile({
      microsoft: {
        clientId: 'file-id',
        tenant: 'organizations',
        authority: 'https://login.example.test/',
        scopes: ['User.Read'],
      },
    });
    expect(load().microsoft).toMatchObject({
      clientId: 'file-id',
      tenant: 'organizations',
      authority: 'https://login.example.test',
      scopes: ['User.Read'],
    });
    expect(
      load({
        SIGNET_MICROSOFT_CLIENT_ID: 'env-id',
        SIGNET_MICROSOFT_TENANT: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        SIGNET_MICROSOFT_AUTHORITY: 'http://127.0.0.1:47013',
        SIGNET_MICROSOFT_REDIRECT_PORT: '53682',
      }).microsoft,
    ).toMatchObject({
      clientId: 'env-id',
      tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      authority: 'http://127.0.0.1:47013',
      redirectPort: 53682,
    });
  });

  it.each([
    [{ SIGNET_MICROSOFT_AUTHORITY: 'http://login.microsoftonline.com' }, 'SIGNET_MICROSOFT_AUTHORITY'],
    [{ SIGNET_MICROSOFT_AUTHORITY: 'not a url' }, 'SIGNET_MICROSOFT_AUTHORITY'],
    [{ SIGNET_MICROSOFT_TENANT: '../common' }, 'SIGNET_MICROSOFT_TENANT'],
    [{ SIGNET_MICROSOFT_TENANT: 'contoso/../x' }, 'SIGNET_MICROSOFT_TENANT'],
  ])('refuses %o in one line naming %s', (env, key) => {
    expect(() => load(env)).toThrow(expect.objectContaining({ code: 'config-invalid' }));
    expect(() => load(env)).toThrow(key);
  });

  it('refuses a client secret for Microsoft in config.json: it is a public client', () => {
    writeFile({ microsoft: { clientId: 'id', clientSecret: 'nope' } });
    expect(() => load()).toThrow(expect.objectContaining({ code: 'config-invalid' }));
  });

  it('refuses an OIDC provider named microsoft, now a built-in one', () => {
    writeFile({
      oidc: [{ id: 'microsoft', name: 'Entra', issuer: 'https://login.example.test', clientId: 'x' }],
    });
    expect(() => load()).toThrow(expect.objectContaining({ code: 'config-invalid' }));
  });
});
