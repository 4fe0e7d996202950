import type * as oauth from 'oauth4webapi';
import { z } from 'zod';
import { SignetError } from '../../../shared/errors.js';
import type { FetchLike } from '../http/http-client.js';
import { clientAuthFor, isLoopbackUrl, readJson } from './oauth-options.js';
import type { Provider, ProviderClientOptions, ProviderProfile } from './provider.js';

export interface GithubProviderOptions extends ProviderClientOptions {
  /** `github` (default), or the id of an Enterprise Server host declared in config.json. */
  id?: string;
  /** `GitHub` (default), or the name the host was declared with. */
  name?: string;
  url: string;
  apiUrl: string;
}

const userSchema = z.looseObject({
  id: z.number().int().nonnegative(),
  login: z.string().min(1).max(100),
  name: z.string().max(256).nullable().optional(),
  email: z.string().max(320).nullable().optional(),
  avatar_url: z.string().max(2048).nullable().optional(),
});
const emailsSchema = z.array(
  z.looseObject({ email: z.string().max(320), primary: z.boolean(), verified: z.boolean() }),
);

/** github.com's web address: the one host known to send `iss` in every authorization response. */
export const githubDotComUrl = 'https://github.com';

/**
 * The issuer of a GitHub host: `<web URL>/login/oauth`. GitHub's page "GitHub authentication
 * discovery endpoints" states it for github.com ("The issuer for GitHub.com is
 * https://github.com/login/oauth") and publishes its RFC 8414 metadata at
 * `https://github.com/.well-known/oauth-authorization-server/login/oauth`; an Enterprise Server
 * host follows the same path under its own URL.
 * @see https://docs.github.com/en/apps/github-authentication-discovery-endpoints (read 2026-12-02)
 */
export function githubIssuer(url: string): string {
  return `${url}/login/oauth`;
}

/**
 * GitHub (and GitHub Enterprise Server). OAuth apps issue tokens that never expire and no
 * refresh token; GitHub Apps issue 8-hour tokens with single-use refresh tokens. The token
 * endpoint answers errors with HTTP 200: the fetch below turns those into the 400 that
 * RFC 6749 §5.2 describes, so the flows need not know.
 *
 * The authorization response's `iss` (RFC 9207): github.com has sent
 * `iss=https://github.com/login/oauth` in every authorization response since April 2026, so it is
 * `required` there and anything else is refused. For Enterprise Server hosts it is checked when
 * present and accepted when absent: GitHub's documentation (read 2026-12-02) does not say which
 * Enterprise Server versions send `iss` — its discovery page says only that the metadata documents
 * "may be present on ... some versions of GitHub Enterprise Server" and "contain incorrect
 * information" there, and the Enterprise Server pages on authorizing OAuth apps describe a
 * redirect with `code` and `state` alone — so an older server that sends none must still work.
 * @see RFC 9207 §2.4
 */
export function createGithubProvider(options: GithubProviderOptions): Provider {
  const id = options.id ?? 'github';
  const name = options.name ?? 'GitHub';
  const missing = options.clientId ? [] : [`SIGNET_${envName(id)}_CLIENT_ID`];
  const issuer = githubIssuer(options.url);
  const metadata: oauth.AuthorizationServer = {
    issuer,
    authorization_endpoint: `${options.url}/login/oauth/authorize`,
    token_endpoint: `${options.url}/login/oauth/access_token`,
    device_authorization_endpoint: `${options.url}/login/device/code`,
    code_challenge_methods_supported: ['S256'],
  };
  const api = async (path: string, accessToken: string): Promise<unknown> => {
    const response = await options.http(`${options.apiUrl}${path}`, {
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${accessToken}`,
        'x-github-api-version': '2022-11-28',
        'user-agent': 'Signet',
      },
    });
    return readJson(response, name);
  };

  const provider: Provider = {
    id,
    name,
    issuer,
    clientId: options.clientId,
    configured: missing.length === 0,
    missing,
    // The browser flow needs the client secret at the token endpoint; the device flow does not.
    methods: options.clientSecret ? ['browser', 'device'] : ['device'],
    scopes: options.scopes ?? ['read:user', 'user:email'],
    redirectPort: options.redirectPort,
    policy: {
      iss: options.url === githubDotComUrl ? 'required' : 'checked-if-present',
      oidc: false,
      rotatesRefreshTokens: true,
    },
    authorizationParams: {},
    // GitHub supports "the standard prompt parameter with the select_account argument", which
    // "forces the account picker to appear"
    // (https://github.blog/changelog/2024-06-07-account-picker-updates-for-oauth-and-github-app-sign-in/,
    // read 2026-12-02).
    selectAccountParams: { prompt: 'select_account' },
    promptsDocumented: true,
    insecureLoopback: isLoopbackUrl(options.url),
    metadata: () => Promise.resolve(metadata),
    client: () => ({ client_id: options.clientId ?? '' }),
    clientAuth: () => clientAuthFor(options.clientSecret),
    fetch: githubTokenEndpointFetch(options.http, metadata),
    async fetchProfile(accessToken): Promise<ProviderProfile> {
      const user = userSchema.safeParse(await api('/user', accessToken));
      if (!user.success) throw new SignetError('provider-error', `${name} sent a malformed profile.`);
      let email = user.data.email ?? null;
      if (!email) {
        const emails = emailsSchema.safeParse(await api('/user/emails', accessToken).catch(() => []));
        email = emails.success ? (emails.data.find((e) => e.primary && e.verified)?.email ?? null) : null;
      }
      return {
        providerUserId: String(user.data.id),
        login: user.data.login,
        displayName: user.data.name ?? null,
        email,
        avatarUrl: user.data.avatar_url ?? null,
      };
    },
    async revoke({ accessToken }) {
      if (!options.clientSecret || !options.clientId || !accessToken) return false;
      const basic = Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64');
      const response = await options.http(
        `${options.apiUrl}/applications/${encodeURIComponent(options.clientId)}/token`,
        {
          method: 'DELETE',
          headers: {
            accept: 'application/vnd.github+json',
            authorization: `Basic ${basic}`,
            'content-type': 'application/json',
            'user-agent': 'Signet',
          },
          body: JSON.stringify({ access_token: accessToken }),
        },
      );
      // 404: the token is already gone, which is what revocation wants.
      if (response.status === 204 || response.status === 404) return true;
      throw new SignetError('provider-error', `${name} did not revoke the token (HTTP ${response.status}).`);
    },
  };
  return provider;
}

/** A provider id as it appears in variable names: `ghe-corp` → `GHE_CORP`. */
function envName(id: string): string {
  return id.toUpperCase().replace(/-/g, '_');
}

/** GitHub's token endpoint answers `{"error": …}` with HTTP 200; make that a 400 as RFC 6749 §5.2 says. */
function githubTokenEndpointFetch(http: FetchLike, metadata: oauth.AuthorizationServer): FetchLike {
  const tokenEndpoints = new Set([metadata.token_endpoint, metadata.device_authorization_endpoint]);
  return async (url, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('accept', 'application/json');
    const response = await http(url, { ...init, headers });
    if (!tokenEndpoints.has(url.split('?')[0]) || response.status !== 200) return response;
    const text = await response.text();
    let status = 200;
    try {
      const body = JSON.parse(text) as unknown;
      if (body && typeof body === 'object' && 'error' in body) status = 400;
    } catch {
      // Not JSON: oauth4webapi reports it as such.
    }
    return new Response(text, { status, headers: response.headers });
  };
}
