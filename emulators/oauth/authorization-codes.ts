// Authorization codes between the consent page and the token endpoint: short-lived, single use
// (a failed redemption burns the code too), bound to the client, the redirect URI and the PKCE
// challenge.

import { verifyPkce } from './pkce.js';
import type { PkceMethod } from './pkce.js';

export interface AuthorizationCode<P> {
  clientId: string;
  redirectUri: string;
  codeChallenge: string | null;
  /** How codeChallenge was derived (S256 unless the provider accepts plain). */
  codeChallengeMethod: PkceMethod;
  scope: string;
  user: P;
  expiresAt: number;
  used: boolean;
  /** Every query parameter of the authorization request (nonce, access_type, ...). */
  request: URLSearchParams;
  /** What the emulator's own routing knew of the request (for example the tenant in the path). */
  context: Record<string, string>;
}

export type CodeRefusalReason = 'invalid_request' | 'invalid_grant' | 'redirect_uri_mismatch' | 'pkce';

/** What exactly was wrong, for providers whose errors tell the cases apart (Microsoft's AADSTS codes). */
export type CodeRefusalCause =
  | 'missing-code'
  | 'unknown'
  | 'used'
  | 'expired'
  | 'other-client'
  | 'redirect-uri'
  | 'missing-verifier'
  | 'bad-verifier'
  | 'verifier-without-challenge';

export interface CodeRefusal {
  ok: false;
  reason: CodeRefusalReason;
  cause: CodeRefusalCause;
  description: string;
}

export type CodeRedemption<P> = { ok: true; code: AuthorizationCode<P> } | CodeRefusal;

export class AuthorizationCodes<P> {
  private readonly codes = new Map<string, AuthorizationCode<P>>();

  constructor(
    private readonly now: () => number,
    private readonly ttlSeconds: number,
  ) {}

  add(value: string, code: Omit<AuthorizationCode<P>, 'expiresAt' | 'used'>): void {
    this.codes.set(value, { ...code, expiresAt: this.now() + this.ttlSeconds * 1000, used: false });
  }

  /**
   * Redeem the request's code: single use, unexpired, same client, same redirect_uri, and a
   * code_verifier matching the S256 challenge.
   * @see RFC 6749 §4.1.3
   * @see RFC 7636 §4.6
   */
  redeem(
    params: Map<string, string>,
    clientId: string,
    options: { redirectUriRequired: boolean },
  ): CodeRedemption<P> {
    const refuse = (
      reason: CodeRefusalReason,
      cause: CodeRefusalCause,
      description: string,
    ): CodeRefusal => ({
      ok: false,
      reason,
      cause,
      description,
    });
    const value = params.get('code');
    if (!value) return refuse('invalid_request', 'missing-code', 'Missing required parameter: code');
    const code = this.codes.get(value);
    if (!code) return refuse('invalid_grant', 'unknown', 'Unknown authorization code.');
    if (code.used) return refuse('invalid_grant', 'used', 'Authorization code already used.');
    code.used = true;
    if (code.expiresAt <= this.now())
      return refuse('invalid_grant', 'expired', 'Authorization code expired.');
    if (code.clientId !== clientId) {
      return refuse('invalid_grant', 'other-client', 'Code was issued to another client.');
    }
    const redirectUri = params.get('redirect_uri');
    if (redirectUri === undefined ? options.redirectUriRequired : redirectUri !== code.redirectUri) {
      return refuse('redirect_uri_mismatch', 'redirect-uri', 'redirect_uri does not match.');
    }
    const verifier = params.get('code_verifier');
    if (code.codeChallenge !== null) {
      if (verifier === undefined) return refuse('pkce', 'missing-verifier', 'Missing code verifier.');
      if (!verifyPkce(verifier, code.codeChallenge, code.codeChallengeMethod)) {
        return refuse('pkce', 'bad-verifier', 'Invalid code verifier.');
      }
    } else if (verifier !== undefined) {
      // OAuth 2.0 Security BCP §4.8.2: a verifier without a challenge is a downgrade attempt.
      return refuse('pkce', 'verifier-without-challenge', 'code_verifier sent but no code_challenge was.');
    }
    return { ok: true, code };
  }
}
