import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { toSignetError } from '../../../src/main/core/errors/translate-error.js';

/** What oauth4webapi throws when an endpoint answers a status it should never answer. */
function notConform(status: number, headers: Record<string, string> = {}): oauth.OperationProcessingError {
  return new oauth.OperationProcessingError(
    '"response" is not a conform UserInfo Endpoint response (unexpected HTTP status code)',
    { code: oauth.RESPONSE_IS_NOT_CONFORM, cause: new Response('<html>busy</html>', { status, headers }) },
  );
}

/** What oauth4webapi throws for a 4xx carrying a `WWW-Authenticate` challenge. */
async function challenged(status: number, header: string): Promise<oauth.WWWAuthenticateChallengeError> {
  const as = { issuer: 'https://as.example', token_endpoint: 'https://as.example/token' };
  const response = new Response('{}', {
    status,
    headers: { 'content-type': 'application/json', 'www-authenticate': header },
  });
  const error = await oauth.processRefreshTokenResponse(as, { client_id: 'app' }, response).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof oauth.WWWAuthenticateChallengeError)) throw new Error('expected a challenge error');
  return error;
}

describe('toSignetError', () => {
  it('a token endpoint 401 with Basic error="invalid_client" is config-invalid, never needs-reauth (regression)', async () => {
    const error = toSignetError(
      await challenged(401, 'Basic realm="token", error="invalid_client"'),
      'GitHub',
    );
    expect(error.code).toBe('config-invalid');
  });

  it('a resource server invalid_token challenge is provider-error, never needs-reauth (regression)', async () => {
    const error = toSignetError(await challenged(401, 'Bearer error="invalid_token"'), 'Google');
    expect(error.code).toBe('provider-error');
    expect(toSignetError(await challenged(403, 'Bearer error="insufficient_scope"')).code).toBe(
      'provider-error',
    );
    expect(toSignetError(await challenged(401, 'Bearer realm="api"')).code).toBe('provider-error');
  });

  it("only invalid_grant and the providers' documented equivalents are needs-reauth; invalid_client is config-invalid", () => {
    const body = (code: string) =>
      new oauth.ResponseBodyError('server responded with an error in the response body', {
        cause: { error: code },
        response: new Response(null, { status: 400 }),
      });
    for (const code of ['invalid_grant', 'bad_refresh_token', 'expired_token'])
      expect(toSignetError(body(code)).code).toBe('needs-reauth');
    expect(toSignetError(body('invalid_client')).code).toBe('config-invalid');
    expect(toSignetError(body('invalid_scope')).code).toBe('provider-error');
  });

  it('a 429 from userinfo, discovery or JWKS is rate-limited with its Retry-After (regression: provider-error, no Retry-After)', () => {
    const error = toSignetError(notConform(429, { 'retry-after': '7' }), 'Google');
    expect(error.code).toBe('rate-limited');
    expect(error.retryAfterSeconds).toBe(7);
  });

  it('a 5xx there is provider-error, keeping a Retry-After', () => {
    const error = toSignetError(notConform(503, { 'retry-after': '30' }), 'Google');
    expect(error.code).toBe('provider-error');
    expect(error.retryAfterSeconds).toBe(30);
  });

  it('any other unexpected status there stays provider-error', () => {
    const error = toSignetError(notConform(404), 'Google');
    expect(error.code).toBe('provider-error');
    expect(error.retryAfterSeconds).toBeUndefined();
  });

  it('an implicit-flow answer is provider-error (regression: internal)', () => {
    const error = toSignetError(
      new oauth.UnsupportedOperationError('implicit and hybrid flows are not supported'),
      'GitHub',
    );
    expect(error.code).toBe('provider-error');
  });

  it('an AbortSignal.timeout() that fired is timeout (regression: internal)', () => {
    expect(
      toSignetError(new DOMException('The operation was aborted due to timeout', 'TimeoutError')).code,
    ).toBe('timeout');
    expect(toSignetError(new DOMException('This operation was aborted', 'AbortError')).code).toBe(
      'user-cancelled',
    );
  });

  it('an ID token whose iss claim is wrong is id-token-invalid, not iss-mismatch (regression)', () => {
    const claim = new oauth.OperationProcessingError('unexpected JWT "iss" (issuer) claim value', {
      code: oauth.JWT_CLAIM_COMPARISON,
    });
    expect(toSignetError(claim, 'Google').code).toBe('id-token-invalid');
  });

  it('the authorization response parameters iss and state are iss-mismatch and state-mismatch', () => {
    const iss = new oauth.OperationProcessingError('unexpected "iss" (issuer) response parameter value', {
      code: oauth.INVALID_RESPONSE,
    });
    const missingIss = new oauth.OperationProcessingError('response parameter "iss" (issuer) missing', {
      code: oauth.INVALID_RESPONSE,
    });
    const state = new oauth.OperationProcessingError('unexpected "state" response parameter value', {
      code: oauth.INVALID_RESPONSE,
    });
    expect(toSignetError(iss).code).toBe('iss-mismatch');
    expect(toSignetError(missingIss).code).toBe('iss-mismatch');
    expect(toSignetError(state).code).toBe('state-mismatch');
  });

  it('never echoes a long token-like value from a lower-layer message', () => {
    const secret = 'gho_' + 'A'.repeat(36);
    const error = toSignetError(new oauth.OperationProcessingError(`unexpected value ${secret}`), 'GitHub');
    expect(error.code).toBe('provider-error');
    expect(error.message.includes(secret)).toBe(false);
  });
});
