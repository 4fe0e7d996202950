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
 * The git hosts of Signet's providers: GitHub (github.com, or the Enterprise Server that
 * `SIGNET_GITHUB_URL` names). Other hosts answer only through rules in `config.json`.
 */
export function gitHostsOf(config: SignetConfig): GitHost[] {
  const github = new URL(config.github.url);
  return [
    { host: github.host.toLowerCase(), origin: github.origin, provider: 'github', providerName: 'GitHub' },
  ];
}
