import { timingSafeEqual } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { SignetError } from '../../../shared/errors.js';
import { checkTransportStatus, toSignetError } from '../errors/translate-error.js';
import { oauthHttpOptions } from '../providers/oauth-options.js';
import type { Provider } from '../providers/provider.js';
import { checkIdTokenClaims } from '../providers/id-token-policy.js';
import type { CallbackVerdict } from './loopback-server.js';

/** What a token endpoint gave us, with lifetimes turned into instants. */
export interface TokenSet {
  accessToken: string;
  tokenType: string;
  scope: string | null;
  expiresAt: Date | null;
  refreshToken: string | null;
  refreshTokenExpiresAt: Date | null;
  idTokenClaims: oauth.IDToken | undefined;
}

/** One authorization request's secrets: kept in memory for the life of the flow, never logged. */
export interface AuthorizationRequest {
  url: URL;
  state: string;
  codeVerifier: string;
  nonce: string | undefined;
  redirectUri: string;
}

async function metadataFor(provider: Provider): Promise<oauth.AuthorizationServer> {
  const as = await provider.metadata().catch((error: unknown) => {
    throw toSignetError(error, provider.name);
  });
  return provider.policy.iss === 'required'
    ? { ...as, authorization_response_iss_parameter_supported: true }
    : as;
}

export interface AuthorizationRequestOptions {
  /**
   * Ask the provider to show its account chooser (`provider.selectAccountParams`): for "Add
   * account" when the provider already has an account, so the browser does not silently sign
   * the same person in again.
   */
  selectAccount?: boolean;
  /** The scopes to ask for; the provider's when absent. */
  scopes?: readonly string[];
  /** Parameters laid over the provider's own (incremental consent's `include_granted_scopes`). */
  extraParams?: Record<string, string>;
}

/**
 * Builds the authorization URL: PKCE S256, a fresh high-entropy state, a nonce for OIDC.
 * @see RFC 8252 §6, RFC 7636 §4, RFC 9700 §2.1
 */
export async function createAuthorizationRequest(
  provider: Provider,
  redirectUri: string,
  options: AuthorizationRequestOptions = {},
): Promise<AuthorizationRequest> {
  const as = await metadataFor(provider);
  if (!as.authorization_endpoint) {
    throw new SignetError('provider-error', `${provider.name} has no authorization endpoint.`);
  }
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = provider.policy.oidc ? oauth.generateRandomNonce() : undefined;
  const url = new URL(as.authorization_endpoint);
  const params: Record<string, string> = {
    ...provider.authorizationParams,
    ...(options.selectAccount ? supportedParams(provider, as) : {}),
    ...options.extraParams,
    response_type: 'code',
    client_id: provider.clientId ?? '',
    redirect_uri: redirectUri,
    scope: (options.scopes ?? provider.scopes).join(' '),
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    ...(nonce ? { nonce } : {}),
  };
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return { url, state, codeVerifier, nonce, redirectUri };
}

/**
 * Decides what a request to the loopback callback is. A wrong or missing state is someone
 * else's request (or an attack): it is ignored and the flow keeps waiting. With the right
 * state, an error or an issuer mismatch ends the flow.
 * @see RFC 9207 §2.4, RFC 6749 §10.12
 */
export function judgeCallback(
  provider: Provider,
  as: oauth.AuthorizationServer,
  request: AuthorizationRequest,
  params: URLSearchParams,
): CallbackVerdict<URLSearchParams> {
  const states = params.getAll('state');
  if (states.length !== 1 || !sameSecret(states[0]!, request.state)) {
    return { kind: 'ignore', status: 400, message: 'This response does not belong to the current sign-in.' };
  }
  for (const key of ['code', 'iss', 'error']) {
    if (params.getAll(key).length > 1) {
      return { kind: 'ignore', status: 400, message: 'This response repeats a parameter.' };
    }
  }
  try {
    const validated = oauth.validateAuthResponse(as, provider.client(), params, request.state);
    if (!validated.get('code')) {
      return { kind: 'ignore', status: 400, message: 'This response has no authorization code.' };
    }
    return { kind: 'accept', value: validated };
  } catch (error) {
    return { kind: 'fail', error: toSignetError(error, provider.name) };
  }
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Exchanges the code (with the PKCE verifier) and validates the ID token where there is one. */
export async function exchangeCode(
  provider: Provider,
  request: AuthorizationRequest,
  callbackParams: URLSearchParams,
  signal?: AbortSignal,
): Promise<TokenSet> {
  const as = await metadataFor(provider);
  const options = oauthHttpOptions(provider, signal);
  try {
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      provider.client(),
      provider.clientAuth(),
      callbackParams,
      request.redirectUri,
      request.codeVerifier,
      options,
    );
    return await validatedTokens(provider, as, response, options, null, (idTokenAs) =>
      oauth.processAuthorizationCodeResponse(idTokenAs, provider.client(), response, {
        expectedNonce: request.nonce ?? oauth.expectNoNonce,
        requireIdToken: provider.policy.oidc,
      }),
    );
  } catch (error) {
    throw toSignetError(error, provider.name);
  }
}

