import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { SignetError } from '../../../shared/errors.js';
import { sealWithKey, unsealWithKey } from './sealer.js';

const keyLength = 32;

/**
 * The key a person's machines share through the sync server without the server ever holding
 * it: everything Signet writes there is sealed under it (AES-256-GCM), and the server's key
 * names carry a keyed hash under it, never a login, email or subject. Two subkeys are derived
 * from it (HKDF-SHA256), one for each use, so neither use weakens the other.
 * @see RFC 5869
 */
export class SyncKey {
  private readonly sealing: Buffer;
  private readonly naming: Buffer;
  /** A short, non-secret fingerprint: two machines showing the same one share the key. */
  readonly fingerprint: string;

  constructor(readonly raw: Buffer) {
    if (raw.length !== keyLength) throw new SignetError('sealed-data-invalid', 'A sync key is 256 bits.');
    this.sealing = Buffer.from(hkdfSync('sha256', raw, Buffer.alloc(0), 'signet sync sealing v1', keyLength));
    this.naming = Buffer.from(hkdfSync('sha256', raw, Buffer.alloc(0), 'signet sync naming v1', keyLength));
    this.fingerprint = createHash('sha256').update(this.naming).digest('hex').slice(0, 8);
  }

  static generate(): SyncKey {
    return new SyncKey(randomBytes(keyLength));
  }

  /**
   * The account part of the server's key names: an HMAC of (provider, issuer, subject), the same
   * on every machine signed in to that account, meaningless without the key.
   */
  accountTag(identity: SyncIdentity): string {
    return createHmac('sha256', this.naming)
      .update(JSON.stringify([identity.provider, identity.issuer, identity.subject]))
      .digest('base64url')
      .slice(0, 22);
  }

  seal(plaintext: string, associatedData: string): Buffer {
    return sealWithKey(this.sealing, plaintext, associatedData);
  }

  /** Throws `sealed-data-invalid` when the value was altered, moved, or sealed under another key. */
  open(sealed: Buffer, associatedData: string): string {
    return unsealWithKey(this.sealing, sealed, associatedData);
  }

  equals(other: SyncKey): boolean {
    return timingSafeEqual(this.raw, other.raw);
  }
}

/** Who an account is, as every machine that signed in to it knows: what the server's names hash. */
export interface SyncIdentity {
  provider: string;
  issuer: string;
  subject: string;
}

// Crockford's base32: no I, L, O or U, so what a person reads is what they type.
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const checksumChars = 4;

/**
 * The pairing code that carries the sync key to another machine: the key in Crockford base32,
 * a 20-bit checksum, in groups of four. Typing it back forgives case, spaces and dashes, and the
 * letters people confuse (I and L for 1, O for 0); a mistyped code fails its checksum.
 */
export function encodePairingCode(key: SyncKey): string {
  const body = toBase32(key.raw);
  const code = body + checksumOf(key.raw);
  return code.match(/.{1,4}/g)!.join('-');
}

export function decodePairingCode(code: string): SyncKey {
  const normalised = code.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  const invalid = () =>
    new SignetError(
      'invalid-input',
      'That pairing code is not right: check it against the one `signet sync pair` showed and type it again.',
    );
  const bodyLength = Math.ceil((keyLength * 8) / 5);
  if (normalised.length !== bodyLength + checksumChars || /[^0-9A-HJKMNP-TV-Z]/.test(normalised)) {
    throw invalid();
  }
  const raw = fromBase32(normalised.slice(0, bodyLength), keyLength);
  if (checksumOf(raw) !== normalised.slice(bodyLength)) throw invalid();
  return new SyncKey(raw);
}

function checksumOf(raw: Buffer): string {
  const digest = createHash('sha256').update('signet pairing code').update(raw).digest();
  return toBase32(digest).slice(0, checksumChars);
}

function toBase32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

function fromBase32(text: string, length: number): Buffer {
  const out = Buffer.alloc(length);
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const char of text) {
    value = ((value << 5) | alphabet.indexOf(char)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      if (index < length) out[index++] = (value >>> (bits - 8)) & 255;
      bits -= 8;
    }
  }
  return out;
}
