// The Microsoft identity platform's errors: the OAuth `error`, the AADSTS number and its words
// from the error-code reference, and the JSON shape every error answer has.
// https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes (read 2026-12-02)
// https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow#error-response (read 2026-12-02)

import { randomUUID } from 'node:crypto';

import { TokenRefusal } from '../oauth/token-endpoint.js';

export interface AadstsError {
  status: number;
  /** The RFC 6749 `error`. */
  error: string;
  /** The AADSTS number (error_codes). */
  code: number;
  text: string;
}

const aadsts = (status: number, error: string, code: number, text: string): AadstsError => ({
  status,
  error,
  code,
  text,
});

/** The errors this emulator answers, by what went wrong. */
export const AADSTS = {
  missingParameter: (name: string) =>
    aadsts(
      400,
      'invalid_request',
      900144,
      `The request body must contain the following parameter: '${name}'.`,
    ),
  invalidTenant: (tenant: string) =>
    aadsts(
      400,
      'invalid_tenant',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID.`,
    ),
  appNotFound: (clientId?: string) =>
    aadsts(
      400,
      'unauthorized_client',
      700016,
      `Application${clientId === undefined ? '' : ` with identifier '${clientId}'`} was not found in the directory.`,
    ),
  notMultiTenant: (clientId: string, endpoint: string) =>
    aadsts(
      400,
      'invalid_request',
      50194,
      `Application '${clientId}' is not configured as a multi-tenant application. Usage of the /${endpoint} endpoint is not supported for such applications. Use a tenant-specific endpoint or configure the application to be multi-tenant.`,
    ),
  wrongAccountType: () =>
    aadsts(400, 'invalid_request', 500208, 'The domain is not a valid login domain for the account type.'),
  userNotInTenant: (user: string, tenant: string, clientId: string) =>
    aadsts(
      400,
      'invalid_request',
      50020,
      `User account '${user}' from identity provider does not exist in tenant '${tenant}' and cannot access the application '${clientId}' in that tenant.`,
    ),
  publicClientWithSecret: () =>
    aadsts(
      401,
      'invalid_client',
      700025,
      "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
    ),
  missingSecret: () =>
    aadsts(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    ),
  badSecret: () =>
    aadsts(401, 'invalid_client', 70002, 'Error validating credentials. Invalid client secret provided.'),
  codeRedeemed: () =>
    aadsts(
      400,
      'invalid_grant',
      54005,
      'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
    ),
  grantExpired: () =>
    aadsts(400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired.'),
  malformedGrant: () =>
    aadsts(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.'),
  redirectMismatch: () =>
    aadsts(
      400,
      'invalid_grant',
      50011,
      'The redirect URI specified in the request does not match the one used to acquire the authorization code.',
    ),
  verifierMismatch: () =>
    aadsts(
      400,
      'invalid_grant',
      501481,
      'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
    ),
  invalidRefreshToken: () =>
    aadsts(
      400,
      'invalid_grant',
      70000,
      'The provided value for the input parameter refresh_token is not valid.',
    ),
  invalidScope: () =>
    aadsts(400, 'invalid_scope', 70011, "The provided value for the input parameter 'scope' is not valid."),
  unsupportedGrant: (grantType: string) =>
    aadsts(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType}'.`,
    ),
} as const;

/** The words a page or an error_description starts with. */
export function aadstsText(error: AadstsError): string {
  return `AADSTS${error.code}: ${error.text}`;
}

/** A token-endpoint refusal whose description carries the AADSTS number (see aadstsErrorBody). */
export function aadstsRefusal(error: AadstsError): TokenRefusal {
  return new TokenRefusal(error.status, error.error, aadstsText(error));
}

/**
 * { error, error_description, error_codes, timestamp, trace_id, correlation_id, error_uri }, the
 * description ending in the trace id, correlation id and timestamp as Microsoft's do.
 */
export function aadstsErrorBody(
  refusal: TokenRefusal,
  authority: string,
  now: number,
): Record<string, unknown> {
  const code = Number(/^AADSTS(\d+)/.exec(refusal.description ?? '')?.[1] ?? 0);
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date(now)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return {
    error: refusal.error,
    error_description: `${refusal.description ?? ''}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${authority}/error?code=${code}`,
  };
}
