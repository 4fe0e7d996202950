import * as oauth from 'oauth4webapi';
import { SignetError } from '../../../shared/errors.js';
import { rateLimited, retryAfterOf } from './rate-limit.js';

/**
 * The one place lower-layer errors (oauth4webapi, undici, SQLite, keytar, Redis) become a
 * `SignetError`. Messages name what failed and what to do; they never carry a token, code,
 * verifier or state, and never a stack.
 */
export function toSignetError(error: unknown, providerName = 'The provider'): SignetError {
  if (error instanceof SignetError) return error;
  const storage = fromSqliteError(error);
  if (storage) return storage;
  if (error instanceof oauth.ResponseBodyError)
    return fromOAuthError(error.error, error.status, providerName, error.response);
  if (error instanceof oauth.AuthorizationResponseError) {
    return error.error === 'access_denied'
      ? new SignetError(
          'access-denied',
          `Access was denied at ${providerName}. Sign in again and choose Allow.`,
        )
      : new SignetError('provider-error', `${providerName} refused the sign-in (${safeCode(error.error)}).`);
  }
  if (error instanceof oauth.UnsupportedOperationError) {
    // For instance an authorization response carrying `token` or `id_token` (implicit or hybrid
    // flow) where a code was asked for: the provider's answer is wrong, not Signet.
    return new SignetError('provider-error', `${providerName} sent a response Signet does not accept.`);
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) return fromChallenge(error, providerName);
  if (error instanceof oauth.OperationProcessingError) {
    // An endpoint answered a status it never should (userinfo, discovery, JWKS): oauth4webapi
    // calls that "not conform" and keeps the response. 429 and 5xx there mean what they mean at
    // the token endpoint (rate limited, with Retry-After; provider trouble), not a bad response.
    if (error.code === oauth.RESPONSE_IS_NOT_CONFORM && isResponse(error.cause)) {
      const transport = transportFailure(error.cause, providerName);
      if (transport) return transport;
    }
    const message = error.message;
    // Only the authorization response's own parameters (RFC 9207 `iss`, `state`) are mix-ups:
    // an ID token's claims are quoted the same way ('unexpected JWT "iss" (issuer) claim value')
    // and are an invalid ID token, not an issuer mismatch.
    const aboutResponseParameter = /response parameter/.test(message);
    if (aboutResponseParameter && /"iss"/.test(message)) {
      return new SignetError(
        'iss-mismatch',
        `The sign-in response did not come from ${providerName} (issuer mismatch).`,
      );
    }
    if (aboutResponseParameter && /"state"/.test(message)) {
      return new SignetError(
        'state-mismatch',
        'The sign-in response does not belong to this sign-in attempt.',
      );
    }
    if (
      error.code === oauth.JWT_CLAIM_COMPARISON ||
      error.code === oauth.JWT_TIMESTAMP_CHECK ||
      /ID Token|id_token|JWT|nonce|signature/i.test(message)
    ) {
      return new SignetError('id-token-invalid', `${providerName} sent an ID token that failed validation.`);
    }
    if (error.code === oauth.RESPONSE_IS_NOT_JSON || error.code === oauth.PARSE_ERROR) {
      return new SignetError('provider-error', `${providerName} sent a response that is not JSON.`);
    }
    return new SignetError(
      'provider-error',
      `${providerName} sent an unexpected response: ${redactMessage(message)}.`,
    );
  }
  if (error instanceof TypeError && /fetch failed|network/i.test(error.message)) {
    return new SignetError('network', `Cannot reach ${providerName}. Check the network connection.`);
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new SignetError('user-cancelled', 'The sign-in was cancelled.');
  }
  // An `AbortSignal.timeout()` that fired (oauth4webapi's own default, for one): a timeout, not a bug.
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new SignetError('timeout', `${providerName} did not answer in time.`);
  }
  return new SignetError(
    'internal',
    `Something went wrong: ${redactMessage(error instanceof Error ? error.message : String(error))}`,
  );
}

