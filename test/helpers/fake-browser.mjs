#!/usr/bin/env node
// A stand-in for the system browser in tests: SIGNET_BROWSER="node test/helpers/fake-browser.mjs".
//
// The URL to open is the LAST argument. It is loaded with GET like a browser would, following
// 301/302/303/307/308 Location headers (at most 10 hops), including into the app's loopback
// callback http://127.0.0.1:<port>/callback?..., and the process exits 0 once a final page answers
// 2xx. Like a browser it keeps cookies per origin while it runs (authorization servers such as
// oidc-provider tie an interaction to the browser by cookie; paths and expiry dates are not
// modelled, Max-Age=0 and empty values delete). Anything else prints one line (never a query
// string, never a cookie) to stderr and exits 1.
//
// Environment:
//   FAKE_BROWSER_LOG=<file>        append the origin+path (no query) of every visited URL, one a line
//   FAKE_BROWSER_ACTION=follow     (default) load the URL as above
//                     =ignore      exit 0 without loading anything (the user closed the tab)
//                     =fail        exit 1 without loading anything (the opener failed)
//   FAKE_BROWSER_TIMEOUT_MS=<ms>   per-request timeout (default 15000)

import { appendFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';

const MAX_HOPS = 20;
const MAX_PAGE_BYTES = 5 * 1024 * 1024;
const TIMEOUT_MS =
  Number(process.env.FAKE_BROWSER_TIMEOUT_MS) > 0 ? Number(process.env.FAKE_BROWSER_TIMEOUT_MS) : 15000;
const HEADERS = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) SignetFakeBrowser/1.0',
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'accept-language': 'en-US,en;q=0.5',
};

/** origin + path, never the query or fragment. */
function describe(url) {
  try {
    const parsed = url instanceof URL ? url : new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '<invalid url>';
  }
}

function fail(message) {
  process.stderr.write(`fake-browser: ${message}\n`);
  process.exit(1);
}

function log(url) {
  const file = process.env.FAKE_BROWSER_LOG;
  if (!file) return;
  try {
    appendFileSync(file, `${describe(url)}\n`);
  } catch {
    // A log that cannot be written must not change the outcome.
  }
}

/** origin → (cookie name → value) */
const jar = new Map();

function remember(url, setCookies) {
  const cookies = jar.get(url.origin) ?? new Map();
  jar.set(url.origin, cookies);
  for (const line of setCookies) {
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attributes.some((attribute) => /^\s*max-age\s*=\s*0\s*$/i.test(attribute));
    if (value === '' || expired) cookies.delete(name);
    else cookies.set(name, value);
  }
}

function cookieHeader(url) {
  const cookies = jar.get(url.origin);
  if (!cookies || cookies.size === 0) return {};
  return { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
}

/** One GET; resolves with the status and the Location header after the body is read (capped). */
function get(url) {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const req = client.get(url, { headers: { ...HEADERS, ...cookieHeader(url) }, agent: false }, (res) => {
      const setCookie = res.headers['set-cookie'] ?? [];
      remember(url, Array.isArray(setCookie) ? setCookie : [setCookie]);
      const status = res.statusCode ?? 0;
      const location = typeof res.headers.location === 'string' ? res.headers.location : null;
      let size = 0;
      let settled = false;
      const done = () => {
        if (settled) return;
        settled = true;
        resolve({ status, location });
      };
      res.on('data', (chunk) => {
        size += chunk.length;
        if (size > MAX_PAGE_BYTES) {
          res.destroy();
          done();
        }
      });
      res.on('end', done);
      res.on('close', done);
      res.on('error', () => done());
    });
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`timed out after ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
  });
}

async function main() {
  const action = process.env.FAKE_BROWSER_ACTION ?? 'follow';
  if (action === 'ignore') process.exit(0);
  if (action === 'fail') fail('told to fail (FAKE_BROWSER_ACTION=fail)');
  if (action !== 'follow') fail(`unknown FAKE_BROWSER_ACTION ${JSON.stringify(action)}`);

  const raw = process.argv.length > 2 ? process.argv[process.argv.length - 1] : undefined;
  if (!raw) fail('no URL given');
  let url;
  try {
    url = new URL(raw);
  } catch {
    fail('the argument is not a URL');
  }

  for (let hop = 0; hop <= MAX_HOPS; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      fail(`cannot open a ${url.protocol} URL`);
    }
    log(url);
    let answer;
    try {
      answer = await get(url);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      fail(`${reason} while loading ${describe(url)}`);
    }
    const { status, location } = answer;
    if ([301, 302, 303, 307, 308].includes(status)) {
      if (!location) fail(`HTTP ${status} without a Location from ${describe(url)}`);
      try {
        url = new URL(location, url);
      } catch {
        fail(`invalid Location from ${describe(url)}`);
      }
      continue;
    }
    if (status >= 200 && status < 300) process.exit(0);
    fail(`HTTP ${status} from ${describe(url)}`);
  }
  fail(`more than ${MAX_HOPS} redirects`);
}

main().catch((error) => fail(error instanceof Error ? error.message : 'unexpected error'));
