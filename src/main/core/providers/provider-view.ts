import type { ProviderView } from '../../../shared/domain.js';
import type { Provider } from './provider.js';

/** What the window and `signet providers` show of a provider: never a client secret. */
export function providerView({ id, name, configured, methods, missing, scopes }: Provider): ProviderView {
  return { id, name, configured, methods: [...methods], missing: [...missing], scopes: [...scopes] };
}
