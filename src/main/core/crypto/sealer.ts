import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SignetError } from '../../../shared/errors.js';
import type { SecretStore } from '../secrets/secret-store.js';

const version = 1;
const ivLength = 12;
const tagLength = 16;
const keyLength = 32;

/**
 * AES-256-GCM sealing of access tokens at rest, under a 256-bit data key kept in the keychain.
 * The associated data (the account id) binds a sealed blob to its row: moved to another account,
 * it no longer opens.
 */
export class Sealer {
  private key: Promise<Buffer> | undefined;
  /** The data key once read, so sealing and unsealing after that never wait. */
  private loaded: Buffer | undefined;

  constructor(private readonly secrets: SecretStore) {}

  async seal(plaintext: string, associatedData: string): Promise<Buffer> {
    return sealWithKey(this.loaded ?? (await this.dataKey()), plaintext, associatedData);
  }

  async unseal(sealed: Buffer, associatedData: string): Promise<string> {
    return unsealWithKey(this.loaded ?? (await this.dataKey()), sealed, associatedData);
  }

  /** Unseals at once when the data key has been read already; undefined when it has not. */
  unsealIfReady(sealed: Buffer, associatedData: string): string | undefined {
    return this.loaded === undefined ? undefined : unsealWithKey(this.loaded, sealed, associatedData);
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

  private async loadOrCreateKey(): Promise<Buffer> {
    const existing = await this.secrets.getDataKey();
    if (existing !== null) {
      const key = Buffer.from(existing, 'base64');
      if (key.length !== keyLength) {
        throw new SignetError('sealed-data-invalid', 'The data key in the keychain is not a 256-bit key.');
      }
      return key;
    }
    const key = randomBytes(keyLength);
    await this.secrets.setDataKey(key.toString('base64'));
    // Another process may have raced us to create it: whichever write landed is the key.
    const stored = await this.secrets.getDataKey();
    return stored === null ? key : Buffer.from(stored, 'base64');
  }
}

export function sealWithKey(key: Buffer, plaintext: string, associatedData: string): Buffer {
  const iv = randomBytes(ivLength);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagLength });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.of(version), iv, cipher.getAuthTag(), body]);
}

export function unsealWithKey(key: Buffer, sealed: Buffer, associatedData: string): string {
  if (sealed.length < 1 + ivLength + tagLength || sealed[0] !== version) {
    throw new SignetError('sealed-data-invalid', 'A sealed token is malformed.');
  }
  const iv = sealed.subarray(1, 1 + ivLength);
  const tag = sealed.subarray(1 + ivLength, 1 + ivLength + tagLength);
  const body = sealed.subarray(1 + ivLength + tagLength);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: tagLength });
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
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
