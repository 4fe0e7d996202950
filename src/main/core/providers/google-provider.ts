import { createOidcProvider } from './oidc-provider.js';
import type { Provider, ProviderClientOptions } from './provider.js';

export interface GoogleProviderOptions extends ProviderClientOptions {
  /** An OpenID issuer to use instead of Google's (through discovery); null: Google's own endpoints. */
  issuer: string | null;
}

/**
 * Google's endpoints, known in advance so that a sign-in needs no discovery request: the ones
 * its discovery document (https://accounts.google.com/.well-known/openid-configuration) lists.
 * @see https://developers.google.com/identity/openid-connect/reference (read 2026-12-02)
 */
const googleMetadata = {
  issuer: 'https://accounts.google.com',
  authorization_endpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
  token_endpoint: 'https://oauth2.googleapis.com/token',
  userinfo_endpoint: 'https://openidconnect.googleapis.com/v1/userinfo',
  revocation_endpoint: 'https://oauth2.googleapis.com/revoke',
  jwks_uri: 'https://www.googleapis.com/oauth2/v3/certs',
  code_challenge_methods_supported: ['S256'],
};

/**
 * Google: OpenID Connect with a desktop client, whose secret Google requires at the token
 * endpoint and treats as public.
 */
export function createGoogleProvider(options: GoogleProviderOptions): Provider {
  return createOidcProvider({
    id: 'google',
    name: 'Google',
    issuer: options.issuer ?? googleMetadata.issuer,
    ...(options.issuer ? {} : { staticMetadata: googleMetadata }),
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    scopes: options.scopes ?? ['openid', 'email', 'profile'],
    redirectPort: options.redirectPort,
    // Offline access: Google issues a refresh token only when asked, and only with consent.
    authorizationParams: { access_type: 'offline', prompt: 'consent' },
    // `prompt` takes space-separated values: the chooser, and consent still (for the refresh
    // token) (https://developers.google.com/identity/openid-connect/openid-connect, read 2026-12-02).
    selectAccountParams: { prompt: 'select_account consent' },
    missing: [
      ...(options.clientId ? [] : ['SIGNET_GOOGLE_CLIENT_ID']),
      ...(options.clientSecret ? [] : ['SIGNET_GOOGLE_CLIENT_SECRET']),
    ],
    http: options.http,
    idTokenIssuer: googleIdTokenIssuer,
    // Google's device flow is for "TVs and Limited Input devices" clients, not Desktop ones
    // (https://developers.google.com/identity/protocols/oauth2/limited-input-device, read 2026-12-02).
    offerDeviceFlow: false,
  });
}

/**
 * Google's ID tokens carry `iss` as `https://accounts.google.com` or, for legacy
 * implementations, `accounts.google.com`: "The value of iss in the ID token is equal to
 * accounts.google.com or https://accounts.google.com"
 * (https://developers.google.com/identity/sign-in/web/backend-auth, read 2026-12-02). Exactly
 * those two are accepted, the scheme-less one only as the same host and path; anything else is
 * left to fail against the issuer.
 */
export function googleIdTokenIssuer(
  claims: Readonly<Record<string, unknown>>,
  as: { issuer: string },
): string {
  const schemeless = as.issuer.replace(/^https?:\/\//, '');
  return claims['iss'] === schemeless ? schemeless : as.issuer;
}
