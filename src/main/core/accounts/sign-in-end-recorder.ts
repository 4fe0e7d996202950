import type { SignInManager } from '../flows/sign-in-manager.js';
import type { Logger } from '../logging/logger.js';
import type { AuthEventsRepository } from '../storage/auth-events-repository.js';

export interface SignInEndRecorderDeps {
  signIns: SignInManager;
  authEvents: AuthEventsRepository;
  logger: Logger;
}

/**
 * Records each sign-in that ended without an account, so the figures have the failures beside the
 * successes (which `SignInRecorder` records as it keeps the account): `failure` with its error code,
 * or `cancelled` when the person (or Signet quitting) ended it. It only listens to the sign-ins.
 */
export function recordSignInEnds({ signIns, authEvents, logger }: SignInEndRecorderDeps): () => void {
  return signIns.on('sign-in-progress', (progress) => {
    if (progress.stage !== 'failed' && progress.stage !== 'cancelled') return;
    try {
      authEvents.record({
        accountId: null,
        provider: progress.provider,
        kind: 'sign-in',
        outcome: progress.stage === 'failed' ? 'failure' : 'cancelled',
        errorCode: progress.error?.code ?? null,
      });
    } catch {
      // The database closed under a sign-in cancelled at exit: the figures lose one cancellation.
      logger.warn('could not record the end of a sign-in', { errorCode: 'storage' });
    }
  });
}
