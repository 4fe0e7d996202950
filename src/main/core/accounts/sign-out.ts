import type { SignetError } from '../../../shared/errors.js';
import { Sealer } from '../crypto/sealer.js';
import { crashPoint } from '../faults/crash-points.js';
import type { Logger } from '../logging/logger.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import type { TokenService } from '../refresh/token-service.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { StatusService } from '../status/status-service.js';
import type { AccountsRepository } from '../storage/accounts-repository.js';
import type { AuthEventsRepository } from '../storage/auth-events-repository.js';
import type { PendingWork, PendingWorkRepository } from '../storage/pending-work-repository.js';
import type { SyncServer } from '../sync/sync-server.js';
import type { AccountState } from './account-state.js';

export interface SignOutDeps {
  accounts: AccountsRepository;
  authEvents: AuthEventsRepository;
  secrets: SecretStore;
  sync: SyncServer;
  tokens: TokenService;
  providers: ProviderRegistry;
  state: AccountState;
  logger: Logger;
  /** What a sign-out could not finish (a server delete, a revocation), carried out later. */
  pending: PendingWorkRepository;
}

/** Tries a kept revocation this many times (at start and when the sync server comes back), then drops it. */
export const maxRevokeAttempts = 5;

/**
 * Signs out: forgets the tokens locally first (so none is served again, whatever happens next),
 * then revokes at the provider where it can, then removes the account. A crash part-way leaves
 * the account marked as needing sign-in, never serving a token.
 * @see RFC 7009
 */
export async function signOut(deps: SignOutDeps, accountId: string): Promise<{ revoked: boolean }> {
  const { accounts, sync, tokens, state } = deps;
  const account = state.require(accountId);
  const ref = { accountId, provider: account.provider };
  const provider = deps.providers.find(account.provider);
  // No refresh may run while the tokens are forgotten: one answered later would store its
  // rotated refresh token again, live and never revoked.
  const { credential, cached } = await tokens.exclusive(ref, async () => {
    const credential = await tokens.credential(accountId).catch(() => null);
    const cached = await sync.get(ref).catch(() => null);
    const syncTag = await sync.syncTag(accountId).catch(() => null);
    tokens.forget(accountId);
    await sync.delete(ref).catch(() => undefined);
    // `delete` falls back to local storage when the server is down: then the server would keep
    // the token for its lifetime, so the delete is kept and done when the server is back.
    if (syncTag !== null) {
      await sync.deleteOnServer(syncTag).catch(() => deps.pending.addSyncDelete(syncTag));
    }
    await tokens.forgetCredential(accountId);
    const marked = accounts.setStatus(accountId, 'needs-reauth', 'signed-out');
    if (marked) state.note(marked);
    return { credential, cached };
  });
  crashPoint('sign-out:after-local-forget');
  let revoked = false;
  if (provider?.configured && (credential || cached)) {
    const toRevoke: RevokeTokens = {
      accessToken: credential?.kind === 'access_token' ? credential.token : (cached?.accessToken ?? null),
      refreshToken: credential?.kind === 'refresh_token' ? credential.token : null,
    };
    try {
      revoked = await provider.revoke(toRevoke);
      if (revoked) recordRevoke(deps, account.provider, null);
    } catch (error) {
      const errorCode = errorCodeOf(error);
      deps.logger.warn('revocation failed; forgetting locally anyway, and trying again later', {
        provider: account.provider,
        errorCode,
      });
      recordRevoke(deps, account.provider, errorCode);
      await keepRevoke(deps, account.provider, toRevoke).catch((keepError: unknown) =>
        deps.logger.warn('could not keep the revocation for later', { errorCode: errorCodeOf(keepError) }),
      );
    }
  }
  crashPoint('sign-out:after-revoke');
  state.forget(accountId);
  accounts.delete(accountId);
  deps.authEvents.record({
    accountId: null,
    provider: account.provider,
    kind: 'sign-out',
    outcome: 'success',
  });
  await state.changed();
  return { revoked };
}

interface RevokeTokens {
  accessToken: string | null;
  refreshToken: string | null;
}

/** Associated data for a kept revocation's sealed tokens: the blob opens only as its own row. */
const revokeAssociatedData = (id: string) => `pending-work:${id}`;

