// The token endpoint of an RFC 6749 server that answers in JSON with HTTP error statuses (Google,
// Discord, Microsoft): one flow, with each provider's wording, media types and rotation rule
// passed in as rules. GitHub's endpoint, which answers errors with HTTP 200, has its own.

import type { ServerResponse } from 'node:http';

import type { ParsedBody } from '../http/request-body.js';
import { NO_STORE, sendJson } from '../http/responses.js';
import type {
  AuthorizationCode,
  AuthorizationCodes,
  CodeRefusal,
  CodeRefusalReason,
} from './authorization-codes.js';
import { checkClient } from './client-authentication.js';
import type { ClientCheck, ClientCredentials, RegisteredClient } from './client-authentication.js';
import type { TokenRecord, TokenStore } from './token-store.js';

/** A token request as the endpoint read it (body, parameters merged with the query, client). */
export interface TokenRequest {
  body: ParsedBody;
  params: Map<string, string>;
  grantType: string | null;
  credentials: ClientCredentials;
}

/** An error answer of the token endpoint (RFC 6749 §5.2). */
export class TokenRefusal {
  constructor(
    readonly status: number,
    readonly error: string,
    /** error_description; left out of the body when undefined. */
    readonly description?: string,
  ) {}
}

/** A successful token response's body, or the refusal to send instead. */
export type TokenAnswer = Record<string, unknown> | TokenRefusal;

export interface TokenEndpointRules<P> {
  /** What a 'missing-fields' fault answers: the provider's token envelope without the tokens. */
  missingFieldsBody: Record<string, unknown>;
  /** A refusal of the body before anything else (its media type, repeated parameters), or null. */
  checkBody(body: ParsedBody): TokenRefusal | null;
  /** How a failed client check is answered. */
  clientRefusal(check: Exclude<ClientCheck, 'ok'>): TokenRefusal;
  /** A provider's own refusal of a client that passed the common check (or null). */
  refuseClient?(credentials: ClientCredentials): TokenRefusal | null;
  /** Whether the code exchange must repeat redirect_uri (RFC 6749 §4.1.3 when it was sent). */
  redirectUriRequired: boolean;
  /**
   * The error for each reason a code is refused (HTTP 400); description absent: the reason's own.
   * A function sees the whole refusal, for providers whose codes tell the causes apart.
   */
  codeRefusals: Record<
    CodeRefusalReason,
    { error: string; description?: string } | ((refusal: CodeRefusal) => TokenRefusal)
  >;
  /** The token response for a redeemed code. */
  exchangeCode(code: AuthorizationCode<P>, request: TokenRequest): TokenAnswer;
  /** Whether a refresh token is single use (rotated on every refresh) or stays valid. */
  rotateRefreshTokens: boolean;
  /** The answer to an unknown, expired, revoked or already used refresh token. */
  refreshRefusal: TokenRefusal;
  /** The token response for a valid refresh token. */
  refresh(record: TokenRecord<P>, request: TokenRequest): TokenAnswer;
  unsupportedGrant(grantType: string | null): TokenRefusal;
  /** The JSON body of an error; default { error, error_description }. */
  errorBody?(refusal: TokenRefusal): Record<string, unknown>;
}

/** What the endpoint needs of its emulator. */
export interface TokenGrants<P> {
  client: RegisteredClient;
  codes: AuthorizationCodes<P>;
  tokens: TokenStore<P>;
}

function defaultErrorBody(refusal: TokenRefusal): Record<string, unknown> {
  return refusal.description === undefined
    ? { error: refusal.error }
    : { error: refusal.error, error_description: refusal.description };
}

/**
 * Answer a token request for the authorization_code and refresh_token grants.
 * @see RFC 6749 §4.1.3, §5, §6
 */
export function answerTokenRequest<P>(
  res: ServerResponse,
  request: TokenRequest,
  rules: TokenEndpointRules<P>,
  grants: TokenGrants<P>,
): void {
  const fail = (refusal: TokenRefusal): void =>
    sendJson(res, refusal.status, (rules.errorBody ?? defaultErrorBody)(refusal), NO_STORE);
  const answer = (result: TokenAnswer): void =>
    result instanceof TokenRefusal ? fail(result) : sendJson(res, 200, result, NO_STORE);

  const bodyRefusal = rules.checkBody(request.body);
  if (bodyRefusal) return fail(bodyRefusal);
  const check = checkClient(request.credentials, grants.client);
  if (check !== 'ok') return fail(rules.clientRefusal(check));
  const clientRefusal = rules.refuseClient?.(request.credentials);
  if (clientRefusal) return fail(clientRefusal);

  const clientId = grants.client.clientId;
  if (request.grantType === 'authorization_code') {
    const redemption = grants.codes.redeem(request.params, clientId, {
      redirectUriRequired: rules.redirectUriRequired,
    });
    if (redemption.ok) return answer(rules.exchangeCode(redemption.code, request));
    const words = rules.codeRefusals[redemption.reason];
    if (typeof words === 'function') return fail(words(redemption));
    return fail(new TokenRefusal(400, words.error, words.description ?? redemption.description));
  }
  if (request.grantType === 'refresh_token') {
    const token = request.params.get('refresh_token');
    const record = grants.tokens.useRefreshToken(token, clientId, rules.rotateRefreshTokens);
    return record ? answer(rules.refresh(record, request)) : fail(rules.refreshRefusal);
  }
  fail(rules.unsupportedGrant(request.grantType));
}
