import type * as oauth from 'oauth4webapi';
import { SignetError } from '../../../shared/errors.js';
import type { Provider } from './provider.js';

/** How far the provider's clock may be from ours and still be believed. */
export const clockSkewToleranceSeconds = 11 * 60;

/**
 * The ID token checks oauth4webapi leaves to the client: an `azp` that is present must be our
 * client id (even with a single audience), and `iat` must be recent — neither in the future nor
 * long ago, allowing for a skewed clock. Signature, iss, aud, exp and nonce are checked by
 * oauth4webapi before this runs.
 * @see OpenID Connect Core §3.1.3.7 (items 5, 10)
 */
export function checkIdTokenClaims(
  provider: Provider,
  claims: oauth.IDToken | undefined,
  now = Date.now(),
): void {
  if (!claims) return;
  const invalid = (what: string) =>
    new SignetError('id-token-invalid', `${provider.name} sent an ID token with ${what}.`);
  if (claims.azp !== undefined && claims.azp !== provider.clientId)
    throw invalid('another authorized party (azp)');
  const nowSeconds = Math.floor(now / 1000);
  if (typeof claims.iat !== 'number' || !Number.isFinite(claims.iat)) throw invalid('no issue time');
  if (claims.iat > nowSeconds + clockSkewToleranceSeconds) throw invalid('an issue time in the future');
  if (claims.iat < nowSeconds - 3600 - clockSkewToleranceSeconds) throw invalid('an issue time too long ago');
}
