/**
 * Every failure Signet reports has one of these codes. Across IPC and the CLI an error is only
 * `{ code, message }`: never a stack, never a secret.
 */
export const errorCodes = [
  'config-invalid',
  'provider-not-configured',
  'invalid-input',
  'not-found',
  'ambiguous-account',
  'user-cancelled',
  'timeout',
  'access-denied',
  /** Adding permissions to an account, the browser came back signed in as someone else. */
  'wrong-account',
  'state-mismatch',
  'iss-mismatch',
  'id-token-invalid',
  'provider-error',
  'network',
  'rate-limited',
  'needs-reauth',
  'keychain-unavailable',
  'sealed-data-invalid',
  'storage',
  'forbidden',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

export interface SignetErrorOptions {
  /** Seconds the caller should wait before trying again (rate limits, `Retry-After`). */
  retryAfterSeconds?: number;
  /** The lower-layer error, kept for logs; never serialised across IPC or printed by the CLI. */
  cause?: unknown;
}

export class SignetError extends Error {
  override readonly name = 'SignetError';
  readonly code: ErrorCode;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options: SignetErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}

export function isSignetError(error: unknown, code?: ErrorCode): error is SignetError {
  return error instanceof SignetError && (code === undefined || error.code === code);
}

/** Errors worth retrying later without asking the user anything. */
export function isTransient(code: ErrorCode): boolean {
  return code === 'network' || code === 'rate-limited' || code === 'timeout' || code === 'provider-error';
}
