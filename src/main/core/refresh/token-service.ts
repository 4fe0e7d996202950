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
import { deleteCredentialIfUnchanged, type SecretStore } from '../secrets/secret-store.js';
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
  now?: () => number;
}

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
    try {
      const credential = await secrets.getCredential(ref.accountId);
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
      // A refreshed ID token must name the same person (OpenID Connect Core §12.2).
      const expected = credential.identity ? { subject: credential.identity.providerUserId } : undefined;
      const tokens = await refreshGrant(provider, credential.token, undefined, expected);
      crashPoint('refresh:after-response');
      if (tokens.refreshToken && tokens.refreshToken !== credential.token) {
        // The old refresh token is dead the moment the provider rotated it: the new one goes
        // to the keychain before anything else happens.
        await secrets.setCredential(ref.accountId, {
          ...credential,
          kind: 'refresh_token',
          token: tokens.refreshToken,
          expiresAt: tokens.refreshTokenExpiresAt?.toISOString() ?? null,
        });
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
        const removed =
          sent === undefined ||
          (await deleteCredentialIfUnchanged(secrets, ref.accountId, sent).catch(() => true));
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
