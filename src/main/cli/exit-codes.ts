import { assertNever } from '../../shared/assert-never.js';
import type { ErrorCode } from '../../shared/errors.js';

/** The `signet` exit codes (docs/ARCHITECTURE.md §6). */
export const exitCodes = {
  ok: 0,
  failed: 1,
  usage: 2,
  needsReauth: 3,
  unavailable: 4,
  configuration: 5,
  keychain: 6,
  /** `token --scope`: the account does not hold a scope that was asked for. */
  missingScope: 7,
} as const;

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'needs-reauth':
      return exitCodes.needsReauth;
    case 'network':
    case 'timeout':
    case 'provider-error':
    case 'rate-limited':
      return exitCodes.unavailable;
    case 'config-invalid':
    case 'provider-not-configured':
      return exitCodes.configuration;
    case 'keychain-unavailable':
      return exitCodes.keychain;
    case 'invalid-input':
      return exitCodes.usage;
    case 'not-found':
    case 'ambiguous-account':
    case 'user-cancelled':
    case 'access-denied':
    case 'wrong-account':
    case 'state-mismatch':
    case 'iss-mismatch':
    case 'id-token-invalid':
    case 'sealed-data-invalid':
    case 'storage':
    case 'forbidden':
    case 'internal':
      return exitCodes.failed;
    default:
      return assertNever(code, 'error code');
  }
}
