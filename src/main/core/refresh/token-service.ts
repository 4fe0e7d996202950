import { randomUUID } from 'node:crypto';
import { SignetError, isTransient } from '../../../shared/errors.js';
import {
  isFresh,
  type AccessTokenCache,
  type AccountRef,
  type CachedAccessToken,
} from '../cache/access-token-cache.js';
import { TypedEmitter } from '../events/typed-emitter.js';
import { crashPoint } from '../faults/crash-points.js';
import { toSignetError } from '../errors/translate-error.js';
import { refreshGrant, type TokenSet } from '../flows/oauth-operations.js';
import type { Logger } from '../logging/logger.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import type { PendingCredentials } from './pending-credentials.js';
import {
  deleteCredentialIfUnchanged,
  type SecretStore,
  type StoredCredential,
} from '../secrets/secret-store.js';
import { Backoff } from './backoff.js';
import type { RefreshLease } from './lease.js';

export interface TokenServiceOptions {
  cache: AccessTokenCache;
  secrets: SecretStore;
  lease: RefreshLease;
  providers: ProviderRegistry;
  logger: Logger;
  leaseTtlMs?: number;
  /** How long a caller waits for another process's refresh before giving up. */
  waitTimeoutMs?: number;
  /**
   * Keep served tokens in process memory (default true). Off, every call reads the cache: for
   * measuring the cache itself, and for callers that must see another process's writes at once.
   */
  memoryCache?: boolean;
  /** Where a rotated credential waits, sealed, when the keychain does not take it in time. */
  pendingCredentials?: PendingCredentials;
  /** How long a rotated credential's keychain write is waited for (default 60 s). */
  keychainWriteTimeoutMs?: number;
  now?: () => number;
}

/**
 * A rotated refresh token is waited for this long: the provider has already killed the old one,
 * so a locked keyring's unlock prompt is worth waiting for. Past it, the token is kept sealed.
 */
export const defaultKeychainWriteTimeoutMs = 60_000;
/** A keychain write slower than the store's usual bound (1.5 s) is shown as waiting. */
const keychainSlowMs = 1_500;

/**
 * How long a refresh lease lasts unless renewed. Short, because expiry by time is how a holder
 * that died frees it; the holder renews it every third of that while its refresh runs.
 */
export const defaultLeaseTtlMs = 8_000;

export type RefreshOutcome =
  | { kind: 'refreshed'; token: CachedAccessToken; durationMs: number }
  | { kind: 'failed'; error: SignetError; durationMs: number };

/** What the token service tells those who show or record refreshes (account state, status). */
export interface TokenServiceEvents {
  'refresh-started': { accountId: string };
  'refresh-ended': { accountId: string; outcome: RefreshOutcome };
  /** A rotated refresh token's keychain write is slow (a locked keyring): it ends with `refresh-ended`. */
  'keychain-waiting': { accountId: string };
}

/** The part of a token response that is cached and served: never the refresh token. */
export function cachedTokenFrom(tokens: TokenSet): CachedAccessToken {
  return {
    accessToken: tokens.accessToken,
    tokenType: tokens.tokenType,
    scope: tokens.scope,
    expiresAt: tokens.expiresAt,
  };
}

/**
 * Serves access tokens: memory, then the cache, then a refresh. One refresh per account at a
 * time in this process (single flight) and across processes (the lease); a rotated refresh
 * token reaches the keychain before the new access token is used or the lease is released.
 * @see RFC 6749 §6, RFC 9700 §4.14.2
 */
export class TokenService {
  private readonly memory = new Map<string, CachedAccessToken>();
  private readonly inflight = new Map<string, Promise<CachedAccessToken>>();
  /** Cache reads under way: callers that arrive meanwhile share one (a storm reads once). */
  private readonly reads = new Map<string, Promise<CachedAccessToken | null>>();
  /**
   * The last keychain write of each account's credential. A write that timed out still lands
   * later (keytar cannot cancel it), so the next one starts only after it: the keychain ends
   * with the newest credential, never an older one landing late.
   */
  private readonly writes = new Map<string, Promise<unknown>>();
  readonly backoff = new Backoff();
  private readonly events = new TypedEmitter<TokenServiceEvents>();
  private readonly now: () => number;

