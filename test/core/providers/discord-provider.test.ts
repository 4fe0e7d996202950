import { describe, expect, it } from 'vitest';
import {
  judgeCallback,
  metadataFor,
  type AuthorizationRequest,
} from '../../../src/main/core/flows/oauth-operations.js';
import { createDiscordProvider } from '../../../src/main/core/providers/discord-provider.js';

const discord = createDiscordProvider({
  url: 'https://discord.com',
  cdnUrl: 'https://cdn.discordapp.com',
  clientId: '1234567890',
  clientSecret: null,
  scopes: null,
  redirectPort: 53682,
  http: () => Promise.reject(new Error('no request is expected in this test')),
});

const request: AuthorizationRequest = {
  url: new URL('https://discord.com/oauth2/authorize'),
  state: 'the-state-of-this-sign-in',
  codeVerifier: 'unused',
  nonce: undefined,
  redirectUri: 'http://127.0.0.1:53682/callback',
};

async function verdict(extra: Record<string, string>) {
  const params = new URLSearchParams({ code: 'a-code', state: request.state, ...extra });
  return judgeCallback(discord, await metadataFor(discord), request, params);
}

describe('Discord’s authorization response iss (its metadata declares it)', () => {
  it('is required', () => {
    expect(discord.policy.iss).toBe('required');
  });

  it('accepts iss=https://discord.com', async () => {
    expect((await verdict({ iss: 'https://discord.com' })).kind).toBe('accept');
  });

  it.each([
    ['missing', {}],
    ['another server', { iss: 'https://discord.com.evil.example' }],
    ['with a trailing slash', { iss: 'https://discord.com/' }],
  ])('refuses a response whose iss is %s', async (_what, extra: Record<string, string>) => {
    const result = await verdict(extra);
    expect(result.kind === 'fail' && result.error.code).toBe('iss-mismatch');
  });

  it('has no account chooser to ask for', () => {
    expect(discord.selectAccountParams).toEqual({});
  });
});
