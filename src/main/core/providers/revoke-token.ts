import * as oauth from 'oauth4webapi';
import { oauthHttpOptions } from './oauth-options.js';
import type { Provider } from './provider.js';

/**
 * Revokes at the provider's RFC 7009 endpoint: the refresh token when there is one (which ends
 * the whole grant at providers that tie the two), else the access token; false where there is
 * no endpoint or no token.
 * @see RFC 7009 §2.1
 */
export async function revokeAtEndpoint(
  provider: Provider,
  as: oauth.AuthorizationServer,
  { accessToken, refreshToken }: { accessToken: string | null; refreshToken: string | null },
): Promise<boolean> {
  const token = refreshToken ?? accessToken;
  if (!as.revocation_endpoint || !token) return false;
  const response = await oauth.revocationRequest(as, provider.client(), provider.clientAuth(), token, {
    ...oauthHttpOptions(provider),
    additionalParameters: { token_type_hint: refreshToken ? 'refresh_token' : 'access_token' },
  });
  await oauth.processRevocationResponse(response);
  return true;
}