function fromOAuthError(code: string, status: number, providerName: string, response: Response): SignetError {
  switch (code) {
    case 'invalid_grant':
    case 'bad_refresh_token':
    case 'bad_verification_code':
    case 'expired_token':
      return new SignetError(
        'needs-reauth',
        `${providerName} no longer accepts this sign-in (${safeCode(code)}). Sign in again.`,
      );
    case 'access_denied':
      return new SignetError('access-denied', `Access was denied at ${providerName}.`);
    case 'invalid_client':
    case 'unauthorized_client':
    case 'incorrect_client_credentials':
    case 'redirect_uri_mismatch':
      return new SignetError(
        'config-invalid',
        `${providerName} rejected the app's client credentials (${safeCode(code)}): check the client id and secret.`,
      );
    case 'slow_down':
    case 'temporarily_unavailable':
      return rateLimited(response, providerName, 'asks to slow down');
    default:
      if (status === 429) return rateLimited(response, providerName);
      return new SignetError('provider-error', `${providerName} answered with an error (${safeCode(code)}).`);
  }
}

/**
 * A 4xx answered with a `WWW-Authenticate` challenge. This is never needs-reauth, which deletes
 * the stored credential: a token endpoint's `Basic error="invalid_client"` says the app's client
 * credentials are wrong (RFC 6749 §5.2), and a resource server's `Bearer error="invalid_token"`
 * (RFC 6750 §3.1, for instance userinfo during sign-in) is about an access token just issued, not
 * the refresh token. Only the token endpoint's `invalid_grant` body says the grant is gone.
 */
function fromChallenge(error: oauth.WWWAuthenticateChallengeError, providerName: string): SignetError {
  const codes = error.cause
    .map((challenge) => challenge.parameters.error)
    .filter((code) => code !== undefined);
  const transport = transportFailure(error.response, providerName);
  if (transport) return transport;
  if (codes.some((code) => clientErrors.has(code))) {
    const code = codes.find((candidate) => clientErrors.has(candidate))!;
    return new SignetError(
      'config-invalid',
      `${providerName} rejected the app's client credentials (${safeCode(code)}): check the client id and secret.`,
    );
  }
  const code = codes[0];
  return new SignetError(
    'provider-error',
    code === undefined
      ? `${providerName} refused the request (HTTP ${error.status}).`
      : `${providerName} refused the request (${safeCode(code)}, HTTP ${error.status}).`,
  );
}

const clientErrors = new Set(['invalid_client', 'unauthorized_client']);

/** OAuth error codes are short ASCII; anything else is not echoed. */
function safeCode(code: string): string {
  return /^[a-z0-9_.-]{1,64}$/i.test(code) ? code : 'unrecognised error';
}

function redactMessage(message: string): string {
  return message.replace(/[A-Za-z0-9._~+/=-]{24,}/g, '[…]').slice(0, 200);
}

/** Responses that say nothing usable (5xx, 429, HTML) become errors before oauth4webapi parses them. */
export function checkTransportStatus(response: Response, providerName: string): void {
  const failure = transportFailure(response, providerName);
  if (failure) throw failure;
}

function transportFailure(response: Response, providerName: string): SignetError | null {
  if (response.status === 429) return rateLimited(response, providerName);
  if (response.status >= 500) {
    return new SignetError(
      'provider-error',
      `${providerName} is having trouble (HTTP ${response.status}). Try again later.`,
      { retryAfterSeconds: retryAfterOf(response) },
    );
  }
  return null;
}

function isResponse(value: unknown): value is Response {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { status?: unknown }).status === 'number' &&
    typeof (value as { headers?: { get?: unknown } }).headers?.get === 'function'
  );
}

/** better-sqlite3's `SqliteError`s, in words a person can act on. */
function fromSqliteError(error: unknown): SignetError | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if ((error as { name?: string } | undefined)?.name !== 'SqliteError' || typeof code !== 'string')
    return undefined;
  const base = code.split('_').slice(0, 2).join('_');
  const message =
    base === 'SQLITE_BUSY' || base === 'SQLITE_LOCKED'
      ? 'The database is busy: another program holds a lock on it. Try again in a moment.'
      : base === 'SQLITE_FULL'
        ? 'The disk is full: free some space and try again.'
        : base === 'SQLITE_READONLY' || base === 'SQLITE_PERM' || base === 'SQLITE_CANTOPEN'
          ? 'The data directory cannot be written: check its permissions.'
          : base === 'SQLITE_CORRUPT' || base === 'SQLITE_NOTADB'
            ? 'The database is damaged: restart Signet to rebuild it.'
            : `The database failed (${code}).`;
  return new SignetError('storage', message, { cause: error });
}
