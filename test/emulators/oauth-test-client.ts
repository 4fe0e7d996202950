// What the emulator tests speak to the emulators with: plain fetch, no Signet code, so a test of an
// emulator checks the emulator and nothing else.

import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';

import { afterEach } from 'vitest';

import type { BaseEmulator, GoogleEmulator } from '../../emulators/index.js';

interface Closable {
  close(): Promise<void>;
}

/** Registers an afterEach that closes everything handed to the returned function during the test. */
export function closeAfterEach(): <T extends Closable>(item: T) => T {
  const running: Closable[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((item) => item.close()));
  });
  return (item) => {
    running.push(item);
    return item;
  };
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export const REDIRECT = 'http://127.0.0.1:53682/callback';

/** GET the authorization URL without following the redirect; returns the parsed Location. */
export async function authorize(
  url: string,
  params: Record<string, string>,
): Promise<{ status: number; location: URL | null }> {
  const target = new URL(url);
  for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
  const res = await fetch(target, { redirect: 'manual' });
  await res.arrayBuffer();
  const location = res.headers.get('location');
  return { status: res.status, location: location === null ? null : new URL(location) };
}

/** POST a form (asking for JSON) and read the answer as JSON, or as a form when it is one. */
export async function postForm(
  url: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown>; contentType: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
    body: new URLSearchParams(params).toString(),
  });
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  const json = contentType.includes('json')
    ? (JSON.parse(text) as Record<string, unknown>)
    : Object.fromEntries(new URLSearchParams(text));
  return { status: res.status, json, contentType };
}

export function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

export function decodeJwtPart(part: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Whether an RS256 JWT verifies with the key its kid names in the JWKS at jwksUri. */
export async function verifyJwt(jwt: string, jwksUri: string): Promise<boolean> {
  const [header, payload, signature] = jwt.split('.');
  const { kid } = decodeJwtPart(header);
  const { keys } = (await (await fetch(jwksUri)).json()) as { keys: Array<JsonWebKey & { kid: string }> };
  const jwk = keys.find((key) => key.kid === kid);
  if (!jwk || !signature) return false;
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  return verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'));
}

/**
 * Signs in to the Google emulator (authorization code with PKCE S256, client secret in Basic auth):
 * the authorization answer and the token answer. `extra` adds to or overrides the authorization
 * parameters (nonce, access_type, prompt).
 */
export async function signInToGoogle(
  google: GoogleEmulator,
  extra: Record<string, string> = {},
): Promise<{ auth: Awaited<ReturnType<typeof authorize>>; token: Awaited<ReturnType<typeof postForm>> }> {
  const { verifier, challenge } = pkce();
  const auth = await authorize(`${google.url}/o/oauth2/v2/auth`, {
    response_type: 'code',
    client_id: google.clientId,
    redirect_uri: REDIRECT,
    scope: 'openid email profile',
    state: 'st',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  });
  const token = await postForm(
    `${google.url}/token`,
    {
      grant_type: 'authorization_code',
      code: auth.location?.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    },
    { authorization: basic(google.clientId, google.clientSecret ?? '') },
  );
  return { auth, token };
}

export function statsOf(emulator: BaseEmulator<object>): Record<string, unknown> {
  return { ...emulator.stats };
}
