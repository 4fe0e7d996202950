import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignetError, errorCodes } from '../../src/shared/errors.js';
import { refreshGrant } from '../../src/main/core/flows/oauth-operations.js';
import { createHttpClient } from '../../src/main/core/http/http-client.js';
import { createDiscordProvider } from '../../src/main/core/providers/discord-provider.js';
import { createGithubProvider } from '../../src/main/core/providers/github-provider.js';

/** A server that answers every request with whatever the property hands it. */
let next: { status: number; type: string; body: string } = {
  status: 200,
  type: 'application/json',
  body: '{}',
};
let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((request, response) => {
    request.resume();
    response.writeHead(next.status, { 'content-type': next.type });
    response.end(next.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const statuses = fc.constantFrom(200, 200, 200, 201, 204, 301, 400, 401, 403, 404, 429, 500, 502, 503);
const types = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/html',
  'text/plain',
  'application/x-www-form-urlencoded',
  '',
);
const tokenish = fc.record(
  {
    access_token: fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.constant(null)),
    token_type: fc.oneof(fc.constantFrom('bearer', 'Bearer', 'mac', 'DPoP'), fc.string({ maxLength: 10 })),
    expires_in: fc.oneof(
      fc.integer({ min: -10, max: 100_000 }),
      fc.string({ maxLength: 5 }),
      fc.constant(null),
    ),
    refresh_token: fc.oneof(fc.string({ maxLength: 40 }), fc.integer()),
    scope: fc.oneof(fc.string({ maxLength: 40 }), fc.array(fc.string({ maxLength: 5 }))),
    error: fc.constantFrom(
      'invalid_grant',
      'bad_refresh_token',
      'slow_down',
      'server_error',
      '\u0000<script>',
      'x'.repeat(300),
    ),
    id_token: fc.string({ maxLength: 60 }),
  },
  { requiredKeys: [] },
);
const bodies = fc.oneof(
  fc.string({ maxLength: 500 }),
  fc.json({ maxDepth: 3 }),
  tokenish.map((o) => JSON.stringify(o)),
);

describe('providers’ token responses under fuzzing', () => {
  const http = createHttpClient({ timeoutMs: 2000 });
  const providers = () => [
    createGithubProvider({
      url: base,
      apiUrl: `${base}/api/v3`,
      clientId: 'id',
      clientSecret: 'secret',
      scopes: null,
      redirectPort: null,
      http,
    }),
    createDiscordProvider({
      url: base,
      cdnUrl: base,
      clientId: 'id',
      clientSecret: 'secret',
      scopes: null,
      redirectPort: null,
      http,
    }),
  ];

  it('either yields a usable token set or a typed SignetError, never a crash, an untyped error or a hang', async () => {
    await fc.assert(
      fc.asyncProperty(statuses, types, bodies, fc.constantFrom(0, 1), async (status, type, body, which) => {
        next = { status, type, body };
        const provider = providers()[which]!;
        const started = Date.now();
        try {
          const tokens = await refreshGrant(provider, 'a-refresh-token');
          expect(typeof tokens.accessToken).toBe('string');
          expect(tokens.accessToken.length).toBeGreaterThan(0);
          expect(tokens.expiresAt === null || Number.isFinite(tokens.expiresAt.getTime())).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(SignetError);
          expect(errorCodes).toContain((error as SignetError).code);
          expect((error as SignetError).message).not.toContain('a-refresh-token');
          expect((error as SignetError).message.length).toBeLessThan(400);
        }
        expect(Date.now() - started).toBeLessThan(2500);
      }),
      { seed: 4242, numRuns: 300 },
    );
  });

  it('profile fetches answer with a profile or a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(statuses, types, bodies, fc.constantFrom(0, 1), async (status, type, body, which) => {
        next = { status, type, body };
        const provider = providers()[which]!;
        try {
          const profile = await provider.fetchProfile('an-access-token', undefined);
          expect(profile.providerUserId.length).toBeGreaterThan(0);
          expect(profile.login.length).toBeGreaterThan(0);
        } catch (error) {
          expect(error).toBeInstanceOf(SignetError);
          expect(errorCodes).toContain((error as SignetError).code);
        }
      }),
      { seed: 4242, numRuns: 200 },
    );
  });
});
