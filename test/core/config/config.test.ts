import { describe, expect, it } from 'vitest';
import { configFileName, type Env } from '../../../src/main/core/config/config.js';
import { SignetError } from '../../../src/shared/errors.js';
import { configDirPerTest } from '../../helpers/config-dir-per-test.js';

describe('loadConfig', () => {
  const configDir = configDirPerTest();
  const { writeFile, load } = configDir;

  /** The one line a failure shows: code config-invalid, no line break, naming `key`. */
  function expectRefusal(env: Env, key: string): SignetError {
    let caught: unknown;
    try {
      load(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SignetError);
    const error = caught as SignetError;
    expect(error.code).toBe('config-invalid');
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message).toContain(key);
    return error;
  }

  it('has working defaults with no file and no environment', () => {
    const config = load();
    expect(config).toMatchObject({
      dataDir: configDir.dir,
      keychainService: 'signet',
      redisUrl: null,
      redisUrlFromEnvironment: false,
      browserCommand: null,
      logLevel: 'warn',
      google: { clientId: null, clientSecret: null, redirectPort: null, scopes: null, issuer: null },
      github: { url: 'https://github.com', apiUrl: 'https://api.github.com' },
      discord: { url: 'https://discord.com', cdnUrl: 'https://cdn.discordapp.com' },
      oidc: [],
    });
  });

  it('takes the environment over config.json, key by key', () => {
    writeFile({
      github: { clientId: 'from-file', clientSecret: 'file-secret', redirectPort: 50001, scopes: ['repo'] },
      discord: { clientId: 'discord-file' },
      syncServerUrl: 'redis://file.example.test:6379',
      browser: 'file-browser',
      logLevel: 'debug',
    });
    const config = load({
      SIGNET_GITHUB_CLIENT_ID: 'from-env',
      SIGNET_GITHUB_REDIRECT_PORT: '50002',
      SIGNET_REDIS_URL: 'rediss://env.example.test:6380',
      SIGNET_BROWSER: 'env-browser',
      SIGNET_LOG_LEVEL: 'error',
    });
    expect(config.github).toMatchObject({
      clientId: 'from-env',
      // Not set in the environment: the file's value stands.
      clientSecret: 'file-secret',
      redirectPort: 50002,
      scopes: ['repo'],
    });
    expect(config.discord.clientId).toBe('discord-file');
    expect(config.redisUrl).toBe('rediss://env.example.test:6380');
    expect(config.redisUrlFromEnvironment).toBe(true);
    expect(config.browserCommand).toBe('env-browser');
    expect(config.logLevel).toBe('error');
  });

  it('treats an empty or blank variable as unset, and trims the ones it reads', () => {
    writeFile({ github: { clientId: 'from-file' }, syncServerUrl: 'rediss://file.example.test:6379' });
    const config = load({
      SIGNET_GITHUB_CLIENT_ID: '   ',
      SIGNET_REDIS_URL: '',
      SIGNET_GITHUB_REDIRECT_PORT: ' 53683 ',
    });
    expect(config.github.clientId).toBe('from-file');
    expect(config.github.redirectPort).toBe(53683);
    expect(config.redisUrl).toBe('rediss://file.example.test:6379');
    expect(config.redisUrlFromEnvironment).toBe(false);
  });

  it('uses config.json’s browser before BROWSER, and SIGNET_BROWSER before both', () => {
    expect(load({ BROWSER: 'generic' }).browserCommand).toBe('generic');
    writeFile({ browser: 'from-file' });
    expect(load({ BROWSER: 'generic' }).browserCommand).toBe('from-file');
    expect(load({ BROWSER: 'generic', SIGNET_BROWSER: 'signet-own' }).browserCommand).toBe('signet-own');
  });

  it('derives GitHub Enterprise Server’s API URL and drops trailing slashes', () => {
    const ghe = load({ SIGNET_GITHUB_URL: 'https://ghe.example.test/' }).github;
    expect(ghe).toMatchObject({ url: 'https://ghe.example.test', apiUrl: 'https://ghe.example.test/api/v3' });
    const dotCom = load({ SIGNET_GITHUB_URL: 'https://github.com//' }).github;
    expect(dotCom.apiUrl).toBe('https://api.github.com');
    const explicit = load({
      SIGNET_GITHUB_URL: 'https://ghe.example.test',
      SIGNET_GITHUB_API_URL: 'https://api.ghe.example.test/',
    }).github;
    expect(explicit.apiUrl).toBe('https://api.ghe.example.test');
    expect(load({ SIGNET_GOOGLE_ISSUER: 'https://idp.example.test/' }).google.issuer).toBe(
      'https://idp.example.test',
    );
  });

  it('serves a local Discord’s images from that server', () => {
    expect(load({ SIGNET_DISCORD_URL: 'http://127.0.0.1:47013' }).discord.cdnUrl).toBe(
      'http://127.0.0.1:47013',
    );
  });

  describe('provider URLs: https, or http on a loopback host only', () => {
    it.each([
      'https://github.example.test',
      'http://127.0.0.1:47011',
      'http://127.8.9.10',
      'http://localhost:8080',
      'http://[::1]:47011',
    ])('accepts %s', (url) => {
      expect(load({ SIGNET_GITHUB_URL: url }).github.url).toBe(url);
    });

    it.each([
      'http://github.com',
      'http://10.0.0.1',
      'http://192.168.1.2:8080',
      'http://localhost.example.test',
      'http://127.0.0.1.nip.io',
      'http://[::2]',
      'ftp://127.0.0.1',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'github.com',
      '/relative',
    ])('refuses %s, naming the variable', (url) => {
      expectRefusal({ SIGNET_GITHUB_URL: url }, 'SIGNET_GITHUB_URL');
    });

    it('names the config.json key when the file has the bad URL', () => {
      writeFile({
        oidc: [{ id: 'gitlab', name: 'GitLab', issuer: 'http://gitlab.example.test', clientId: 'x' }],
      });
      expectRefusal({}, 'oidc[0].issuer');
      writeFile({ discord: { cdnUrl: 'http://cdn.example.test' } });
      expectRefusal({}, 'discord.cdnUrl');
    });
  });

  describe('sync server URL', () => {
    it.each([
      'redis://127.0.0.1:6379',
      'rediss://signet:password@redis.example.test:6380',
      'redis-cluster://127.0.0.1:7000,127.0.0.1:7001',
      'rediss-cluster://node.example.test:7000',
      'redis-sentinel://127.0.0.1:26379,[::1]:26380/mymaster',
      'rediss-sentinel://sentinel.example.test:26379/mymaster',
    ])('accepts %s', (url) => {
      expect(load({ SIGNET_REDIS_URL: url }).redisUrl).toBe(url);
    });

    it.each([
      'http://127.0.0.1:6379',
      'redis://',
      'redis:/127.0.0.1:6379',
      'redis://host name:6379',
      'memcached://127.0.0.1:11211',
      'REDIS-PLUS://x',
    ])('refuses %s from the environment as SIGNET_REDIS_URL', (url) => {
      expectRefusal({ SIGNET_REDIS_URL: url }, 'SIGNET_REDIS_URL');
    });

    it('refuses a bad one from config.json as syncServerUrl', () => {
      writeFile({ syncServerUrl: 'http://127.0.0.1:6379' });
      expectRefusal({}, 'syncServerUrl');
    });
  });

  describe('invalid values fail with one line naming the key', () => {
    it.each([
      ['SIGNET_GITHUB_REDIRECT_PORT', '80'],
      ['SIGNET_GITHUB_REDIRECT_PORT', '65536'],
      ['SIGNET_DISCORD_REDIRECT_PORT', 'soon'],
      ['SIGNET_GOOGLE_REDIRECT_PORT', '5000.5'],
      ['SIGNET_LOG_LEVEL', 'verbose'],
      ['SIGNET_GOOGLE_ISSUER', 'http://accounts.example.test'],
    ])('%s=%s', (key, value) => {
      expectRefusal({ [key]: value }, key);
    });

    it.each<[string, unknown, string]>([
      ['a port out of range', { github: { redirectPort: 80 } }, 'github.redirectPort'],
      ['a port that is a string', { discord: { redirectPort: '53682' } }, 'discord.redirectPort'],
      ['an unknown log level', { logLevel: 'loud' }, 'logLevel'],
      ['scopes that are not a list', { google: { scopes: 'email profile' } }, 'google.scopes'],
      [
        'an OIDC id that is not lowercase',
        { oidc: [{ id: 'GitLab', name: 'G', issuer: 'https://g.test', clientId: 'c' }] },
        'oidc.0.id',
      ],
      [
        'an OIDC entry with no client id',
        { oidc: [{ id: 'gitlab', name: 'G', issuer: 'https://g.test' }] },
        'oidc.0.clientId',
      ],
    ])('config.json with %s', (_why, file, key) => {
      writeFile(file);
      const error = expectRefusal({}, `"${key}"`);
      expect(error.message).toContain(configFileName);
    });

    it('names a misspelt key in config.json', () => {
      writeFile({ github: { clientSecrett: 'x' } });
      expect(expectRefusal({}, '"github"').message).toContain('clientSecrett');
    });

    it('says a config.json that is not JSON should be fixed or deleted', () => {
      writeFile('{ "github": ');
      expect(expectRefusal({}, configFileName).message).toMatch(/not valid JSON: fix or delete it\.$/);
    });

    it('refuses an OIDC provider that takes a built-in provider’s id', () => {
      writeFile({
        oidc: [{ id: 'github', name: 'Mine', issuer: 'https://idp.example.test', clientId: 'c' }],
      });
      expectRefusal({}, 'oidc[0].id');
    });

    it('never repeats a client secret in its message', () => {
      writeFile({ github: { clientSecret: 'file-secret-value', redirectPort: 1 } });
      expect(expectRefusal({}, '"github.redirectPort"').message).not.toContain('file-secret-value');
    });
  });

  it('reads OIDC providers from config.json, secrets and ports from their own variables', () => {
    writeFile({
      oidc: [{ id: 'corp-idp', name: 'Corp', issuer: 'https://idp.example.test/', clientId: 'corp-client' }],
    });
    const [corp] = load({
      SIGNET_CORP_IDP_CLIENT_SECRET: 'corp-secret',
      SIGNET_CORP_IDP_REDIRECT_PORT: '53690',
    }).oidc;
    expect(corp).toEqual({
      id: 'corp-idp',
      name: 'Corp',
      issuer: 'https://idp.example.test',
      clientId: 'corp-client',
      clientSecret: 'corp-secret',
      redirectPort: 53690,
      scopes: null,
      tokenEndpointAuthMethod: null,
    });
  });
});
