#!/usr/bin/env node
// A stand-in for the system browser that keeps cookies, for authorization servers that tie an
// interaction to the browser by cookie (oidc-provider): SIGNET_BROWSER="node test/helpers/cookie-browser.mjs".
//
// Like fake-browser.mjs: the URL is the LAST argument; it is loaded with GET, redirects are followed
// (at most 20 hops) into the app's loopback callback, and the process exits 0 once a final page
// answers 2xx. Cookies are kept per origin for the life of the process (paths and expiry dates
// are not modelled; Max-Age=0 and empty values delete). Anything else prints one line (never a
// query string, never a cookie) to stderr and exits 1.

import http from 'node:http';
import https from 'node:https';

const MAX_HOPS = 20;
const TIMEOUT_MS = 15000;
const HEADERS = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) SignetCookieBrowser/1.0',
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
};

/** origin → (name → value) */
const jar = new Map();

function describe(url) {
  return `${url.origin}${url.pathname}`;
}

function fail(message) {
  process.stderr.write(`cookie-browser: ${message}\n`);
  process.exit(1);
}

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

function get(url) {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const req = client.get(url, { headers: { ...HEADERS, ...cookieHeader(url) }, agent: false }, (res) => {
      const setCookie = res.headers['set-cookie'] ?? [];
      remember(url, Array.isArray(setCookie) ? setCookie : [setCookie]);
      const location = typeof res.headers.location === 'string' ? res.headers.location : null;
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, location }));
    });
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`timed out after ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
  });
}

async function main() {
  const raw = process.argv.length > 2 ? process.argv[process.argv.length - 1] : undefined;
  if (!raw) fail('no URL given');
  let url;
  try {
    url = new URL(raw);
  } catch {
    fail('the argument is not a URL');
  }
  for (let hop = 0; hop <= MAX_HOPS; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(`cannot open a ${url.protocol} URL`);
    let answer;
    try {
      answer = await get(url);
    } catch (error) {
      fail(`${error instanceof Error ? error.message : String(error)} while loading ${describe(url)}`);
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
