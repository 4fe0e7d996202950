// The browser side of every emulator: an authorization endpoint whose user consents at once (or
// refuses, when told to), answering by redirect to the client's redirect URI with a code or an
// error, as RFC 6749 §4.1.2 describes. Errors that must not go to an unverified redirect URI
// (an unknown client, a bad redirect_uri) are shown as a page instead (RFC 6749 §4.1.2.1).

import type { ServerResponse } from 'node:http';

import { redirect, sendHtml } from '../http/responses.js';
import type { AuthorizationCodes } from './authorization-codes.js';
import { isValidChallenge } from './pkce.js';
import type { PkceMethod } from './pkce.js';

/** An authorization error sent back to the client: RFC 6749 §4.1.2.1 `error` and its description. */
export interface AuthorizeRefusal {
  error: string;
  description: string;
}

/** How one provider's authorization endpoint differs from the others. */
export interface AuthorizePolicy<P> {
  /** Value of the `iss` authorization response parameter (RFC 9207), or null to omit it. */
  iss: string | null;
  /** Reject authorization requests without a code_challenge. */
  requirePkce: boolean;
  /**
   * PKCE methods accepted (default S256 only). With `plain` among them, a challenge without
   * code_challenge_method is plain, as RFC 7636 §4.3 says.
   */
  pkceMethods?: readonly PkceMethod[];
  /** Reject requests without response_type=code (GitHub does not need it). */
  requireResponseType: boolean;
  /** Reject requests without a scope. */
  requireScope: boolean;
  /** Scope granted when the request has none. */
  defaultScope: string;
  /** Builds an authorization code. */
  newCode: () => string;
  /** Extra parameters for the success redirect (Google adds scope, authuser, prompt). */
  extraSuccessParams?: (request: URLSearchParams) => Record<string, string>;
  /** Extra parameters for error redirects (GitHub adds error_uri). */
  extraErrorParams?: (error: string) => Record<string, string>;
  /** A provider's own refusal after the common checks (for example a tenant the user is not in). */
  refuse?: (request: URLSearchParams, user: P) => AuthorizeRefusal | null;
  /** Who signs in, when it depends on the request (an account picker); else the consenting user. */
  userFor?: (request: URLSearchParams) => P;
  /** Kept with the code for the token endpoint (AuthorizationCode.context). */
  context?: Record<string, string>;
}

/** What the consent page knows of the emulator it belongs to. */
export interface ConsentState<P> {
  clientId: string;
  isRedirectAllowed(redirectUri: string): boolean;
  /** While true, every authorization answers error=access_denied. */
  denies: boolean;
  /** Scopes the person unticks on the consent screen: granted without them. */
  declinedScopes?: readonly string[];
  /** Who approves. */
  user: P;
  codes: AuthorizationCodes<P>;
}

/** Answer one authorization request (GET with the query of RFC 6749 §4.1.1). */
export function answerAuthorization<P>(
  res: ServerResponse,
  query: URLSearchParams,
  policy: AuthorizePolicy<P>,
  state: ConsentState<P>,
): void {
  const clientId = query.get('client_id');
  if (!clientId) {
    sendHtml(res, 400, 'Error 400: invalid_request', 'Missing required parameter: client_id');
    return;
  }
  if (clientId !== state.clientId) {
    sendHtml(res, 400, 'Error 401: invalid_client', 'The OAuth client was not found.');
    return;
  }
  const redirectUri = query.get('redirect_uri');
  if (!redirectUri) {
    sendHtml(res, 400, 'Error 400: invalid_request', 'Missing required parameter: redirect_uri');
    return;
  }
  if (!state.isRedirectAllowed(redirectUri)) {
    sendHtml(
      res,
      400,
      'Error 400: redirect_uri_mismatch',
      'The redirect_uri is not a registered loopback address of this application.',
    );
    return;
  }

  const clientState = query.get('state');
  const redirectTo = (params: Record<string, string>): void => {
    const target = new URL(redirectUri);
    for (const [key, value] of Object.entries(params)) target.searchParams.append(key, value);
    if (clientState !== null) target.searchParams.append('state', clientState);
    if (policy.iss !== null) target.searchParams.append('iss', policy.iss);
    redirect(res, target.toString());
  };
  const fail = ({ error, description }: AuthorizeRefusal): void =>
    redirectTo({ error, error_description: description, ...policy.extraErrorParams?.(error) });

  const refusal = commonRefusal(query, policy);
  if (refusal) return fail(refusal);
  const user = policy.userFor?.(query) ?? state.user;
  const own = policy.refuse?.(query, user);
  if (own) return fail(own);
  if (state.denies) {
    return fail({ error: 'access_denied', description: 'The user has denied your application access.' });
  }

  const code = policy.newCode();
  const scope = query.get('scope');
  state.codes.add(code, {
    clientId,
    redirectUri,
    codeChallenge: query.get('code_challenge'),
    codeChallengeMethod: query.get('code_challenge_method') === 'S256' ? 'S256' : 'plain',
    scope: withoutDeclined(scope?.trim() || policy.defaultScope, state.declinedScopes ?? []),
    user: { ...user },
    request: new URLSearchParams(query),
    context: { ...policy.context },
  });
  redirectTo({ code, ...policy.extraSuccessParams?.(query) });
}

/** RFC 6749 §3.1 (no repeated parameter), §4.1.1 (response_type), RFC 7636 §4.3 (the challenge). */
function commonRefusal<P>(query: URLSearchParams, policy: AuthorizePolicy<P>): AuthorizeRefusal | null {
  const duplicated = [...new Set([...query.keys()].filter((key) => query.getAll(key).length > 1))];
  if (duplicated.length > 0) {
    return {
      error: 'invalid_request',
      description: `Parameter included more than once: ${duplicated.join(', ')}`,
    };
  }
  const responseType = query.get('response_type');
  if (responseType === null ? policy.requireResponseType : responseType !== 'code') {
    return { error: 'unsupported_response_type', description: 'Only response_type=code is supported.' };
  }
  const challenge = query.get('code_challenge');
  const method = query.get('code_challenge_method');
  const methods = policy.pkceMethods ?? ['S256'];
  if (challenge === null) {
    if (method !== null) {
      return { error: 'invalid_request', description: 'code_challenge_method without code_challenge.' };
    }
    if (policy.requirePkce) {
      return { error: 'invalid_request', description: 'Missing required parameter: code_challenge' };
    }
  } else {
    const used = (method ?? 'plain') as PkceMethod;
    if (!methods.includes(used)) {
      return {
        error: 'invalid_request',
        description: `code_challenge_method must be ${methods.join(' or ')}.`,
      };
    }
    if (!isValidChallenge(challenge, used)) {
      return { error: 'invalid_request', description: 'Invalid code_challenge.' };
    }
  }
  const scope = query.get('scope');
  if ((scope === null || scope.trim() === '') && policy.requireScope) {
    return { error: 'invalid_scope', description: 'Missing required parameter: scope' };
  }
  return null;
}

/** What the person approved: the scopes asked, less the ones they unticked. */
function withoutDeclined(scope: string, declined: readonly string[]): string {
  if (declined.length === 0) return scope;
  return scope
    .split(/[\s,]+/)
    .filter((item) => item !== '' && !declined.includes(item))
    .join(' ');
}
