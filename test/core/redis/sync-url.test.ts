import { describe, expect, it } from 'vitest';
import { redactText } from '../../../src/main/core/logging/redact.js';
import { parseRedisUrl, redactRedisUrl } from '../../../src/main/core/redis/redis-connection.js';
import {
  joinSyncPassword,
  parseSyncUrl,
  plaintextProblem,
  plaintextRefusal,
  redactSyncUrl,
  splitSyncPassword,
  type SyncUrl,
} from '../../../src/shared/sync-url.js';
import { passwordShapes, passwordUrls, leakedParts } from './password-shapes.js';

function parsed(value: string): SyncUrl {
  const result = parseSyncUrl(value);
  if (!result.ok) throw new Error(`expected ${value} to parse: ${result.problem}`);
  return result.url;
}

describe('the sync server address grammar', () => {
  it('reads every form: one server, a Cluster, Sentinels, IPv6, default ports, the database and master', () => {
    expect(parsed('redis://127.0.0.1')).toMatchObject({
      kind: 'single',
      tls: false,
      nodes: [{ host: '127.0.0.1', port: 6379 }],
      db: 0,
    });
    expect(parsed('rediss://u:pw@[2001:db8::1]:6380/3')).toMatchObject({
      kind: 'single',
      tls: true,
      nodes: [{ host: '2001:db8::1', port: 6380 }],
      username: 'u',
      password: 'pw',
      db: 3,
    });
    expect(parsed('rediss-cluster://a.example:7000,[::1]:7001')).toMatchObject({
      kind: 'cluster',
      tls: true,
      nodes: [
        { host: 'a.example', port: 7000 },
        { host: '::1', port: 7001 },
      ],
    });
    expect(parsed('rediss-sentinel://s1,s2:26380/prod')).toMatchObject({
      kind: 'sentinel',
      tls: true,
      nodes: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26380 },
      ],
      masterName: 'prod',
    });
    expect(parsed('redis-sentinel://s1').masterName).toBe('mymaster');
    // A lone user part is the password, as token-only servers are written.
    expect(parsed('redis://only-secret@h')).toMatchObject({ username: undefined, password: 'only-secret' });
  });

  it.each([
    ['http://h:6379', /must look like/],
    ['redis:/h', /must look like/],
    ['redis://', /needs a host/],
    ['redis://a b:1', /spaces/],
    ['redis://h:0', /bad host or port/],
    ['redis://h:65536', /bad host or port/],
    ['redis://::1:6379', /IPv6 address in \[brackets\]/],
    ['redis://h1,h2', /several hosts/],
    ['redis://h/x', /bad database number/],
    ['redis-cluster://h:1/2', /Redis Cluster/],
    ['redis://h:1?ssl=true', /query/],
    ['redis-cluster://h:1,h:bad', /host 2 of 2/],
  ])('refuses %s, saying why', (value, why) => {
    const result = parseSyncUrl(value);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem).toMatch(why);
  });

  describe.each(passwordShapes)('a password with %s', (_, password) => {
    const urls = passwordUrls(password);

    it('reads the password back exactly, written as it is or percent-encoded', () => {
      for (const { url, username } of urls) {
        const value = parsed(url);
        expect(value.password).toBe(password);
        expect(value.username).toBe(username);
      }
    });

    it('is never in a redacted address, in free text or in the logger', () => {
      for (const { url } of urls) {
        for (const shown of [
          redactSyncUrl(url),
          redactRedisUrl(url),
          redactText(`could not reach ${url}: refused`),
          redactText(`{"url":"${url}","then":"x"}`),
        ]) {
          expect(leakedParts(shown, password)).toEqual([]);
        }
        // The host stays visible, so a person can tell which server is meant.
        expect(redactSyncUrl(url)).toMatch(/127\.0\.0\.1|\[::1\]|h2\.example/);
      }
    });

    it('is never in the refusal of an address that is otherwise wrong', () => {
      for (const { url } of urls) {
        for (const broken of [
          url.replace(/:\d+(\/|$|,)/, ':99999$1'),
          `${url}?x=1`,
          url.replace('://', ':/'),
        ]) {
          const result = parseSyncUrl(broken);
          expect(result.ok).toBe(false);
          expect(leakedParts(!result.ok ? result.problem : '', password)).toEqual([]);
          let message = '';
          try {
            parseRedisUrl(broken);
          } catch (error) {
            message = (error as Error).message;
          }
          expect(message).toMatch(/^The sync server address /);
          expect(leakedParts(message, password)).toEqual([]);
        }
      }
    });

    it('splits into a storable address with *** and the password, and joins back to the same server', () => {
      for (const { url } of urls) {
        const split = splitSyncPassword(url);
        expect(split.password).toBe(password);
        expect(split.url).toBe(redactSyncUrl(url));
        expect(leakedParts(split.url, password)).toEqual([]);
        expect(parsed(joinSyncPassword(split.url, password))).toEqual(parsed(url));
      }
    });
  });

  it('keeps a user name with no password visible and redacts a lone part entirely', () => {
    expect(redactSyncUrl('redis://signet:@h:1')).toBe('redis://signet:***@h:1');
    expect(redactSyncUrl('redis://lone-secret@h:1')).toBe('redis://***@h:1');
    expect(splitSyncPassword('redis://signet:@h:1')).toEqual({ url: 'redis://signet:@h:1', password: null });
    expect(redactSyncUrl('redis://h:1')).toBe('redis://h:1');
  });
});

describe('plaintext to another machine', () => {
  it.each([
    'redis://127.0.0.1:6379',
    'redis://127.200.3.4',
    'redis://localhost',
    'redis://[::1]:6379',
    'redis-cluster://127.0.0.1:1,localhost:2',
    'redis-sentinel://127.0.0.1:26379/m',
    'rediss://redis.example.com',
    'rediss-cluster://10.0.0.1:1,10.0.0.2:2',
    'rediss-sentinel://[2001:db8::1]/m',
  ])('allows %s', (url) => {
    expect(plaintextProblem(parsed(url), false)).toBeNull();
  });

  it.each([
    'redis://redis.example.com',
    'redis://10.0.0.5:6379',
    'redis://128.0.0.1',
    'redis://[2001:db8::1]:6379',
    'redis-cluster://127.0.0.1:1,10.0.0.1:2',
    'redis-sentinel://sentinel.example/m',
  ])('refuses %s in one line naming the fix, unless the person opted out', (url) => {
    expect(plaintextProblem(parsed(url), false)).toBe(plaintextRefusal);
    expect(plaintextRefusal).toMatch(/rediss:\/\/.*"syncServerAllowPlaintext": true in config\.json/);
    expect(plaintextRefusal).not.toContain('\n');
    expect(plaintextProblem(parsed(url), true)).toBeNull();
  });
});
