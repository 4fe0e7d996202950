import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubEmulator, type GithubEmulator } from '../../../emulators/index.js';
import {
  beginBrowserSignIn,
  completeBrowserSignIn,
  isPending,
  startTestCore,
  type PendingBrowserSignIn,
  type TestCore,
} from '../../helpers/browser-sign-in.js';
import { rawExchange } from '../../helpers/raw-http.js';

/**
 * Arbitrary requests (methods, paths, query strings, headers: odd encodings, %00, unicode, very
 * long values) against the loopback server of a real pending sign-in. Requests are always framed
 * (a request line and a header block that ends), so a server that answers nothing is a bug, not a
 * slow client: slow clients have their own tests in loopback-server.test.ts.
 */

/** CR and LF would reframe the request into something else (an unfinished one); keep them out. */
const noLineBreaks = (text: string) => text.replace(/[\r\n]/g, '');

const longText = fc.integer({ min: 1000, max: 12_000 }).map((n) => 'a'.repeat(n));
const oddText = fc.oneof(
  { arbitrary: fc.string({ maxLength: 40 }), weight: 6 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }), weight: 2 },
  {
    arbitrary: fc.constantFrom(
      '',
      '%00',
      '\u0000',
      '%',
      '%zz',
      '%2',
      '%252F',
      '..',
      '%2e%2e',
      'ü',
      '😀',
      '\u202e',
      '+',
      '&',
      '=',
      '#',
    ),
    weight: 4,
  },
  // Rare per field, but requests have many fields: a fair share of requests carry one.
  { arbitrary: longText, weight: 1 },
);

const method = fc.oneof(
  // Mostly GET, so most requests get past the method check into the path and callback logic.
  { arbitrary: fc.constant('GET'), weight: 6 },
  {
    arbitrary: fc.constantFrom(
      'POST',
      'PUT',
      'HEAD',
      'OPTIONS',
      'DELETE',
      'PATCH',
      'TRACE',
      'CONNECT',
      'PROPFIND',
    ),
    weight: 2,
  },
  { arbitrary: fc.constantFrom('get', 'GÉT', 'G ET', ''), weight: 1 },
  { arbitrary: fc.stringMatching(/^[A-Z]{1,12}$/), weight: 1 },
);

const queryKey = fc.oneof(
  fc.constantFrom(
    'code',
    'state',
    'error',
    'iss',
    'error_description',
    'response',
    'id_token',
    'token',
    'session_state',
    '',
  ),
  oddText,
);
const queryValue = fc.oneof(
  oddText,
  // A plausible but wrong state: right alphabet and length, never the real one.
  fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
);
const encoding = fc.oneof(
  { arbitrary: fc.constant('component' as const), weight: 4 },
  { arbitrary: fc.constantFrom('raw' as const, 'double' as const, 'plus' as const), weight: 3 },
);
const query = fc
  .tuple(fc.array(fc.tuple(queryKey, queryValue), { maxLength: 6 }), encoding)
  .map(([pairs, how]) =>
    pairs
      .map(([key, value]) => {
        const encode = (text: string) =>
          how === 'raw'
            ? text
            : how === 'component'
              ? encodeURIComponent(text)
              : how === 'double'
                ? encodeURIComponent(encodeURIComponent(text))
                : encodeURIComponent(text).replace(/%20/g, '+');
        return `${encode(key)}=${encode(value)}`;
      })
      .join('&'),
  );

const path = fc.oneof(
  // Mostly the callback path itself, so most requests reach the callback's judge.
  { arbitrary: fc.constant('/callback'), weight: 6 },
  {
    arbitrary: fc.constantFrom(
      '/callback/',
      '//callback',
      '/CALLBACK',
      '/callback/../callback',
      '/./callback',
      '/%63allback',
      '/callback%00',
      '/callback;x',
      '/',
      '*',
      '/favicon.ico',
      'callback',
    ),
    weight: 2,
  },
  { arbitrary: fc.webPath(), weight: 1 },
  { arbitrary: oddText.map((text) => `/${text}`), weight: 1 },
);

const target = fc
  .tuple(
    path,
    fc.option(query, { nil: undefined, freq: 4 }),
    fc.oneof({ arbitrary: fc.constant(false), weight: 9 }, { arbitrary: fc.constant(true), weight: 1 }),
  )
  .map(([p, q, absolute]) => `${absolute ? 'http://127.0.0.1' : ''}${p}${q === undefined ? '' : `?${q}`}`);

const headerName = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      'Host',
      'Content-Length',
      'Transfer-Encoding',
      'Expect',
      'Upgrade',
      'Connection',
      'X-Forwarded-Host',
      'Forwarded',
      'Cookie',
      'Accept',
      'Referer',
      'Origin',
    ),
    weight: 3,
  },
  { arbitrary: fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,20}$/), weight: 3 },
  { arbitrary: oddText, weight: 1 },
);
const headers = fc.array(
  fc.tuple(
    headerName,
    fc.oneof(oddText, fc.constantFrom('chunked', '0', '12', '100-continue', 'websocket', 'Upgrade', 'close')),
  ),
  {
    maxLength: 5,
  },
);

