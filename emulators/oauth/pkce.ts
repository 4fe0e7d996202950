// PKCE (RFC 7636). The emulators accept S256 only, as a careful server does, unless a provider
// documents `plain` too (Microsoft does): then its policy opts in.

import { createHash } from 'node:crypto';

import { safeEqual } from './secret-values.js';

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const VERIFIER_RE = /^[A-Za-z0-9\-._~]{43,128}$/;
/** RFC 7636 §4.2: BASE64URL of a SHA-256 digest is always 43 characters. */
const S256_CHALLENGE_RE = /^[A-Za-z0-9_-]{43}$/;

export type PkceMethod = 'S256' | 'plain';

export function isValidS256Challenge(challenge: string): boolean {
  return S256_CHALLENGE_RE.test(challenge);
}

/** A well-formed challenge for the method (a plain challenge is a verifier, RFC 7636 §4.2). */
export function isValidChallenge(challenge: string, method: PkceMethod): boolean {
  return method === 'S256' ? isValidS256Challenge(challenge) : VERIFIER_RE.test(challenge);
}

/**
 * BASE64URL(SHA256(verifier)) == challenge, in constant time.
 * @see RFC 7636 §4.6
 */
export function verifyPkceS256(verifier: string | null | undefined, challenge: string): boolean {
  return verifyPkce(verifier, challenge, 'S256');
}

/**
 * The verifier matches the challenge under the method, in constant time.
 * @see RFC 7636 §4.6
 */
export function verifyPkce(
  verifier: string | null | undefined,
  challenge: string,
  method: PkceMethod,
): boolean {
  if (typeof verifier !== 'string' || !VERIFIER_RE.test(verifier)) return false;
  const derived =
    method === 'S256' ? createHash('sha256').update(verifier, 'ascii').digest('base64url') : verifier;
  return safeEqual(derived, challenge);
}
