import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, channelNames } from '../../src/shared/contract.js';
import { SignetError } from '../../src/shared/errors.js';
import { loadConfig } from '../../src/main/core/config/config.js';
import { dispatch } from '../../src/main/ipc/dispatch.js';
import type { Handlers } from '../../src/main/ipc/ipc-handlers.js';
import { RedisAccessTokenCache } from '../../src/main/core/cache/redis-access-token-cache.js';
import { testSyncContext } from '../helpers/sync-names.js';
import {
  createRedisClient,
  waitForReady,
  type RedisClient,
} from '../../src/main/core/redis/redis-connection.js';
import { parseRetryAfter } from '../../src/main/core/errors/rate-limit.js';
import { startRedis, stopAndClean, type RedisProcess } from '../helpers/redis-server.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const seed = 4242;

/** Any JSON-ish value an attacker could put on the wire. */
const anyValue = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.string({ maxLength: 5000 }),
  fc.constantFrom(
    '',
    12345,
    [],
    null,
    {},
    undefined,
    { accountId: 'x' },
    { flowId: '../../etc' },
    { __proto__: { polluted: true } },
  ),
);

describe('IPC input validation under fuzzing', () => {
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    channelNames.map((name) => [
      name,
      async () => {
        calls.push(name);
        return null;
      },
    ]),
  ) as unknown as Handlers;

  it('never lets an input through that the channel schema rejects, and never throws', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...channelNames), anyValue, async (channel, input) => {
        const before = calls.length;
        const result = await dispatch(handlers, channel, input);
        const accepted = contract[channel].input.safeParse(input).success;
        expect(result.ok).toBe(accepted);
        expect(calls.length - before).toBe(accepted ? 1 : 0);
        if (!result.ok) {
          expect(result.error.code).toBe('invalid-input');
          expect(JSON.stringify(result.error)).not.toMatch(/\n\s+at /);
        }
      }),
      { seed, numRuns: 400 },
    );
  });

  it('answers unknown channels (including prototype names) with invalid-input', async () => {
    for (const channel of [
      'token:get',
      'account:token',
      '__proto__',
      'constructor',
      'toString',
      '',
      'accounts:list ',
    ]) {
      expect(await dispatch(handlers, channel, undefined)).toEqual({
        ok: false,
        error: { code: 'invalid-input', message: 'Unknown request.' },
      });
    }
  });
});

describe('configuration parsing under fuzzing', () => {
  const temp = makeTempDir();
  afterAll(() => temp.cleanup());

  it('either loads or fails with one config-invalid line, for any config.json text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 2000 }),
          fc.json({ maxDepth: 4 }),
          fc.jsonValue().map((v) => JSON.stringify({ github: v })),
        ),
        (text) => {
          const dir = path.join(temp.dir, 'c');
          mkdirSync(dir, { recursive: true });
          writeFileSync(path.join(dir, 'config.json'), text);
          try {
            loadConfig(dir, {});
          } catch (error) {
            expect(error).toBeInstanceOf(SignetError);
            expect((error as SignetError).code).toBe('config-invalid');
            expect((error as SignetError).message).not.toContain('\n');
          }
        },
      ),
      { seed, numRuns: 300 },
    );
  });

  it('either loads or fails with config-invalid, for any environment values', () => {
    const keys = [
      'SIGNET_GITHUB_URL',
      'SIGNET_GOOGLE_ISSUER',
      'SIGNET_DISCORD_URL',
      'SIGNET_REDIS_URL',
      'SIGNET_GITHUB_REDIRECT_PORT',
      'SIGNET_LOG_LEVEL',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.string({ maxLength: 300 }), (key, value) => {
        try {
          const config = loadConfig(temp.dir, { [key]: value });
          for (const url of [config.github.url, config.discord.url, config.google.issuer].filter(Boolean)) {
            const parsed = new URL(url!);
            expect(
              parsed.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname),
            ).toBe(true);
          }
        } catch (error) {
          expect((error as SignetError).code).toBe('config-invalid');
        }
      }),
      { seed, numRuns: 500 },
    );
  });

  it.each([
    ['SIGNET_GITHUB_URL', 'http://github.com'],
    ['SIGNET_GITHUB_URL', 'javascript:alert(1)'],
    ['SIGNET_GOOGLE_ISSUER', 'file:///etc/passwd'],
    ['SIGNET_DISCORD_URL', 'http://10.0.0.1'],
    ['SIGNET_REDIS_URL', 'http://127.0.0.1:6379'],
    ['SIGNET_GITHUB_REDIRECT_PORT', '80'],
  ])('rejects %s=%s naming the key', (key, value) => {
    expect(() => loadConfig(temp.dir, { [key]: value })).toThrow(
      expect.objectContaining({ code: 'config-invalid', message: expect.stringContaining(key) }),
    );
  });
});

describe('Retry-After parsing', () => {
  it('reads seconds and HTTP dates, and ignores garbage', () => {
    const now = Date.parse('2026-11-26T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Thu, 26 Nov 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Thu, 26 Nov 2026 09:00:00 GMT', now)).toBe(0);
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (value) => {
        const parsed = parseRetryAfter(value, now);
        expect(parsed === null || (Number.isInteger(parsed) && parsed >= 0)).toBe(true);
      }),
      { seed, numRuns: 500 },
    );
  });
});

describe('entries read back from Redis under fuzzing', () => {
  let redis: RedisProcess;
  let client: RedisClient;
  beforeAll(async () => {
    redis = await startRedis();
    client = await createRedisClient(redis.url);
    await waitForReady(client, 3000);
  });
  afterAll(async () => {
    client.disconnect();
    await stopAndClean(redis);
  });

  it('treats any stored value as a valid token or a miss, never a crash', async () => {
    const sync = testSyncContext();
    const cache = new RedisAccessTokenCache(client, sync.context);
    const ref = { accountId: '00000000-0000-4000-8000-000000000001', provider: 'github' };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 3000 }),
          fc.json({ maxDepth: 3 }),
          fc
            .record({
              v: fc.constant(1),
              accessToken: fc.string(),
              tokenType: fc.string(),
              scope: fc.option(fc.string()),
              expiresAt: fc.option(fc.integer()),
            })
            .map((o) => JSON.stringify(o)),
        ),
        async (raw) => {
          await client.set(sync.tokenKey(ref.accountId), raw);
          const token = await cache.get(ref);
          if (token !== null) {
            expect(token.accessToken.length).toBeGreaterThan(0);
            expect(token.expiresAt === null || token.expiresAt.getTime() > 0).toBe(true);
          }
        },
      ),
      { seed, numRuns: 200 },
    );
  });
});
