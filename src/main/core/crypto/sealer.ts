import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SignetError } from '../../../shared/errors.js';
import type { SecretStore } from '../secrets/secret-store.js';

/** Version 1: the associated data is what the caller passed (for access tokens, the account id). */
export const legacyVersion = 1;
/** Version 2: the same layout; for access tokens the associated data also binds type, scope and expiry. */
export const boundVersion = 2;
const knownVersions: readonly number[] = [legacyVersion, boundVersion];
const ivLength = 12;
const tagLength = 16;
const keyLength = 32;
/**
 * How long a process that just created the data key waits before reading it back. Two processes
 * starting together can both find no key and both write one; the keychain has no compare-and-set,
 * so the rule is "the key in the keychain after both wrote wins", and waiting lets the other
 * write land before this one settles on a key.
 */
const defaultSettleMs = 100;

/** The associated data, or how to derive it from the blob's version byte (older blobs bound less). */
export type AssociatedData = string | ((version: number) => string);

export interface SealerOptions {
  /** See `defaultSettleMs`. */
  settleMs?: number;
}

/**
 * AES-256-GCM sealing of access tokens at rest, under a 256-bit data key kept in the keychain.
 * The associated data binds a sealed blob to its row: moved to another account, or with its
 * row's metadata edited, it no longer opens.
 */
export class Sealer {
  private key: Promise<Buffer> | undefined;
  /** The data key once read, so sealing and unsealing after that never wait. */
  private loaded: Buffer | undefined;
  /** Whether the keychain was read again after a blob failed to open (done once per instance). */
  private rechecked = false;
  private readonly settleMs: number;

  constructor(
    private readonly secrets: SecretStore,
    options: SealerOptions = {},
  ) {
    this.settleMs = options.settleMs ?? defaultSettleMs;
  }

  async seal(plaintext: string, associatedData: string, blobVersion = legacyVersion): Promise<Buffer> {
    return sealWithKey(this.loaded ?? (await this.dataKey()), plaintext, associatedData, blobVersion);
  }

  async unseal(sealed: Buffer, associatedData: AssociatedData): Promise<string> {
    const key = this.loaded ?? (await this.dataKey());
    try {
      return unsealWithKey(key, sealed, associatedData);
    } catch (error) {
      // A process that raced this one to create the data key may have won after this one
      // settled: its key is the one in the keychain. Adopt it once, and try again.
      const newer = await this.recheckKey(key);
      if (newer === undefined) throw error;
      return unsealWithKey(newer, sealed, associatedData);
    }
  }

  /** Unseals at once when the data key has been read already; undefined when it has not. */
  unsealIfReady(sealed: Buffer, associatedData: AssociatedData): string | undefined {
    if (this.loaded === undefined) return undefined;
    try {
      return unsealWithKey(this.loaded, sealed, associatedData);
    } catch (error) {
      // The first failure goes the slow way (`unseal`), which re-reads the keychain once.
      if (!this.rechecked) return undefined;
      throw error;
    }
  }

  /** Reads (or creates, on first use) the data key once; later calls never touch the keychain. */
  dataKey(): Promise<Buffer> {
    this.key ??= this.loadOrCreateKey().then(
      (key) => (this.loaded = key),
      (error: unknown) => {
        this.key = undefined;
        throw error;
      },
    );
    return this.key;
  }

  /** The keychain's key when it differs from `current`; undefined when it is the same (or rechecked already). */
  private async recheckKey(current: Buffer): Promise<Buffer | undefined> {
    if (this.rechecked) return undefined;
    this.rechecked = true;
    const stored = await this.secrets.getDataKey();
    if (stored === null) return undefined;
    const key = parseKey(stored);
    if (key.equals(current)) return undefined;
    this.loaded = key;
    this.key = Promise.resolve(key);
    return key;
  }

  private async loadOrCreateKey(): Promise<Buffer> {
    const existing = await this.secrets.getDataKey();
    if (existing !== null) return parseKey(existing);
    const key = randomBytes(keyLength);
    await this.secrets.setDataKey(key.toString('base64'));
    // Another process may have raced us to create it: whichever write landed last is the key.
    if (this.settleMs > 0) await new Promise((resolve) => setTimeout(resolve, this.settleMs));
    const stored = await this.secrets.getDataKey();
    return stored === null ? key : parseKey(stored);
  }
}

function parseKey(stored: string): Buffer {
  const key = Buffer.from(stored, 'base64');
  if (key.length !== keyLength) {
    throw new SignetError('sealed-data-invalid', 'The data key in the keychain is not a 256-bit key.');
  }
  return key;
}

export function sealWithKey(
  key: Buffer,
  plaintext: string,
  associatedData: string,
  blobVersion = legacyVersion,
): Buffer {
  const iv = randomBytes(ivLength);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagLength });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.of(blobVersion), iv, cipher.getAuthTag(), body]);
}

export function unsealWithKey(key: Buffer, sealed: Buffer, associatedData: AssociatedData): string {
  const blobVersion = sealed[0];
  if (
    sealed.length < 1 + ivLength + tagLength ||
    blobVersion === undefined ||
    !knownVersions.includes(blobVersion)
  ) {
    throw new SignetError('sealed-data-invalid', 'A sealed token is malformed.');
  }
  const iv = sealed.subarray(1, 1 + ivLength);
  const tag = sealed.subarray(1 + ivLength, 1 + ivLength + tagLength);
  const body = sealed.subarray(1 + ivLength + tagLength);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: tagLength });
    const aad = typeof associatedData === 'string' ? associatedData : associatedData(blobVersion);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new SignetError(
      'sealed-data-invalid',
      'A sealed token failed authentication (tampered or foreign).',
      {
        cause: error,
      },
    );
  }
}