const hostMode = fc.constantFrom(
  'right',
  'right',
  'right',
  'foreign',
  'localhost',
  'none',
  'odd',
) as fc.Arbitrary<'right' | 'foreign' | 'localhost' | 'none' | 'odd'>;
const version = fc.oneof(
  { arbitrary: fc.constant('HTTP/1.1'), weight: 8 },
  { arbitrary: fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 extra', 'http/1.1', ''), weight: 1 },
);
const body = fc.option(fc.oneof(fc.string({ maxLength: 200 }), longText), { nil: undefined });

/** Anything at all: mostly stopped by Node's parser (unknown methods, bad header bytes, …). */
const anyRequest = fc.record({ method, target, headers, hostMode, version, body, hostValue: oddText });

/**
 * Well-framed GETs to the right Host with harmless headers, so the arbitrary part (the target:
 * path, query keys and values, encodings) reaches Signet's own path and callback checks.
 */
const framedRequest = fc.record({
  method: fc.constant('GET'),
  target,
  headers: fc.array(
    fc.tuple(
      fc.constantFrom('Accept', 'Referer', 'Cookie', 'X-Forwarded-Host', 'Forwarded', 'Origin', 'User-Agent'),
      fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('evil.example', 'null', '%00', '127.0.0.1')),
    ),
    { maxLength: 3 },
  ),
  hostMode: fc.constant('right' as const),
  version: fc.constant('HTTP/1.1'),
  body: fc.constant(undefined),
  hostValue: fc.constant(''),
});

const request = fc.oneof({ arbitrary: framedRequest, weight: 2 }, { arbitrary: anyRequest, weight: 1 });
type FuzzRequest = typeof anyRequest extends fc.Arbitrary<infer R> ? R : never;

function frame(port: number, r: FuzzRequest): Buffer {
  const host =
    r.hostMode === 'right'
      ? `127.0.0.1:${port}`
      : r.hostMode === 'foreign'
        ? `evil.example:${port}`
        : r.hostMode === 'localhost'
          ? `localhost:${port}`
          : r.hostMode === 'odd'
            ? r.hostValue
            : null;
  const lines = [noLineBreaks(`${r.method} ${r.target} ${r.version}`)];
  if (host !== null) lines.push(noLineBreaks(`Host: ${host}`));
  for (const [name, value] of r.headers) lines.push(noLineBreaks(`${name}: ${value}`));
  if (r.body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(r.body)}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${r.body ?? ''}`, 'utf8');
}

describe('fuzzing the loopback server of a pending sign-in', () => {
  let github: GithubEmulator;
  let test: TestCore;
  let flow: PendingBrowserSignIn;

  beforeAll(async () => {
    github = await startGithubEmulator({ mode: 'github-app' });
    test = await startTestCore({
      SIGNET_GITHUB_CLIENT_ID: github.clientId,
      SIGNET_GITHUB_CLIENT_SECRET: github.clientSecret!,
      SIGNET_GITHUB_URL: github.url,
      SIGNET_GITHUB_API_URL: github.apiUrl,
    });
    flow = await beginBrowserSignIn(test, 'github');
    github.resetStats();
  });
  afterAll(async () => {
    await test.close();
    await github.close();
  });

  it('answers every arbitrary request within 2 s with a status < 600, and accepts none', async () => {
    const statuses = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const response = await rawExchange(flow.port, frame(flow.port, r), {
          deadlineMs: 2500,
          stopWhenAnswered: true,
        });
        expect(response.connectError).toBeNull();
        expect(response.status).not.toBeNull();
        expect(response.status!).toBeGreaterThanOrEqual(100);
        expect(response.status!).toBeLessThan(600);
        // Answered within 2 s (a keep-alive connection may then linger until keepAliveTimeout).
        expect(response.answeredMs).not.toBeNull();
        expect(response.answeredMs!).toBeLessThan(2000);
        // Never accepted: no redirect to the result page, the flow still waits, no code exchanged.
        expect(response.status).not.toBe(302);
        expect(await isPending(flow.result)).toBe(true);
        // Signet's own answers carry its page headers; Node's parser errors are bare.
        const key = `${response.status}${response.headers['x-frame-options'] === 'DENY' ? ' page' : ''}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
      }),
      { seed: 4242, numRuns: 150 },
    );
    expect(github.stats.codeExchanges).toBe(0);
    console.log('statuses seen:', Object.fromEntries(statuses));
    // The generator reached the callback logic, not only the parser and the Host check.
    // The generator reached Signet's own checks (Host, method, path, the callback's judge), not
    // only Node's parser.
    expect([...statuses.keys()]).toEqual(
      expect.arrayContaining(['400 page', '404 page', '405 page', '421 page']),
    );
    expect(statuses.get('400 page')).toBeGreaterThanOrEqual(20);
  });

  it('then the real callback still completes the flow', async () => {
    const landing = await completeBrowserSignIn(flow);
    expect(landing.callback.status).toBe(302);
    expect(landing.resultPage?.status).toBe(200);
    await flow.result;
    expect(await test.core.listAccounts()).toHaveLength(1);
  });
});
