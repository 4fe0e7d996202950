import { SignetError } from '../../../shared/errors.js';
import type { SignetConfig } from '../config/config.js';
import type { FetchLike } from '../http/http-client.js';
import { createDiscordProvider } from './discord-provider.js';
import { createGithubProvider } from './github-provider.js';
import { createGoogleProvider } from './google-provider.js';
import { createMicrosoftProvider } from './microsoft-provider.js';
import { createOidcProvider } from './oidc-provider.js';
import type { Provider } from './provider.js';

/** Every provider Signet knows, configured or not, in display order. */
export class ProviderRegistry {
  private readonly providers: Map<string, Provider>;

  constructor(config: SignetConfig, http: FetchLike) {
    const list: Provider[] = [
      createGoogleProvider({ ...config.google, http }),
      createGithubProvider({ ...config.github, http }),
      createDiscordProvider({ ...config.discord, http }),
      createMicrosoftProvider({ ...config.microsoft, http }),
      ...config.oidc.map((entry) =>
        createOidcProvider({
          id: entry.id,
          name: entry.name,
          issuer: entry.issuer,
          clientId: entry.clientId,
          clientSecret: entry.clientSecret,
          scopes: entry.scopes ?? ['openid', 'email', 'profile', 'offline_access'],
          redirectPort: entry.redirectPort,
          ...(entry.tokenEndpointAuthMethod
            ? { tokenEndpointAuthMethod: entry.tokenEndpointAuthMethod }
            : {}),
          missing: [],
          http,
        }),
      ),
      ...config.githubEnterprise.map((entry) => createGithubProvider({ ...entry, http })),
    ];
    this.providers = new Map(list.map((provider) => [provider.id, provider]));
  }

  list(): Provider[] {
    return [...this.providers.values()];
  }

  find(id: string): Provider | undefined {
    return this.providers.get(id);
  }

  /** The provider, configured; otherwise a `provider-not-configured` error naming what to set. */
  require(id: string): Provider {
    const provider = this.providers.get(id);
    if (!provider) throw new SignetError('not-found', `Unknown provider "${id}".`);
    if (!provider.configured) {
      throw new SignetError(
        'provider-not-configured',
        `${provider.name} is not configured: set ${provider.missing.join(' and ')}.`,
      );
    }
    return provider;
  }
}
