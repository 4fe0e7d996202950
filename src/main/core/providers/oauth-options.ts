import * as oauth from 'oauth4webapi';
import { SignetError } from '../../../shared/errors.js';
import { rateLimited } from '../errors/rate-limit.js';
import type { Provider } from './provider.js';

/**
 * The transport options every oauth4webapi call for this provider takes. Plain http is allowed
 * only for endpoints on a loopback host (validated in config), and says so by name.
 */
export function oauthHttpOptions(provider: Provider, signal?: AbortSignal) {
  return {
    [oauth.customFetch]: provider.fetch as typeof fetch,
    ...(provider.insecureLoopback ? { [oauth.allowInsecureRequests]: true } : {}),
    ...(signal ? { signal } : {}),
  };
}

export function clientAuthFor(
  clientSecret: string | null,
  method: 'post' | 'basic' = 'post',
): oauth.ClientAuth {
  if (clientSecret === null) return oauth.None();
  return method === 'basic' ? oauth.ClientSecretBasic(clientSecret) : oauth.ClientSecretPost(clientSecret);
}

/** Plain http on a loopback host: a local test or demo server. */
export { isLoopbackHttpUrl as isLoopbackUrl } from '../../../shared/loopback.js';

/** Reads a JSON API response or fails with the provider named, never the body. */
export async function readJson(response: Response, what: string): Promise<unknown> {
  if (response.status === 401 || response.status === 403) {
    throw new SignetError('needs-reauth', `${what} refused the access token (HTTP ${response.status}).`);
  }
  if (response.status === 429) throw rateLimited(response, what);
  if (!response.ok) throw new SignetError('provider-error', `${what} answered HTTP ${response.status}.`);
  try {
    return await response.json();
  } catch {
    throw new SignetError('provider-error', `${what} sent a response that is not JSON.`);
  }
}