  constructor(private readonly options: TokenServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Refreshes starting and ending, each with its outcome. */
  on<E extends keyof TokenServiceEvents>(
    event: E,
    listener: (payload: TokenServiceEvents[E]) => void,
  ): () => void {
    return this.events.on(event, listener);
  }

  /** The token this process holds for the account, if valid that long: no I/O and no await. */
  remembered(accountId: string, minValiditySeconds = 60): CachedAccessToken | undefined {
    const token = this.memory.get(accountId);
    return token !== undefined && isFresh(token, minValiditySeconds, this.now()) ? token : undefined;
  }

  /**
   * A token valid for at least `minValiditySeconds`, refreshing when it must. `confirm` runs
   * once before this call starts a refresh (not when it joins one): the place to check that the
   * account may still be refreshed.
   */
  async getAccessToken(
    ref: AccountRef,
    minValiditySeconds = 60,
    confirm?: () => void,
  ): Promise<CachedAccessToken> {
    const remembered = this.memory.get(ref.accountId);
    if (remembered && isFresh(remembered, minValiditySeconds, this.now())) return remembered;
    const cached = await this.readCache(ref);
    if (cached && isFresh(cached, minValiditySeconds, this.now())) {
      this.keep(ref.accountId, cached);
      return cached;
    }
    try {
      return await this.refresh(ref, { minValiditySeconds, ...(confirm ? { confirm } : {}) });
    } catch (error) {
      // Offline or rate limited: a token that has not expired yet still beats no token.
      const usable = cached ?? remembered;
      if (
        error instanceof SignetError &&
        isTransient(error.code) &&
        usable &&
        isFresh(usable, 0, this.now())
      ) {
        return usable;
      }
      throw error;
    }
  }

  /** Refreshes now (or joins the refresh already running for this account). */
  refresh(
    ref: AccountRef,
    options: { minValiditySeconds?: number; force?: boolean; confirm?: () => void } = {},
  ): Promise<CachedAccessToken> {
    const running = this.inflight.get(ref.accountId);
    if (running) return running;
    try {
      options.confirm?.();
    } catch (error) {
      return Promise.reject(error);
    }
    const notBefore = this.backoff.notBefore(ref.accountId);
    if (!options.force && notBefore > this.now()) {
      return Promise.reject(
        new SignetError('rate-limited', 'Waiting before trying this account again.', {
          retryAfterSeconds: Math.ceil((notBefore - this.now()) / 1000),
        }),
      );
    }
    const promise = this.refreshUnderLease(ref, options.minValiditySeconds ?? 60, options.force ?? false)
      // The lease and cache can fail too (a locked database, a lost sync server): typed errors only.
      .catch((error: unknown) => {
        throw toSignetError(error);
      })
      .finally(() => this.inflight.delete(ref.accountId));
    this.inflight.set(ref.accountId, promise);
    return promise;
  }

  /**
   * Runs `work` while no refresh of the account runs, here or in another process: after the one
   * in flight in this process has settled, holding the account's lease. Sign-out forgets under
   * it, so a refresh answered after the sign-out began cannot put a rotated token back.
   */
  async exclusive<T>(ref: AccountRef, work: () => Promise<T>): Promise<T> {
    await this.inflight.get(ref.accountId)?.catch(() => undefined);
    const owner = randomUUID();
    const ttl = this.options.leaseTtlMs ?? defaultLeaseTtlMs;
    const deadline = this.now() + (this.options.waitTimeoutMs ?? ttl + 15_000);
    for (let attempt = 0; !(await this.options.lease.acquire(ref.accountId, owner, ttl)); attempt += 1) {
      if (this.now() > deadline) {
        throw new SignetError(
          'timeout',
          'Another Signet process is refreshing this account and did not finish.',
        );
      }
      await sleep(Math.min(50 * 2 ** Math.min(attempt, 3), 250));
    }
    const renewal = setInterval(
      () => void this.options.lease.renew(ref.accountId, owner, ttl).catch(() => false),
      Math.max(50, Math.floor(ttl / 3)),
    );
    renewal.unref();
    try {
      return await work();
    } finally {
      clearInterval(renewal);
      await this.options.lease.release(ref.accountId, owner).catch(() => undefined);
    }
  }

  /** Forgets what this process remembers of an account (sign-out, needs-reauth). */
  forget(accountId: string): void {
    this.memory.delete(accountId);
    this.reads.delete(accountId);
    this.backoff.succeed(accountId);
  }

  /**
   * The account's live credential: a pending one (rotated, not yet in the keychain) before the
   * keychain's, which the provider has killed. For sign-out, which revokes it.
   */
  async credential(accountId: string): Promise<StoredCredential | null> {
    const pending = await this.options.pendingCredentials?.get(accountId);
    const inKeychain = await this.options.secrets.getCredential(accountId).catch((error: unknown) => {
      if (pending) return undefined;
      throw error;
    });
    if (!pending || keychainIsLive(pending, inKeychain)) return inKeychain ?? null;
    return pending.credential;
  }

  /** Deletes the account's credential, pending and in the keychain (sign-out). */
  async forgetCredential(accountId: string): Promise<void> {
    this.options.pendingCredentials?.delete(accountId);
    await this.options.secrets.deleteCredential(accountId);
  }

  /** Remembers a token obtained elsewhere (sign-in). */
  remember(accountId: string, token: CachedAccessToken): void {
    this.keep(accountId, token);
  }

  private readCache(ref: AccountRef): Promise<CachedAccessToken | null> {
    const pending = this.reads.get(ref.accountId);
    if (pending) return pending;
    const read = this.options.cache.get(ref);
    this.reads.set(ref.accountId, read);
    const done = () => {
      if (this.reads.get(ref.accountId) === read) this.reads.delete(ref.accountId);
    };
    read.then(done, done);
    return read;
  }

  private async refreshUnderLease(
    ref: AccountRef,
    minValiditySeconds: number,
    force: boolean,
  ): Promise<CachedAccessToken> {
    const owner = randomUUID();
    const ttl = this.options.leaseTtlMs ?? defaultLeaseTtlMs;
    const deadline = this.now() + (this.options.waitTimeoutMs ?? ttl + 15_000);
    const startedAt = this.now();
    let waited = false;
    for (let attempt = 0; ; attempt += 1) {
      if (await this.options.lease.acquire(ref.accountId, owner, ttl)) {
        // Renewed while the refresh runs (a slow provider may take longer than one lease), so
        // the lease can be short and a holder that died frees it soon.
        const renewal = setInterval(
          () => void this.options.lease.renew(ref.accountId, owner, ttl).catch(() => false),
          Math.max(50, Math.floor(ttl / 3)),
        );
        renewal.unref();
        try {
          // Whoever held the lease before us may have just refreshed: use theirs.
          if (!force || waited) {
            const cached = await this.options.cache.get(ref);
            if (cached && isFresh(cached, minValiditySeconds, this.now())) {
              this.keep(ref.accountId, cached);
              return cached;
            }
          }
          return await this.refreshHoldingLease(ref, startedAt);
        } finally {
          clearInterval(renewal);
          await this.options.lease.release(ref.accountId, owner).catch(() => undefined);
        }
      }
      waited = true;
      await sleep(Math.min(50 * 2 ** Math.min(attempt, 3), 250));
      const cached = await this.options.cache.get(ref);
      if (cached && isFresh(cached, minValiditySeconds, this.now())) {
        this.keep(ref.accountId, cached);
        return cached;
      }
      if (this.now() > deadline) {
        throw new SignetError(
          'timeout',
          'Another Signet process is refreshing this account and did not finish.',
        );
      }
    }
  }

  private async refreshHoldingLease(ref: AccountRef, startedAt: number): Promise<CachedAccessToken> {
    const { secrets, cache, providers } = this.options;
    this.events.emit('refresh-started', { accountId: ref.accountId });
    let sent: string | undefined;
    let fromPendingRow = false;
    try {
      const { credential, fromPending, supersedes } = await this.readCredential(ref.accountId);
      fromPendingRow = fromPending;
      if (!credential) {
        throw new SignetError('needs-reauth', 'This account has no saved sign-in. Sign in again.');
      }
      if (credential.kind === 'access_token') {
        // Tokens that never expire (GitHub OAuth apps) live in the keychain; nothing to refresh.
        const token: CachedAccessToken = {
          accessToken: credential.token,
          tokenType: 'bearer',
          scope: null,
          expiresAt: null,
        };
        await cache.set(ref, token);
        this.keep(ref.accountId, token);
        this.succeeded(ref.accountId, token, startedAt);
        return token;
      }
      const provider = providers.require(ref.provider);
      sent = credential.token;
      // Read now, while the keychain has just answered, so keeping a rotated token sealed needs it not.
      await this.options.pendingCredentials?.ready();
      // A refreshed ID token must name the same person (OpenID Connect Core §12.2).
      const expected = credential.identity ? { subject: credential.identity.providerUserId } : undefined;
      const tokens = await refreshGrant(provider, credential.token, undefined, expected);
      crashPoint('refresh:after-response');
      if (tokens.refreshToken && tokens.refreshToken !== credential.token) {
        // The old refresh token is dead the moment the provider rotated it: the new one goes
        // to the keychain (or, failing that, sealed to the database) before anything else happens.
        await this.keepRotated(
          ref.accountId,
          {
            ...credential,
            kind: 'refresh_token',
            token: tokens.refreshToken,
            expiresAt: tokens.refreshTokenExpiresAt?.toISOString() ?? null,
          },
          [...supersedes, credential.token],
        );
      }
      crashPoint('refresh:after-keychain');
      const token = cachedTokenFrom(tokens);
      await cache.set(ref, token);
      crashPoint('refresh:after-cache');
      this.keep(ref.accountId, token);
      this.succeeded(ref.accountId, token, startedAt);
      return token;
    } catch (error) {
      let failure = toSignetError(error);
      if (failure.code === 'needs-reauth') {
        // Compare and delete: a credential rotated by another process since is alive and stays.
        let removed = sent === undefined;
        if (sent !== undefined && fromPendingRow) {
          // The refused token was the pending one; the keychain's is older still, so dead too.
          this.options.pendingCredentials?.delete(ref.accountId);
          await secrets.deleteCredential(ref.accountId).catch(() => undefined);
          removed = true;
        } else if (sent !== undefined) {
          removed = await deleteCredentialIfUnchanged(secrets, ref.accountId, sent).catch(() => true);
        }
        if (!removed) {
          const theirs = await cache.get(ref).catch(() => null);
          if (theirs && isFresh(theirs, 0, this.now())) {
            this.keep(ref.accountId, theirs);
            this.succeeded(ref.accountId, theirs, startedAt);
            return theirs;
          }
          failure = new SignetError('timeout', 'Another Signet process refreshed this account meanwhile.');
        }
      }
      if (failure.code === 'needs-reauth') {
        // The grant is dead: its refresh token and cached access token go; the account stays.
        await cache.delete(ref).catch(() => undefined);
        this.memory.delete(ref.accountId);
        this.reads.delete(ref.accountId);
      } else if (isTransient(failure.code)) {
        this.backoff.fail(ref.accountId, this.now(), failure.retryAfterSeconds);
      }
      this.options.logger.warn('refresh failed', { provider: ref.provider, errorCode: failure.code });
      this.events.emit('refresh-ended', {
        accountId: ref.accountId,
        outcome: { kind: 'failed', error: failure, durationMs: this.now() - startedAt },
      });
      throw failure;
    }
  }

  /**
   * The account's credential: a pending one (rotated, not yet in the keychain) wins over the
   * keychain's, which the provider has killed. Reading one tries to move it to the keychain.
   */
  private async readCredential(
    accountId: string,
  ): Promise<{ credential: StoredCredential | null; fromPending: boolean; supersedes: string[] }> {
    const { secrets, pendingCredentials } = this.options;
    const pending = await pendingCredentials?.get(accountId);
    if (!pending) {
      return { credential: await secrets.getCredential(accountId), fromPending: false, supersedes: [] };
    }
    // No answer from the keychain: the pending one is all there is.
    const inKeychain = await secrets.getCredential(accountId).catch(() => undefined);
    if (keychainIsLive(pending, inKeychain)) {
      pending.settle();
      return { credential: inKeychain, fromPending: false, supersedes: [] };
    }
    try {
      await this.writeCredential(accountId, pending.credential, keychainSlowMs);
      pending.settle();
    } catch {
      // The keychain still does not take it: it stays pending, and serves this refresh anyway.
    }
    return { credential: pending.credential, fromPending: true, supersedes: pending.supersedes };
  }

  /** A rotated credential reaches the keychain, or the pending row; throws only if neither took it. */
  private async keepRotated(
    accountId: string,
    credential: StoredCredential,
    supersedes: string[],
  ): Promise<void> {
    const { pendingCredentials, logger } = this.options;
    const waiting = setTimeout(() => this.events.emit('keychain-waiting', { accountId }), keychainSlowMs);
    waiting.unref();
    try {
      await this.writeCredential(
        accountId,
        credential,
        this.options.keychainWriteTimeoutMs ?? defaultKeychainWriteTimeoutMs,
      );
      // The keychain holds the newest credential now: an older pending one is of no more use.
      pendingCredentials?.delete(accountId);
    } catch (error) {
      if (!pendingCredentials) throw error;
      await pendingCredentials.put(accountId, credential, supersedes);
      logger.warn('the keychain did not take the rotated refresh token; it is kept sealed until it does', {
        errorCode: toSignetError(error).code,
      });
    } finally {
      clearTimeout(waiting);
    }
  }

  /** Writes after the account's previous write has settled; fails after `timeoutMs` (it may land later). */
  private async writeCredential(
    accountId: string,
    credential: StoredCredential,
    timeoutMs: number,
  ): Promise<void> {
    const previous = this.writes.get(accountId) ?? Promise.resolve();
    const write = previous.then(() =>
      this.options.secrets.setCredential(accountId, credential, { timeoutMs }),
    );
    const settled = write.catch(() => undefined);
    this.writes.set(accountId, settled);
    void settled.then(() => {
      if (this.writes.get(accountId) === settled) this.writes.delete(accountId);
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new SignetError('keychain-unavailable', 'The keychain did not answer in time.')),
        timeoutMs,
      );
      timer.unref();
    });
    try {
      await Promise.race([write, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private keep(accountId: string, token: CachedAccessToken): void {
    // A read that started before this token arrived must not be handed to later callers.
    this.reads.delete(accountId);
    if (this.options.memoryCache !== false) this.memory.set(accountId, token);
  }

  private succeeded(accountId: string, token: CachedAccessToken, startedAt: number): void {
    this.backoff.succeed(accountId);
    this.events.emit('refresh-ended', {
      accountId,
      outcome: { kind: 'refreshed', token, durationMs: this.now() - startedAt },
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Whether the keychain's credential, not a pending one, is the account's live credential: the
 * keychain then holds the pending one already (a late write landed) or a newer one (a sign-in
 * since), rather than one of the dead tokens the pending one replaced.
 */
function keychainIsLive(
  pending: { supersedes: readonly string[] },
  inKeychain: StoredCredential | null | undefined,
): inKeychain is StoredCredential {
  return inKeychain != null && !pending.supersedes.includes(inKeychain.token);
}