/** Who an account is, as a refreshed ID token must confirm. */
export interface ExpectedIdentity {
  /** The `sub` of the ID token the account was signed in with (its provider user id). */
  subject: string;
}

/**
 * Trades a refresh token for a new access token (and, where the provider rotates, a new refresh
 * token). An ID token in the answer is validated like the sign-in's and, given `expected`, must
 * name the same person.
 * @see RFC 6749 §6, OpenID Connect Core §12.2
 */
export async function refreshGrant(
  provider: Provider,
  refreshToken: string,
  signal?: AbortSignal,
  expected?: ExpectedIdentity,
): Promise<TokenSet> {
  const as = await metadataFor(provider);
  const options = oauthHttpOptions(provider, signal);
  try {
    const response = await oauth.refreshTokenGrantRequest(
      as,
      provider.client(),
      provider.clientAuth(),
      refreshToken,
      options,
    );
    const tokens = await validatedTokens(provider, as, response, options, refreshToken, (idTokenAs) =>
      oauth.processRefreshTokenResponse(idTokenAs, provider.client(), response),
    );
    if (expected) checkRefreshedIdToken(provider, tokens.idTokenClaims, expected);
    return tokens;
  } catch (error) {
    throw toSignetError(error, provider.name);
  }
}

/**
 * A refreshed ID token must be about the same person as the one the account was signed in with.
 * Its `iss` is checked against the provider's issuer and `aud`/`azp` against this client by the
 * validation every ID token goes through; here `sub`, which that validation cannot know.
 * @see OpenID Connect Core §12.2
 */
export function checkRefreshedIdToken(
  provider: Provider,
  claims: oauth.IDToken | undefined,
  expected: ExpectedIdentity,
): void {
  if (claims && claims.sub !== expected.subject) {
    throw new SignetError(
      'id-token-invalid',
      `${provider.name} sent a refreshed ID token for another user (sub): sign in again.`,
    );
  }
}

/**
 * A token endpoint response made a TokenSet: the transport status checked, the body processed by
 * oauth4webapi against the metadata its ID token must match, the ID token's signature and the
 * claims oauth4webapi leaves to the client checked.
 */
async function validatedTokens(
  provider: Provider,
  as: oauth.AuthorizationServer,
  response: Response,
  options: ReturnType<typeof oauthHttpOptions>,
  previousRefreshToken: string | null,
  process: (idTokenAs: oauth.AuthorizationServer) => Promise<oauth.TokenEndpointResponse>,
): Promise<TokenSet> {
  checkTransportStatus(response, provider.name);
  const idTokenAs = await idTokenMetadata(provider, as, response);
  const result = await process(idTokenAs);
  if (result.id_token) await oauth.validateApplicationLevelSignature(idTokenAs, response, options);
  const tokens = toTokenSet(result, previousRefreshToken);
  checkIdTokenClaims(provider, tokens.idTokenClaims);
  return tokens;
}

/**
 * The metadata to validate a token response's ID token with. oauth4webapi compares the token's
 * `iss` with the metadata's `issuer`; a provider with more than one correct issuer names the one
 * this token must carry (`Provider.idTokenIssuer`), from the claims as sent. Nothing is trusted
 * from that first look: the signature and every claim are validated against the answer after.
 */
async function idTokenMetadata(
  provider: Provider,
  as: oauth.AuthorizationServer,
  response: Response,
): Promise<oauth.AuthorizationServer> {
  if (!provider.idTokenIssuer) return as;
  const claims = await unverifiedIdTokenClaims(response.clone());
  if (!claims) return as;
  return { ...as, issuer: provider.idTokenIssuer(claims, as) };
}

/** The payload of the response's `id_token`, read without any check; null when there is none. */
async function unverifiedIdTokenClaims(response: Response): Promise<Record<string, unknown> | null> {
  try {
    const body = (await response.json()) as { id_token?: unknown };
    if (typeof body.id_token !== 'string') return null;
    const payload = body.id_token.split('.')[1];
    if (payload === undefined) return null;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    return claims && typeof claims === 'object' && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : null;
  } catch {
    // Not JSON, or no JWT: oauth4webapi reports it as what it is.
    return null;
  }
}

export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string | undefined;
  expiresAt: Date;
  intervalSeconds: number;
}

