import type { SignInMethod } from '../../../shared/domain.js';
import type { Provider } from './provider.js';

/**
 * The sign-in methods a provider offers, once its metadata is known: an OpenID provider offers
 * the device flow only if discovery names a `device_authorization_endpoint`, which `methods`
 * cannot know before the first metadata request. A provider that cannot be reached keeps the
 * methods known without it; the sign-in that follows reports why.
 * @see RFC 8628 §4, RFC 8414 §2
 */
export async function availableMethods(provider: Provider): Promise<SignInMethod[]> {
  await provider.metadata().catch(() => undefined);
  return provider.methods;
}
