import { z } from 'zod';
import { SignetError } from '../../../shared/errors.js';
import {
  credentialEntry,
  credentialPrefix,
  dataKeyEntry,
  type KeychainAvailability,
  type SecretName,
  type SecretStore,
  type StoredCredential,
  type WriteOptions,
} from './secret-store.js';
import { loadKeytar, type Keytar } from './keytar-loader.js';

const storedCredentialSchema = z.object({
  kind: z.enum(['refresh_token', 'access_token']),
  token: z.string().min(1),
  expiresAt: z.string().nullable().optional(),
  identity: z
    .object({
      provider: z.string().min(1).max(64),
      issuer: z.string().min(1).max(2048),
      providerUserId: z.string().min(1).max(255),
      login: z.string().min(1).max(320),
    })
    .optional(),
});

export interface KeytarSecretStoreOptions {
  service: string;
  /** A keychain call that takes longer (a locked keyring waiting on a prompt) fails instead of hanging. */
  timeoutMs?: number;
  /** Loads keytar; tests substitute a loader that fails as a broken install would. */
  load?: () => Promise<Keytar>;
}

/** The OS keychain through keytar: libsecret on Linux, Keychain on macOS, Credential Vault on Windows. */
export class KeytarSecretStore implements SecretStore {
  private keytar: Promise<Keytar> | undefined;
  private readonly service: string;
  private readonly timeoutMs: number;
  private readonly load: () => Promise<Keytar>;

  constructor(options: KeytarSecretStoreOptions) {
    this.service = options.service;
    this.timeoutMs = options.timeoutMs ?? 1500;
    this.load = options.load ?? loadKeytar;
  }

  async getCredential(accountId: string): Promise<StoredCredential | null> {
    const raw = await this.call((k) => k.getPassword(this.service, credentialEntry(accountId)));
    if (raw === null) return null;
    const parsed = storedCredentialSchema.safeParse(safeJson(raw));
    if (!parsed.success) {
      throw new SignetError('keychain-unavailable', 'The keychain entry for this account is not readable.');
    }
    return parsed.data;
  }

  async setCredential(
    accountId: string,
    credential: StoredCredential,
    options?: WriteOptions,
  ): Promise<void> {
    await this.call(
      (k) => k.setPassword(this.service, credentialEntry(accountId), JSON.stringify(credential)),
      options?.timeoutMs,
    );
  }

  async deleteCredential(accountId: string): Promise<void> {
    await this.call((k) => k.deletePassword(this.service, credentialEntry(accountId)));
  }

  async listCredentials(): Promise<{ accountId: string; credential: StoredCredential }[]> {
    const entries = await this.call((k) => k.findCredentials(this.service));
    const result: { accountId: string; credential: StoredCredential }[] = [];
    for (const { account, password } of entries) {
      if (!account.startsWith(credentialPrefix)) continue;
      const parsed = storedCredentialSchema.safeParse(safeJson(password));
      if (parsed.success)
        result.push({ accountId: account.slice(credentialPrefix.length), credential: parsed.data });
    }
    return result;
  }

  async getDataKey(): Promise<string | null> {
    return this.call((k) => k.getPassword(this.service, dataKeyEntry));
  }

  async setDataKey(key: string): Promise<void> {
    await this.call((k) => k.setPassword(this.service, dataKeyEntry, key));
  }

  async getSecret(name: SecretName): Promise<string | null> {
    return this.call((k) => k.getPassword(this.service, name));
  }

  async setSecret(name: SecretName, value: string): Promise<void> {
    await this.call((k) => k.setPassword(this.service, name, value));
  }

  async deleteSecret(name: SecretName): Promise<void> {
    await this.call((k) => k.deletePassword(this.service, name));
  }

  async availability(): Promise<KeychainAvailability> {
    try {
      await this.call((k) => k.findCredentials(this.service));
      return { available: true, detail: describeBackend() };
    } catch (error) {
      return { available: false, detail: error instanceof SignetError ? error.message : String(error) };
    }
  }

  private async call<T>(operation: (keytar: Keytar) => Promise<T>, timeoutMs = this.timeoutMs): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new SignetError(
              'keychain-unavailable',
              'The keychain did not answer. It may be locked: unlock it and try again.',
            ),
          ),
        timeoutMs,
      );
      timer.unref();
    });
    try {
      this.keytar ??= this.load();
      return await Promise.race([this.keytar.then(operation), timeout]);
    } catch (error) {
      throw translateKeytarError(error);
    } finally {
      clearTimeout(timer);
    }
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function describeBackend(): string {
  switch (process.platform) {
    case 'darwin':
      return 'macOS Keychain';
    case 'win32':
      return 'Windows Credential Manager';
    default:
      return 'Secret Service (libsecret)';
  }
}

/** Keytar's errors, in words a person can act on. */
export function translateKeytarError(error: unknown): SignetError {
  if (error instanceof SignetError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (
    /autolaunch D-Bus|DBUS_SESSION_BUS_ADDRESS|Could not connect|Failed to connect to socket|org\.freedesktop\.secrets|ServiceUnknown|was not provided by any \.service/i.test(
      message,
    )
  ) {
    return new SignetError(
      'keychain-unavailable',
      'No keychain is running (no Secret Service on the session bus). Install and start gnome-keyring or KeePassXC, then try again.',
      { cause: error },
    );
  }
  if (/locked|prompt|dismissed|cancel/i.test(message)) {
    return new SignetError(
      'keychain-unavailable',
      'The keychain is locked or access was denied: unlock it and try again.',
      {
        cause: error,
      },
    );
  }
  if (/Cannot find module|was compiled against|NODE_MODULE_VERSION|libsecret/i.test(message)) {
    return new SignetError(
      'keychain-unavailable',
      'The keychain module could not be loaded on this system.',
      {
        cause: error,
      },
    );
  }
  return new SignetError(
    'keychain-unavailable',
    `The keychain refused the request: ${message.split('\n')[0] ?? ''}`,
    {
      cause: error,
    },
  );
}