/** @see RFC 8628 §3.1 */
export async function startDeviceAuthorization(
  provider: Provider,
  signal?: AbortSignal,
  scopes: readonly string[] = provider.scopes,
): Promise<DeviceAuthorization> {
  const as = await metadataFor(provider);
  try {
    const response = await oauth.deviceAuthorizationRequest(
      as,
      provider.client(),
      provider.deviceClientAuth?.() ?? oauth.None(),
      { scope: scopes.join(' ') },
      oauthHttpOptions(provider, signal),
    );
    checkTransportStatus(response, provider.name);
    const result = await oauth.processDeviceAuthorizationResponse(as, provider.client(), response);
    return {
      deviceCode: result.device_code,
      userCode: result.user_code,
      verificationUri: result.verification_uri,
      verificationUriComplete: result.verification_uri_complete,
      expiresAt: new Date(Date.now() + result.expires_in * 1000),
      intervalSeconds: result.interval ?? 5,
    };
  } catch (error) {
    throw toSignetError(error, provider.name);
  }
}

/**
 * Polls the token endpoint at the server's interval until the user approves, adding 5 seconds
 * on every `slow_down`.
 * @see RFC 8628 §3.4, §3.5
 */
export async function pollDeviceToken(
  provider: Provider,
  device: DeviceAuthorization,
  signal: AbortSignal,
  sleep: (ms: number, signal: AbortSignal) => Promise<void>,
): Promise<TokenSet> {
  const as = await metadataFor(provider);
  let interval = device.intervalSeconds;
  for (;;) {
    await sleep(interval * 1000, signal);
    if (Date.now() > device.expiresAt.getTime()) {
      throw new SignetError('timeout', 'The code expired before it was entered. Start again.');
    }
    try {
      const options = oauthHttpOptions(provider, signal);
      const response = await oauth.deviceCodeGrantRequest(
        as,
        provider.client(),
        provider.deviceClientAuth?.() ?? oauth.None(),
        device.deviceCode,
        options,
      );
      // An ID token here is validated as in the code exchange (OpenID providers with a device flow).
      return await validatedTokens(provider, as, response, options, null, (idTokenAs) =>
        oauth.processDeviceCodeResponse(idTokenAs, provider.client(), response),
      );
    } catch (error) {
      if (error instanceof oauth.ResponseBodyError) {
        if (error.error === 'authorization_pending') continue;
        if (error.error === 'slow_down') {
          const asked = Number((error.cause as { interval?: unknown } | undefined)?.interval);
          interval = Number.isFinite(asked) && asked > interval ? asked : interval + 5;
          continue;
        }
        if (error.error === 'expired_token') {
          throw new SignetError('timeout', 'The code expired before it was entered. Start again.');
        }
      }
      throw toSignetError(error, provider.name);
    }
  }
}

function toTokenSet(result: oauth.TokenEndpointResponse, previousRefreshToken: string | null): TokenSet {
  const now = Date.now();
  const refreshExpiresIn = Number(result['refresh_token_expires_in']);
  return {
    accessToken: result.access_token,
    tokenType: result.token_type ?? 'bearer',
    scope: result.scope ?? null,
    expiresAt:
      typeof result.expires_in === 'number' && result.expires_in > 0
        ? new Date(now + result.expires_in * 1000)
        : null,
    refreshToken: result.refresh_token ?? previousRefreshToken,
    refreshTokenExpiresAt:
      Number.isFinite(refreshExpiresIn) && refreshExpiresIn > 0
        ? new Date(now + refreshExpiresIn * 1000)
        : null,
    idTokenClaims: result.id_token ? oauth.getValidatedIdTokenClaims(result) : undefined,
  };
}

export { metadataFor };

/**
 * A provider's account-chooser parameters, with only the `prompt` values it takes: those its
 * metadata lists in `prompt_values_supported`, or, with no such list, those it documents. A
 * server asked for a prompt it does not know refuses the whole request (oidc-provider does).
 * @see OpenID Connect Discovery 1.0 §3, OpenID Connect Core 1.0 §3.1.2.1
 */
function supportedParams(provider: Provider, as: oauth.AuthorizationServer): Record<string, string> {
  const params = provider.selectAccountParams;
  const declared = as['prompt_values_supported'];
  if (!params['prompt'] || (!Array.isArray(declared) && provider.promptsDocumented)) return params;
  const supported: unknown[] = Array.isArray(declared) ? declared : [];
  const prompt = params['prompt']
    .split(' ')
    .filter((value) => supported.includes(value))
    .join(' ');
  const { prompt: _dropped, ...rest } = params;
  return prompt ? { ...rest, prompt } : rest;
}
