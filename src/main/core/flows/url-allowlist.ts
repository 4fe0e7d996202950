import type * as oauth from 'oauth4webapi';
import { SignetError } from '../../../shared/errors.js';
import type { Provider } from '../providers/provider.js';

/**
 * Only the configured provider's own authorization endpoint (or its device verification page)
 * is ever handed to the browser opener: https, or http on loopback for local servers.
 * @see RFC 8252 §8.12, docs/ARCHITECTURE.md §8
 */
export function assertOpenable(provider: Provider, as: oauth.AuthorizationServer, candidate: string): URL {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    throw refused(provider);
  }
  const secure = url.protocol === 'https:' || (provider.insecureLoopback && url.protocol === 'http:');
  if (!secure || url.username || url.password) throw refused(provider);
  const allowed = [as.authorization_endpoint, as.device_authorization_endpoint, provider.issuer].filter(
    (value): value is string => typeof value === 'string',
  );
  const authorization = as.authorization_endpoint ? new URL(as.authorization_endpoint) : null;
  const isAuthorizationEndpoint =
    authorization !== null && url.origin === authorization.origin && url.pathname === authorization.pathname;
  const sameOriginAsProvider = allowed.some((value) => new URL(value).origin === url.origin);
  if (!isAuthorizationEndpoint && !sameOriginAsProvider) throw refused(provider);
  return url;
}

function refused(provider: Provider): SignetError {
  return new SignetError(
    'forbidden',
    `Refused to open an address that is not ${provider.name}'s sign-in page.`,
  );
}