async function keepRevoke(deps: SignOutDeps, provider: string, tokens: RevokeTokens): Promise<void> {
  const sealer = new Sealer(deps.secrets);
  await deps.pending.addRevoke(provider, (id) =>
    sealer.seal(JSON.stringify(tokens), revokeAssociatedData(id)),
  );
}

function recordRevoke(deps: Pick<SignOutDeps, 'authEvents'>, provider: string, errorCode: string | null) {
  deps.authEvents.record({
    accountId: null,
    provider,
    kind: 'revoke',
    outcome: errorCode === null ? 'success' : 'failure',
    errorCode,
  });
}

function errorCodeOf(error: unknown): string {
  const code = (error as Partial<SignetError> | null)?.code;
  return typeof code === 'string' ? code : 'unknown';
}

export type PendingSignOutDeps = Pick<
  SignOutDeps,
  'pending' | 'sync' | 'providers' | 'secrets' | 'authEvents' | 'logger'
>;

/**
 * Carries out what earlier sign-outs could not: server deletes (while the server is connected)
 * and revocations (each one at most `maxRevokeAttempts` times, every attempt recorded).
 */
export async function carryOutPendingSignOutWork(deps: PendingSignOutDeps): Promise<void> {
  for (const work of deps.pending.list()) {
    if (work.kind === 'sync-delete') await carryOutSyncDelete(deps, work);
    else await carryOutRevoke(deps, work);
  }
}

async function carryOutSyncDelete(
  deps: PendingSignOutDeps,
  work: Extract<PendingWork, { kind: 'sync-delete' }>,
): Promise<void> {
  if (!deps.sync.connected) return;
  try {
    await deps.sync.deleteOnServer(work.syncTag);
    deps.pending.remove(work.id);
  } catch {
    // Still unreachable: the next connection tries again.
  }
}

async function carryOutRevoke(
  deps: PendingSignOutDeps,
  work: Extract<PendingWork, { kind: 'revoke' }>,
): Promise<void> {
  const provider = deps.providers.find(work.provider);
  if (!provider?.configured) return;
  let tokens: RevokeTokens;
  try {
    tokens = JSON.parse(
      await new Sealer(deps.secrets).unseal(work.sealed, revokeAssociatedData(work.id)),
    ) as RevokeTokens;
  } catch (error) {
    const errorCode = errorCodeOf(error);
    // A keychain that is locked now may open later; a blob that does not open never will.
    if (errorCode !== 'keychain-unavailable') deps.pending.remove(work.id);
    deps.logger.warn('a kept revocation could not be opened', { provider: work.provider, errorCode });
    return;
  }
  try {
    await provider.revoke(tokens);
    deps.pending.remove(work.id);
    recordRevoke(deps, work.provider, null);
  } catch (error) {
    const errorCode = errorCodeOf(error);
    recordRevoke(deps, work.provider, errorCode);
    // The attempt at sign-out was the first.
    if (deps.pending.failed(work.id) + 1 >= maxRevokeAttempts) {
      deps.pending.remove(work.id);
      deps.logger.warn('revocation failed too often; giving up', { provider: work.provider, errorCode });
    }
  }
}

/**
 * Runs `carryOutPendingSignOutWork` now, each time the sync server connects and each time the
 * status comes back online, one run at a time. Returns the unsubscribe, and the current run for
 * callers (and tests) that wait on it.
 */
export function watchPendingSignOutWork(
  deps: PendingSignOutDeps & {
    /** Where coming back online is heard of: a revocation that met no network is tried again then. */
    status?: Pick<StatusService, 'on'>;
  },
): {
  stop: () => void;
  idle: () => Promise<void>;
} {
  let running: Promise<void> = Promise.resolve();
  let again = false;
  let busy = false;
  const run = () => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    running = (async () => {
      do {
        again = false;
        await carryOutPendingSignOutWork(deps).catch((error: unknown) =>
          deps.logger.warn('pending sign-out work failed', { errorCode: errorCodeOf(error) }),
        );
      } while (again);
      busy = false;
    })();
  };
  const stopSync = deps.sync.on('changed', () => {
    if (deps.sync.connected) run();
  });
  let online = true;
  const stopStatus = deps.status?.on('status-changed', (view) => {
    if (view.online && !online) run();
    online = view.online;
  });
  run();
  return {
    stop: () => {
      stopSync();
      stopStatus?.();
    },
    idle: () => running,
  };
}
