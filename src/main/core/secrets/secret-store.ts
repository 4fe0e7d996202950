/** The long-lived credential of an account, as kept in the OS keychain. */
export interface StoredCredential {
  /** `refresh_token` normally; `access_token` where the provider issues tokens that never expire (GitHub OAuth apps). */
  kind: 'refresh_token' | 'access_token';
  token: string;
  /** When the refresh token itself expires (GitHub Apps), ISO-8601. */
  expiresAt?: string | null;
  /**
   * Who the credential belongs to, so the account can be rebuilt from the keychain alone if the
   * database is lost or damaged. Not secret; never a token.
   */
  identity?: CredentialIdentity;
}

export interface CredentialIdentity {
  provider: string;
  issuer: string;
  providerUserId: string;
  login: string;
}

export interface WriteOptions {
  timeoutMs?: number;
}

export interface KeychainAvailability {
  available: boolean;
  detail: string;
}

/**
 * Where long-lived secrets live: the OS keychain in the app, a memory map in session-only mode.
 * Failures are `SignetError('keychain-unavailable')`; there is never a plaintext fallback.
 */
export interface SecretStore {
  getCredential(accountId: string): Promise<StoredCredential | null>;
  /**
   * `timeoutMs`: how long to wait for the keychain before failing, where the store has such a
   * bound (the keychain's); a rotated refresh token is waited for far longer than other calls.
   */
  setCredential(accountId: string, credential: StoredCredential, options?: WriteOptions): Promise<void>;
  deleteCredential(accountId: string): Promise<void>;
  /** The 256-bit key that seals access tokens at rest, base64; null when none was made yet. */
  getDataKey(): Promise<string | null>;
  setDataKey(key: string): Promise<void>;
  /** Other machine-wide secrets (the sync key, the sync server's password); null when absent. */
  getSecret(name: SecretName): Promise<string | null>;
  setSecret(name: SecretName, value: string): Promise<void>;
  deleteSecret(name: SecretName): Promise<void>;
  availability(): Promise<KeychainAvailability>;
  /** Every account credential under this service (recovery after a damaged database). */
  listCredentials(): Promise<{ accountId: string; credential: StoredCredential }[]>;
}

export const dataKeyEntry = 'data-key';

/**
 * The keychain entries that are not an account's: `sync-key`, the 256-bit key a person's
 * machines share by pairing, which seals what goes to the sync server and names its keys; and
 * `sync-password`, the sync server's password, which never goes to `signet.db`.
 */
export const secretNames = ['sync-key', 'sync-password'] as const;
export type SecretName = (typeof secretNames)[number];
export const credentialPrefix = 'account:';
export const credentialEntry = (accountId: string): string => `${credentialPrefix}${accountId}`;

/**
 * Deletes the account's credential only if it still holds `token`, the one a refresh sent and the
 * provider refused. Another process may have rotated it in the meantime (and its new token is
 * alive): that one must survive. Returns whether it deleted.
 */
export async function deleteCredentialIfUnchanged(
  store: SecretStore,
  accountId: string,
  token: string,
): Promise<boolean> {
  const current = await store.getCredential(accountId);
  if (current !== null && current.token !== token) return false;
  if (current !== null) await store.deleteCredential(accountId);
  return true;
}
