// Making and comparing the secret values an emulator hands out: tokens, codes, client secrets.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Random base64url string with a prefix (tokens are recognisable so tests can scan for leaks). */
export function randomToken(prefix: string, bytes = 32): string {
  return prefix + randomBytes(bytes).toString('base64url');
}

/** Stable, non-secret identifier of a token (what stats.revoked holds). */
export function tokenId(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}

/** Constant-time string comparison. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
