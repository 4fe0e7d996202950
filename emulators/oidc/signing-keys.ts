// RSA keys that sign the OpenID Connect emulators' ID tokens, published as a JWKS (RFC 7517).

import { createHash, generateKeyPair } from 'node:crypto';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  /** The public half as published in the JWKS. */
  jwk: JsonWebKey;
}

const generateRsa = promisify(generateKeyPair);

/** A new RS256 key whose kid is derived from its modulus (stable for the key, unique across keys). */
export async function newSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateRsa('rsa', { modulusLength: 2048 });
  const exported = publicKey.export({ format: 'jwk' });
  const kid = createHash('sha256')
    .update(String(exported.n ?? ''))
    .digest('hex')
    .slice(0, 40);
  return {
    kid,
    privateKey,
    jwk: { kty: exported.kty, n: exported.n, e: exported.e, alg: 'RS256', use: 'sig', kid },
  };
}

/** Keys are slow to make; emulators in one process share the first two (active and "wrong"). */
let sharedKeys: Promise<[SigningKey, SigningKey]> | null = null;
export function sharedSigningKeys(): Promise<[SigningKey, SigningKey]> {
  sharedKeys ??= Promise.all([newSigningKey(), newSigningKey()]);
  return sharedKeys;
}
