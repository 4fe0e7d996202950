/**
 * Every error code in words a person understands, with what to do next. The switch is exhaustive:
 * a code added to src/shared/errors.ts without a sentence here is a type error.
 */
import { assertNever } from '../../shared/assert-never';
import { errorCodes, type ErrorCode } from '../../shared/errors';

export interface ErrorText {
  /** What happened. */
  summary: string;
  /** What to do about it. */
  next: string;
}

export function describeErrorCode(code: ErrorCode): ErrorText {
  switch (code) {
    case 'config-invalid':
      return {
        summary: 'Signet’s configuration has a mistake in it.',
        next: 'Check config.json in the data folder and the SIGNET_ environment variables, then restart Signet.',
      };
    case 'provider-not-configured':
      return {
        summary: 'This provider isn’t set up on this computer yet.',
        next: 'Set its client ID (shown under Add account) and restart Signet.',
      };
    case 'invalid-input':
      return {
        summary: 'Signet received a request it couldn’t understand.',
        next: 'Try again. If it keeps happening, restart Signet.',
      };
    case 'not-found':
      return {
        summary: 'That account or sign-in no longer exists.',
        next: 'It may have been removed from the command line. The list shows what is left.',
      };
    case 'ambiguous-account':
      return {
        summary: 'More than one account matches.',
        next: 'Choose the account from the list instead.',
      };
    case 'user-cancelled':
      return {
        summary: 'The sign-in was cancelled.',
        next: 'Start again whenever you’re ready.',
      };
    case 'timeout':
      return {
        summary: 'Signet waited too long for an answer, so it stopped.',
        next: 'Start again and finish signing in within 5 minutes. If the provider is slow, check your connection.',
      };
    case 'wrong-account':
      return {
        summary: 'The browser signed in as a different account, so nothing was changed.',
        next: 'Start again and choose the account you are adding permissions to.',
      };
    case 'access-denied':
      return {
        summary: 'Access wasn’t granted in the browser.',
        next: 'If you meant to allow it, start again and choose Allow or Authorize on the provider’s page.',
      };
    case 'state-mismatch':
      return {
        summary: 'The browser’s answer didn’t belong to this sign-in, so Signet ignored it to keep you safe.',
        next: 'Start the sign-in again from Signet and finish it in the newest browser tab.',
      };
    case 'iss-mismatch':
      return {
        summary: 'The answer came from an unexpected server, so Signet rejected it to keep you safe.',
        next: 'Start again. If it keeps happening, check the provider address in Signet’s configuration.',
      };
    case 'id-token-invalid':
      return {
        summary: 'The provider’s proof of who you are didn’t check out, so Signet rejected it.',
        next: 'Start again. If it keeps happening, check that your computer’s clock is right.',
      };
    case 'provider-error':
      return {
        summary: 'The provider had a problem answering Signet.',
        next: 'Wait a moment and try again.',
      };
    case 'network':
      return {
        summary: 'Signet couldn’t reach the provider.',
        next: 'Check your internet connection and try again. Signet retries by itself when you’re back online.',
      };
    case 'rate-limited':
      return {
        summary: 'The provider asked Signet to slow down.',
        next: 'Wait a few minutes and try again; Signet will retry on its own.',
      };
    case 'needs-reauth':
      return {
        summary: 'The provider no longer accepts Signet’s saved sign-in for this account.',
        next: 'Choose “Sign in again” to reconnect it.',
      };
    case 'keychain-unavailable':
      return {
        summary: 'Signet can’t reach your system keychain, where it keeps your sign-ins safe.',
        next: 'Unlock your keychain (on Linux, start a Secret Service such as GNOME Keyring), then try again.',
      };
    case 'sealed-data-invalid':
      return {
        summary: 'Signet couldn’t unlock a saved access token on this computer.',
        next: 'Refresh the account, or sign in again to replace it.',
      };
    case 'storage':
      return {
        summary: 'Signet couldn’t read or write its data on this computer.',
        next: 'Check that the disk has free space and the data folder is writable, then restart Signet.',
      };
    case 'forbidden':
      return {
        summary: 'That action isn’t allowed from this window.',
        next: 'Restart Signet. If it keeps happening, please report it.',
      };
    case 'internal':
      return {
        summary: 'Something went wrong inside Signet.',
        next: 'Try again. If it keeps happening, restart Signet.',
      };
    default:
      return assertNever(code, 'error code');
  }
}

export function isErrorCode(code: string): code is ErrorCode {
  return (errorCodes as readonly string[]).includes(code);
}

/** Codes arrive across IPC as strings; one this window does not know still gets a sentence. */
export function describeError(code: string): ErrorText {
  if (isErrorCode(code)) return describeErrorCode(code);
  return {
    summary: 'Something unexpected went wrong.',
    next: 'Try again. If it keeps happening, restart Signet.',
  };
}
