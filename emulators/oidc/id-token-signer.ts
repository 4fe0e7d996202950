// Signs ID tokens, and lets a test tamper with the next one: change its claims, sign it with
// alg none or with a key the JWKS does not hold, or rotate the key the JWKS publishes.

import { createHash, sign } from 'node:crypto';
import type { JsonWebKey, KeyObject } from 'node:crypto';

import { newSigningKey } from './signing-keys.js';
import type { SigningKey } from './signing-keys.js';

export type IdTokenClaims = Record<string, unknown>;
/** 'valid': the published key; 'none': alg none, no signature; 'wrong-key': same kid, other key. */
export type IdTokenSigning = 'valid' | 'none' | 'wrong-key';
export type IdTokenOverrides = IdTokenClaims | ((claims: IdTokenClaims) => IdTokenClaims);

function base64url(input: string): string {
  return Buffer.from(input).toString('base64url');
}

function signJwt(header: Record<string, unknown>, claims: IdTokenClaims, key: KeyObject | null): string {
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  if (key === null) return `${input}.`;
  return `${input}.${sign('sha256', Buffer.from(input, 'ascii'), key).toString('base64url')}`;
}

/**
 * Left half of SHA-256 of the access token, base64url (for RS256).
 * @see OpenID Connect Core 1.0 §3.1.3.6
 */
export function atHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest().subarray(0, 16).toString('base64url');
}

export class IdTokenSigner {
  /** Claims of the last ID token signed (after overrides), or null. */
  lastClaims: IdTokenClaims | null = null;
  private active: SigningKey;
  private readonly wrong: SigningKey;
  private readonly published: SigningKey[];
  private nextOverrides: IdTokenOverrides | null = null;
  private nextSigning: IdTokenSigning = 'valid';

  /** @param keys the active key and one that signs 'wrong-key' tokens (see sharedSigningKeys). */
  constructor(keys: readonly [SigningKey, SigningKey]) {
    [this.active, this.wrong] = keys;
    this.published = [this.active];
  }

  /** The JWKS document: the active key, and the previous one after a rotation. */
  get jwks(): { keys: JsonWebKey[] } {
    return { keys: this.published.map((key) => key.jwk) };
  }

  /** Merge these claims into the next token only (a value of undefined deletes the claim), or map them. */
  overrideNext(next: IdTokenOverrides): void {
    this.nextOverrides = next;
  }

  signNextWith(mode: IdTokenSigning): void {
    this.nextSigning = mode;
  }

  /** New signing key with a new kid; the JWKS keeps the previous key too. */
  async rotate(): Promise<void> {
    this.active = await newSigningKey();
    this.published.unshift(this.active);
    if (this.published.length > 2) this.published.length = 2;
  }

  /** The compact JWS of these claims, with the pending override and signing mode applied once. */
  sign(claims: IdTokenClaims): string {
    let final = claims;
    const overrides = this.nextOverrides;
    this.nextOverrides = null;
    if (typeof overrides === 'function') {
      final = overrides({ ...claims });
    } else if (overrides !== null) {
      final = { ...claims, ...overrides };
      for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete final[key];
    }
    const signing = this.nextSigning;
    this.nextSigning = 'valid';
    this.lastClaims = final;
    if (signing === 'none') return signJwt({ alg: 'none', typ: 'JWT' }, final, null);
    const key = signing === 'wrong-key' ? this.wrong.privateKey : this.active.privateKey;
    return signJwt({ alg: 'RS256', kid: this.active.kid, typ: 'JWT' }, final, key);
  }
}
