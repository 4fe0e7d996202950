import { describe, expect, it } from 'vitest';
import { gitHostsOf } from '../../src/main/cli/git/git-hosts.js';
import { tokenEnvironment } from '../../src/main/cli/run-with-token.js';
import type { SignetConfig } from '../../src/main/core/index.js';

// Only the fields these functions read; the rest of a configuration does not matter to them.
const config = {
  github: { url: 'https://github.com' },
  githubEnterprise: [{ id: 'ghe-acme', name: 'Acme GitHub', url: 'https://GHE.acme.example:8443' }],
} as unknown as SignetConfig;
const token = { accessToken: 'token-value', tokenType: 'bearer', scope: null, expiresAt: null };

describe('git hosts and the variables exec sets', () => {
  it('lists github.com and each Enterprise Server as git sends the host', () => {
    expect(gitHostsOf(config)).toEqual([
      { host: 'github.com', origin: 'https://github.com', provider: 'github', providerName: 'GitHub' },
      {
        host: 'ghe.acme.example:8443',
        origin: 'https://ghe.acme.example:8443',
        provider: 'ghe-acme',
        providerName: 'Acme GitHub',
      },
    ]);
  });

  it.each([
    {
      provider: 'github',
      env: { SIGNET_TOKEN: 'token-value', GH_TOKEN: 'token-value', GH_HOST: 'github.com' },
    },
    {
      provider: 'ghe-acme',
      env: {
        SIGNET_TOKEN: 'token-value',
        GH_TOKEN: 'token-value',
        GH_HOST: 'ghe.acme.example:8443',
        GH_ENTERPRISE_TOKEN: 'token-value',
      },
    },
    { provider: 'google', env: { SIGNET_TOKEN: 'token-value', GOOGLE_OAUTH_ACCESS_TOKEN: 'token-value' } },
    { provider: 'discord', env: { SIGNET_TOKEN: 'token-value' } },
  ])('$provider gets exactly its variables', ({ provider, env }) => {
    expect(tokenEnvironment({ provider }, token, config)).toEqual(env);
  });
});
