import type * as oauth from 'oauth4webapi';
import { z } from 'zod';
import { SignetError } from '../../../shared/errors.js';
import { clientAuthFor, isLoopbackUrl, readJson } from './oauth-options.js';
import type { Provider, ProviderClientOptions, ProviderProfile } from './provider.js';
import { revokeAtEndpoint } from './revoke-token.js';

export interface DiscordProviderOptions extends ProviderClientOptions {
  url: string;
  cdnUrl: string;
}

const userSchema = z.looseObject({
  id: z.string().regex(/^\d{1,32}$/),
  username: z.string().min(1).max(64),
  global_name: z.string().max(64).nullable().optional(),
  email: z.string().max(320).nullable().optional(),
  avatar: z
    .string()
    .regex(/^(a_)?[0-9a-f]{32}$/)
    .nullable()
    .optional(),
});

/**
 * Discord: form-encoded token and revocation endpoints, 7-day access tokens and a new refresh
 * token with every refresh (https://discord.com/developers/docs/topics/oauth2), and an `iss` in
 * every authorization response: its RFC 8414 metadata declares
 * `authorization_response_iss_parameter_supported: true` with issuer `https://discord.com`, so a
 * response without `iss` is refused as RFC 9207 §2.4 asks
 * (https://discord.com/.well-known/oauth-authorization-server, read 2026-12-02).
 */
export function createDiscordProvider(options: DiscordProviderOptions): Provider {
  const missing = options.clientId ? [] : ['SIGNET_DISCORD_CLIENT_ID'];
  const metadata: oauth.AuthorizationServer = {
    issuer: options.url,
    authorization_endpoint: `${options.url}/oauth2/authorize`,
    token_endpoint: `${options.url}/api/oauth2/token`,
    revocation_endpoint: `${options.url}/api/oauth2/token/revoke`,
    code_challenge_methods_supported: ['S256'],
    authorization_response_iss_parameter_supported: true,
  };
  const provider: Provider = {
    id: 'discord',
    name: 'Discord',
    issuer: options.url,
    clientId: options.clientId,
    configured: missing.length === 0,
    missing,
    methods: ['browser'],
    scopes: options.scopes ?? ['identify', 'email'],
    redirectPort: options.redirectPort,
    policy: { iss: 'required', oidc: false, rotatesRefreshTokens: true },
    authorizationParams: { prompt: 'consent' },
    // `prompt` is `consent` or `none` only: no account chooser
    // (https://discord.com/developers/docs/topics/oauth2, read 2026-12-02).
    selectAccountParams: {},
    insecureLoopback: isLoopbackUrl(options.url),
    fetch: options.http,
    metadata: () => Promise.resolve(metadata),
    client: () => ({ client_id: options.clientId ?? '' }),
    clientAuth: () => clientAuthFor(options.clientSecret),
    async fetchProfile(accessToken): Promise<ProviderProfile> {
      const response = await options.http(`${options.url}/api/users/@me`, {
        headers: { authorization: `Bearer ${accessToken}`, 'user-agent': 'Signet' },
      });
      const user = userSchema.safeParse(await readJson(response, 'Discord'));
      if (!user.success) throw new SignetError('provider-error', 'Discord sent a malformed profile.');
      const { id, username, global_name, email, avatar } = user.data;
      return {
        providerUserId: id,
        login: username,
        displayName: global_name ?? null,
        email: email ?? null,
        avatarUrl: avatar ? `${options.cdnUrl}/avatars/${id}/${avatar}.png` : null,
      };
    },
    revoke: (tokens) => revokeAtEndpoint(provider, metadata, tokens),
  };
  return provider;
}
