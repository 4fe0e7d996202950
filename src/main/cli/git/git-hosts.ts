import type { SignetConfig } from '../../core/index.js';

/** A host git talks to whose accounts Signet holds, and the provider they belong to. */
export interface GitHost {
  /** As git sends it: the host name, with `:port` when the URL has one. */
  host: string;
  /** Where `setup-git` points git's configuration: `https://github.com`. */
  origin: string;
  provider: string;
  providerName: string;
}

/**
 * The git hosts of Signet's providers: github.com (or what `SIGNET_GITHUB_URL` names) and each
 * GitHub Enterprise Server in `config.json`. Other hosts answer only through rules.
 */
export function gitHostsOf(config: SignetConfig): GitHost[] {
  const family = [
    { provider: 'github', providerName: 'GitHub', url: config.github.url },
    ...config.githubEnterprise.map((entry) => ({
      provider: entry.id,
      providerName: entry.name,
      url: entry.url,
    })),
  ];
  return family.map(({ provider, providerName, url }) => {
    const parsed = new URL(url);
    return { host: parsed.host.toLowerCase(), origin: parsed.origin, provider, providerName };
  });
}
