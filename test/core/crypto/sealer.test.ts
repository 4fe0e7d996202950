import { describe, expect, it } from 'vitest';
import { Sealer, sealWithKey, unsealWithKey } from '../../../src/main/core/crypto/sealer.js';
import { MemorySecretStore } from '../../../src/main/core/secrets/memory-secret-store.js';
import { randomBytes } from 'node:crypto';

describe('Sealer', () => {
  it('creates a 256-bit data key on first use, keeps it in the keychain, and reads it only once', async () => {
    const secrets = new MemorySecretStore();
    let reads = 0;
    const original = secrets.getDataKey.bind(secrets);
    secrets.getDataKey = async () => {
      reads += 1;
      return original();
    };
    const sealer = new Sealer(secrets);
    const sealed = await sealer.seal('ya29.secret-token', 'account-1');
    const stored = await original();
    expect(Buffer.from(stored!, 'base64')).toHaveLength(32);
    expect(await sealer.unseal(sealed, 'account-1')).toBe('ya29.secret-token');
    await sealer.seal('another', 'account-1');
    expect(reads).toBe(2); // the read before creating, and the re-read after writing; none later
  });

  it('opens blobs sealed by another instance that shares the keychain', async () => {
    const secrets = new MemorySecretStore();
    const sealed = await new Sealer(secrets).seal('token', 'a');
    expect(await new Sealer(secrets).unseal(sealed, 'a')).toBe('token');
  });

  it('never leaves the plaintext in the sealed bytes', async () => {
    const sealed = await new Sealer(new MemorySecretStore()).seal('gho_plaintextmarker', 'a');
    expect(sealed.includes(Buffer.from('gho_plaintextmarker'))).toBe(false);
  });

  it.each([
    [
      'a flipped ciphertext byte',
      (b: Buffer) => {
        b[b.length - 1]! ^= 1;
      },
    ],
    [
      'a flipped tag byte',
      (b: Buffer) => {
        b[14]! ^= 1;
      },
    ],
    [
      'a flipped IV byte',
      (b: Buffer) => {
        b[2]! ^= 1;
      },
    ],
    [
      'an unknown version',
      (b: Buffer) => {
        b[0] = 9;
      },
    ],
  ])('rejects %s with sealed-data-invalid', (_name, tamper) => {
    const key = randomBytes(32);
    const sealed = sealWithKey(key, 'secret', 'acc');
    tamper(sealed);
    expect(() => unsealWithKey(key, sealed, 'acc')).toThrow(
      expect.objectContaining({ code: 'sealed-data-invalid' }),
    );
  });

  it('rejects a blob moved to another account (associated data) or sealed under another key', () => {
    const key = randomBytes(32);
    const sealed = sealWithKey(key, 'secret', 'account-a');
    expect(() => unsealWithKey(key, sealed, 'account-b')).toThrow(
      expect.objectContaining({ code: 'sealed-data-invalid' }),
    );
    expect(() => unsealWithKey(randomBytes(32), sealed, 'account-a')).toThrow(
      expect.objectContaining({ code: 'sealed-data-invalid' }),
    );
    expect(() => unsealWithKey(key, Buffer.alloc(5), 'account-a')).toThrow(
      expect.objectContaining({ code: 'sealed-data-invalid' }),
    );
  });

  it('refuses a data key of the wrong size', async () => {
    const secrets = new MemorySecretStore();
    await secrets.setDataKey(Buffer.alloc(16).toString('base64'));
    await expect(new Sealer(secrets).seal('x', 'a')).rejects.toMatchObject({ code: 'sealed-data-invalid' });
  });

  /** A keychain whose writes take `delays[n]` ms for the n-th write, so two creators interleave. */
  function slowWrites(delays: number[]): MemorySecretStore {
    const secrets = new MemorySecretStore();
    const write = secrets.setDataKey.bind(secrets);
    let writes = 0;
    secrets.setDataKey = async (key) => {
      const ms = delays[writes++] ?? 0;
      await new Promise((resolve) => setTimeout(resolve, ms));
      await write(key);
    };
    return secrets;
  }

  it('two Sealers creating the data key at once end with the same key (regression: each kept its own)', async () => {
    const secrets = slowWrites([10, 40]);
    const [first, second] = [new Sealer(secrets), new Sealer(secrets)];
    const [a, b] = await Promise.all([first.dataKey(), second.dataKey()]);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(Buffer.from((await secrets.getDataKey())!, 'base64'))).toBe(true);
    expect(await second.unseal(await first.seal('gho_one', 'acc'), 'acc')).toBe('gho_one');
    expect(await first.unseal(await second.seal('gho_two', 'acc'), 'acc')).toBe('gho_two');
  });

  it('adopts the keychain key on the first blob it cannot open, when the other write landed after it settled', async () => {
    const secrets = slowWrites([0, 60]);
    const early = new Sealer(secrets, { settleMs: 0 });
    const late = new Sealer(secrets, { settleMs: 0 });
    const [earlyKey, lateKey] = await Promise.all([early.dataKey(), late.dataKey()]);
    expect(earlyKey.equals(lateKey)).toBe(false); // the race this guards against
    const sealed = await late.seal('gho_late', 'acc');
    expect(early.unsealIfReady(sealed, 'acc')).toBeUndefined(); // the slow path re-reads the keychain
    expect(await early.unseal(sealed, 'acc')).toBe('gho_late');
    expect(early.unsealIfReady(await late.seal('gho_again', 'acc'), 'acc')).toBe('gho_again');
    // A blob that is foreign for real still fails, and the keychain is not read for every one.
    await expect(early.unseal(sealWithKey(randomBytes(32), 'x', 'acc'), 'acc')).rejects.toMatchObject({
      code: 'sealed-data-invalid',
    });
  });
});
