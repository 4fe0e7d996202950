import { z } from 'zod';
import { isSignetError } from '../../../shared/errors.js';
import type { Sealer } from '../crypto/sealer.js';
import type { PendingCredentialsRepository } from '../storage/pending-credentials-repository.js';
import type { StoredCredential } from '../secrets/secret-store.js';

const pendingCredentialSchema = z.object({
  kind: z.enum(['refresh_token', 'access_token']),
  token: z.string().min(1),
  expiresAt: z.string().nullable().optional(),
  identity: z
    .object({
      provider: z.string(),
      issuer: z.string(),
      providerUserId: z.string(),
      login: z.string(),
    })
    .optional(),
  supersedes: z.array(z.string()).default([]),
});

/** A pending credential as read: `settle` deletes the row once the keychain holds this one. */
export interface PendingCredential {
  credential: StoredCredential;
  /**
   * The refresh tokens it replaced, dead at the provider: a keychain holding one of them is
   * behind; a keychain holding any other was written since (a new sign-in), and wins.
   */
  supersedes: string[];
  settle(): void;
}

/**
 * Rotated credentials the keychain did not take in time, sealed in `signet.db` until it does.
 * The provider killed the previous refresh token when it rotated it: dropping the new one would
 * sign the account out, and keeping it in plaintext is never an option (SECURITY.md).
 */
export class PendingCredentials {
  constructor(
    private readonly repository: PendingCredentialsRepository,
    private readonly sealer: Sealer,
  ) {}

  /** Reads the data key now, while the keychain answered a moment ago, so `put` need not ask it. */
  async ready(): Promise<void> {
    await this.sealer.dataKey();
  }

  async put(accountId: string, credential: StoredCredential, supersedes: string[]): Promise<void> {
    const sealed = await this.sealer.seal(
      JSON.stringify({ ...credential, supersedes }),
      associatedData(accountId),
    );
    this.repository.put(accountId, sealed);
  }

  /** The pending credential of the account, or null; one that no longer unseals is dropped. */
  async get(accountId: string): Promise<PendingCredential | null> {
    const sealed = this.repository.get(accountId);
    if (sealed === null) return null;
    const parsed = pendingCredentialSchema.safeParse(
      safeJson(await this.sealer.unseal(sealed, associatedData(accountId)).catch(unreadable)),
    );
    if (!parsed.success) {
      // Sealed under another data key, or damaged: it can serve no refresh, so it goes.
      this.repository.deleteIf(accountId, sealed);
      return null;
    }
    const { supersedes, ...credential } = parsed.data;
    return {
      credential,
      supersedes,
      settle: () => this.repository.deleteIf(accountId, sealed),
    };
  }

  delete(accountId: string): void {
    this.repository.delete(accountId);
  }
}

const associatedData = (accountId: string): string => `${accountId}:pending-credential`;

function unreadable(error: unknown): string {
  if (isSignetError(error, 'sealed-data-invalid')) return '';
  throw error;
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
