// PKCE with S256 (RFC 7636), the only method the emulators accept: a client that sends `plain`
// gets the error a careful server gives.

import { createHash } from 'node:crypto';

import { safeEqual } from './secret-values.js';

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const VERIFIER_RE = /^[A-Za-z0-9\-._~]{43,128}$/;
/** RFC 7636 §4.2: BASE64URL of a SHA-256 digest is always 43 characters. */
const S256_CHALLENGE_RE = /^[A-Za-z0-9_-]{43}$/;

export function isValidS256Challenge(challenge: string): boolean {
  return S256_CHALLENGE_RE.test(challenge);
}

/**
 * BASE64URL(SHA256(verifier)) == challenge, in constant time.
 * @see RFC 7636 §4.6
 */
export function verifyPkceS256(verifier: string | null | undefined, challenge: string): boolean {
  if (typeof verifier !== 'string' || !VERIFIER_RE.test(verifier)) return false;
  return safeEqual(createHash('sha256').update(verifier, 'ascii').digest('base64url'), challenge);
}
