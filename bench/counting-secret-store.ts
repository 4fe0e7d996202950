// A keychain wrapper that counts reads and writes, to show when the core touches the keychain.
import type { SecretName, SecretStore, StoredCredential } from '../src/main/core/secrets/secret-store.js';

export class CountingSecretStore implements SecretStore {
  reads = 0;
  writes = 0;

  constructor(private readonly inner: SecretStore) {}

  getCredential(accountId: string) {
    this.reads += 1;
    return this.inner.getCredential(accountId);
  }
  setCredential(accountId: string, credential: StoredCredential) {
    this.writes += 1;
    return this.inner.setCredential(accountId, credential);
  }
  deleteCredential(accountId: string) {
    this.writes += 1;
    return this.inner.deleteCredential(accountId);
  }
  getDataKey() {
    this.reads += 1;
    return this.inner.getDataKey();
  }
  setDataKey(key: string) {
    this.writes += 1;
    return this.inner.setDataKey(key);
  }
  getSecret(name: SecretName) {
    this.reads += 1;
    return this.inner.getSecret(name);
  }
  setSecret(name: SecretName, value: string) {
    this.writes += 1;
    return this.inner.setSecret(name, value);
  }
  deleteSecret(name: SecretName) {
    this.writes += 1;
    return this.inner.deleteSecret(name);
  }
  availability() {
    return this.inner.availability();
  }
  listCredentials() {
    this.reads += 1;
    return this.inner.listCredentials();
  }
}
