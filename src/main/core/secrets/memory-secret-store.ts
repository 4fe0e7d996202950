import type { KeychainAvailability, SecretName, SecretStore, StoredCredential } from './secret-store.js';

/** Session-only secrets: nothing is persisted. Used when the user chooses it, and as a test fake. */
export class MemorySecretStore implements SecretStore {
  private readonly credentials = new Map<string, StoredCredential>();
  private dataKey: string | null = null;
  private readonly secrets = new Map<SecretName, string>();

  async getCredential(accountId: string): Promise<StoredCredential | null> {
    return this.credentials.get(accountId) ?? null;
  }

  async setCredential(accountId: string, credential: StoredCredential): Promise<void> {
    this.credentials.set(accountId, { ...credential });
  }

  async deleteCredential(accountId: string): Promise<void> {
    this.credentials.delete(accountId);
  }

  async getDataKey(): Promise<string | null> {
    return this.dataKey;
  }

  async setDataKey(key: string): Promise<void> {
    this.dataKey = key;
  }

  async getSecret(name: SecretName): Promise<string | null> {
    return this.secrets.get(name) ?? null;
  }

  async setSecret(name: SecretName, value: string): Promise<void> {
    this.secrets.set(name, value);
  }

  async deleteSecret(name: SecretName): Promise<void> {
    this.secrets.delete(name);
  }

  async listCredentials(): Promise<{ accountId: string; credential: StoredCredential }[]> {
    return [...this.credentials].map(([accountId, credential]) => ({
      accountId,
      credential: { ...credential },
    }));
  }

  async availability(): Promise<KeychainAvailability> {
    return { available: true, detail: 'Session only: nothing is saved when Signet quits' };
  }
}
