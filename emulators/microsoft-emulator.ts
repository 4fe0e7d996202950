// Microsoft emulator: the Microsoft identity platform (Entra ID) v2.0 endpoints for one registered
// app, with tenants, personal and work accounts, the multi-tenant issuer template, RS256 ID tokens
// and a JWKS, rotating refresh tokens and the UserInfo endpoint.
//
// Behaviour reproduced, each with the Microsoft page that states it (all read 2026-12-02):
// [auth-code] https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow
// [oidc]      https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc
// [id-token]  https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference
// [access]    https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens
// [refresh]   https://learn.microsoft.com/en-us/entra/identity-platform/refresh-tokens
// [reply-url] https://learn.microsoft.com/en-us/entra/identity-platform/reply-url
// [multi]     https://learn.microsoft.com/en-us/entra/identity-platform/howto-convert-app-to-be-multi-tenant
// [consent]   https://learn.microsoft.com/en-us/entra/identity-platform/permissions-consent-overview
//             (incremental and dynamic consent: an app asks for more scopes as it needs them, and
//             the consent it already has stays; removeGrantedScopes is a permission taken back)
// [userinfo]  https://learn.microsoft.com/en-us/entra/identity-platform/userinfo
// [errors]    https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes
// - endpoints under <authority>/{tenant}/oauth2/v2.0/authorize|token, discovery at
//   <authority>/{tenant}/v2.0/.well-known/openid-configuration, keys at
//   <authority>/{tenant}/discovery/v2.0/keys; {tenant} is common, organizations, consumers or a
//   tenant id [auth-code], [oidc] (tenant domain names are not modelled);
// - the discovery issuer of common and organizations is the template
//   <authority>/{tenantid}/v2.0, and each key in the keys document carries that issuer [access];
//   ID tokens say iss = <authority>/<tid>/v2.0 and tid = the user's tenant, 9188040d-… for
//   personal accounts [id-token], [access], [multi];
// - a public client (no secret, the default) "must not use secrets" [auth-code]: one that sends
//   a secret is refused with AADSTS700025 [errors];
// - PKCE is recommended, not required, except for single-page apps, and both S256 and plain are
//   accepted [auth-code] (requirePkce makes a stricter server);
// - redirect URIs must match a registered one exactly, except that http is allowed on localhost
//   and the port "is ignored for the purposes of matching" there; [::1] "is not currently
//   supported"; http://127.0.0.1 works once registered (through the manifest) [reply-url];
// - the authorization response has code and state only; codes last about 10 minutes
//   [auth-code];
// - a refresh token only with offline_access, an ID token only with openid [auth-code];
//   access tokens live a random 60–90 minutes [access]; refresh tokens 90 days, and "replace
//   themselves with a fresh token upon every use" while "the Microsoft identity platform doesn't
//   revoke old refresh tokens when used" [refresh] (singleUseRefreshTokens refuses them, as
//   RFC 6749 §6 allows a server to);
// - errors are JSON with error, error_description (AADSTS<n>: …, trace and correlation ids,
//   timestamp), error_codes, timestamp, trace_id, correlation_id, error_uri [auth-code], [errors];
// - no revocation endpoint: the metadata has none and refresh tokens are revoked by the user, an
//   administrator or credential changes [oidc], [refresh] (revokeAllRefreshTokens does that);
// - prompt=select_account "interrupts single sign-on providing account selection experience"
//   [auth-code] (chooseAccount picks who the picker signs in);
// - UserInfo (at graph.microsoft.com/oidc/userinfo, here <authority>/oidc/userinfo) answers sub
//   and the name claims with profile, email with email, for GET and POST [userinfo].
// Not documented, and therefore assumptions: whether a tenant or account mismatch shows a page
// (here: a 400 page, no redirect), the token endpoint's answer to a JSON body, and the formats of
// codes and tokens (here: recognisable prefixes).

import { createHash, randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { makeIdenticon } from './avatars.js';
import type { BaseEmulator, EmulatorOptions } from './emulator-base.js';
import { AADSTS, aadstsErrorBody, aadstsRefusal, aadstsText } from './microsoft/aadsts-errors.js';
import { matchesRegisteredRedirect } from './microsoft/redirect-uris.js';
import {
  accountRefusal,
  appRefusal,
  MICROSOFT_CONSUMER_TENANT_ID,
  parseTenant,
} from './microsoft/tenants.js';
import type { AppRegistration, Tenant } from './microsoft/tenants.js';
import { sendHtml, sendJson, sendPng } from './http/responses.js';
import { randomToken } from './oauth/secret-values.js';
import type { TokenAnswer, TokenEndpointRules, TokenRequest } from './oauth/token-endpoint.js';
import type { TokenRecord } from './oauth/token-store.js';
import { ConsentedScopes } from './oauth/consented-scopes.js';
import { IdTokenSigner } from './oidc/id-token-signer.js';
import { OidcEmulatorBase } from './oidc/oidc-emulator-base.js';
import type { IdTokenControls } from './oidc/oidc-emulator-base.js';
import { sharedSigningKeys } from './oidc/signing-keys.js';

export { MICROSOFT_CONSUMER_TENANT_ID } from './microsoft/tenants.js';

/** The work tenant the emulator's app is registered in, unless `appTenantId` says otherwise. */
export const MICROSOFT_DEFAULT_TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';

export interface MicrosoftUser {
  /** Object id (`oid`), a GUID, stable for the user in their tenant [id-token]. */
  oid: string;
  /** Home tenant (`tid`): a work tenant's GUID, or MICROSOFT_CONSUMER_TENANT_ID for a personal account. */
  tenantId: string;
  name: string;
  givenName: string;
  familyName: string;
  /** `preferred_username`: the sign-in name, shown with the profile scope [id-token]. */
  preferredUsername: string;
  /** `email`, with the email scope; null when the account has none. */
  email: string | null;
}

/** A work account in MICROSOFT_DEFAULT_TENANT_ID: the user the emulator signs in by default. */
export const MICROSOFT_DEFAULT_USER: MicrosoftUser = {
  oid: '00000000-0000-0000-66f3-3332eca7ea81',
  tenantId: MICROSOFT_DEFAULT_TENANT_ID,
  name: 'Megan Bowen',
  givenName: 'Megan',
  familyName: 'Bowen',
  preferredUsername: 'megan@contoso.test',
  email: 'megan@contoso.test',
};

/** A personal Microsoft account (tid = MICROSOFT_CONSUMER_TENANT_ID), for setUser or chooseAccount. */
export const MICROSOFT_PERSONAL_USER: MicrosoftUser = {
  oid: '00000000-0000-0000-40c0-3bac188d01d1',
  tenantId: MICROSOFT_CONSUMER_TENANT_ID,
  name: 'Alex Wilber',
  givenName: 'Alex',
  familyName: 'Wilber',
  preferredUsername: 'alex.wilber@outlook.test',
  email: 'alex.wilber@outlook.test',
};

/**
 * Options of the Microsoft emulator. The defaults are a multi-tenant app that also signs in
 * personal accounts, registered as a public client (no secret) with redirect URI
 * `http://localhost`, signing in MICROSOFT_DEFAULT_USER.
 */
export interface MicrosoftEmulatorOptions extends EmulatorOptions<MicrosoftUser> {
  /**
   * 'multi' (default): work accounts of any tenant and personal accounts, through common,
   * organizations, consumers or the user's own tenant id. 'single': the app's own tenant only,
   * through `<url>/<appTenantId>/…`; common, organizations and consumers answer AADSTS50194.
   */
  tenancy?: 'multi' | 'single';
  /** The tenant the app is registered in (default MICROSOFT_DEFAULT_TENANT_ID). */
  appTenantId?: string;
  /**
   * Registered redirect URIs (default ['http://localhost']). Matched exactly, except that the port
   * is ignored on http://localhost and http://127.0.0.1; http://[::1] is never accepted.
   * `allowedRedirectUris` is not used by this emulator.
   */
  redirectUris?: string[];
  /** Refuse authorization requests without PKCE (default false: Microsoft recommends, not requires). */
  requirePkce?: boolean;
  /**
   * Refuse a refresh token once it has been used (default false: Microsoft keeps old refresh
   * tokens valid after a refresh). True models a stricter server and lets a test prove the client
   * stores every rotated token.
   */
  singleUseRefreshTokens?: boolean;
  /**
   * Fixed access-token lifetime in seconds. When omitted, each token gets a random lifetime
   * between 3600 and 5400 seconds, as Microsoft documents.
   */
  accessTokenTtlSeconds?: number | null;
}

export interface MicrosoftEmulator extends BaseEmulator<MicrosoftUser>, IdTokenControls {
  /** The authority, the emulator's url (stands for https://login.microsoftonline.com). */
  readonly authority: string;
  /** `<url>/<tenant>/v2.0`: the issuer a client configures for that tenant path. */
  issuerFor(tenant: string): string;
  /** `<url>/<tenant>/v2.0/.well-known/openid-configuration` */
  discoveryUrlFor(tenant: string): string;
  /** `<url>/oidc/userinfo`: the emulated https://graph.microsoft.com/oidc/userinfo. */
  readonly userinfoUrl: string;
  /**
   * Who the account picker signs in when a request has prompt=select_account (until changed;
   * null: the session's user, set with setUser). Without select_account the session's user signs
   * in silently, as single sign-on does.
   */
  chooseAccount(user: Partial<MicrosoftUser> | null): void;
  /**
   * A misbehaving server: from now on ID tokens name this tenant in `iss`
   * (`<url>/<tenantId>/v2.0`) while `tid` stays the user's. null restores honest tokens.
   */
  issueIdTokensWithIssuerTenant(tenantId: string | null): void;
}

const TEMPLATE = '{tenantid}';
/** [auth-code]: "Typically, they expire after about 10 minutes". */
const CODE_TTL_SECONDS = 600;
/** [refresh]: "The default lifetime for the refresh tokens is … 90 days for all other scenarios". */
const REFRESH_TTL_SECONDS = 90 * 24 * 3600;
/** [access]: "a random value ranging between 60-90 minutes". */
const ACCESS_TTL_RANGE_SECONDS = [3600, 5400] as const;
const ID_TOKEN_TTL_SECONDS = 3600;
const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

const TENANT_PATH_RE =
  /^\/([^/]+)\/(oauth2\/v2\.0\/authorize|oauth2\/v2\.0\/token|v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys)$/;
/** Microsoft Graph's answer to a missing or bad token (the shape of a Graph error). */
const GRAPH_UNAUTHORIZED = {
  error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty or invalid.' },
};

/** The scopes asked, and the resource scopes consented before (OpenID's are per request). */
function withConsented(asked: string, consented: string): string {
  const earlier = scopesOf(consented).filter((scope) => !OIDC_SCOPES.includes(scope));
  return [...new Set([...scopesOf(asked), ...earlier])].join(' ');
}

function scopesOf(scope: string): string[] {
  return scope.split(/\s+/).filter(Boolean);
}

/** A path's tenant once parseTenant has accepted it. */
type KnownTenant = Exclude<Tenant, { kind: 'invalid' }>;

class MicrosoftEmulatorServer extends OidcEmulatorBase<MicrosoftUser> implements MicrosoftEmulator {
  private readonly consented = new ConsentedScopes();
  override removeGrantedScopes(scopes: readonly string[]): void {
    super.removeGrantedScopes(scopes);
    this.consented.remove(scopes);
  }
  private readonly app: AppRegistration;
  private readonly redirectUris: readonly URL[];
  private readonly requirePkce: boolean;
  private readonly singleUseRefreshTokens: boolean;
  private randomAccessTtl: boolean;
  private pickerAccount: MicrosoftUser | null = null;
  private foreignIssuerTenant: string | null = null;

  constructor(options: MicrosoftEmulatorOptions, signer: IdTokenSigner) {
    super(
      {
        name: 'microsoft',
        clientId: '00001111-aaaa-2222-bbbb-3333cccc4444',
        clientSecret: null,
        accessTokenTtlSeconds: ACCESS_TTL_RANGE_SECONDS[0],
        refreshTokenTtlSeconds: REFRESH_TTL_SECONDS,
        user: MICROSOFT_DEFAULT_USER,
      },
      { ...options, codeTtlSeconds: options.codeTtlSeconds ?? CODE_TTL_SECONDS },
      signer,
    );
    this.app = {
      clientId: this.clientId,
      tenancy: options.tenancy ?? 'multi',
      appTenantId: (options.appTenantId ?? MICROSOFT_DEFAULT_TENANT_ID).toLowerCase(),
    };
    this.redirectUris = (options.redirectUris ?? ['http://localhost']).map((uri) => new URL(uri));
    this.requirePkce = options.requirePkce ?? false;
    this.singleUseRefreshTokens = options.singleUseRefreshTokens ?? false;
    this.randomAccessTtl = options.accessTokenTtlSeconds === undefined;
  }

  get authority(): string {
    return this.url;
  }

  get userinfoUrl(): string {
    return `${this.url}/oidc/userinfo`;
  }

  issuerFor(tenant: string): string {
    return `${this.url}/${tenant}/v2.0`;
  }

  discoveryUrlFor(tenant: string): string {
    return `${this.issuerFor(tenant)}/.well-known/openid-configuration`;
  }

  chooseAccount(user: Partial<MicrosoftUser> | null): void {
    this.pickerAccount = user === null ? null : { ...this.defaultUser, ...user };
  }

  issueIdTokensWithIssuerTenant(tenantId: string | null): void {
    this.foreignIssuerTenant = tenantId;
  }

  override setAccessTokenTtl(seconds: number | null): void {
    this.randomAccessTtl = false;
    super.setAccessTokenTtl(seconds);
  }

  // --- routing --------------------------------------------------------------------------------

  protected async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    if ((method === 'GET' || method === 'POST') && path === '/oidc/userinfo')
      return this.handleUserinfo(req, res);
    if (method === 'GET' && path === '/v1.0/me/photo/$value') return this.handlePhoto(req, res);
    const match = TENANT_PATH_RE.exec(path);
    if (!match || !match[1] || !match[2]) {
      sendHtml(res, 404, 'Not Found', 'The requested resource was not found.');
      return;
    }
    const rawTenant = decodeURIComponent(match[1]);
    const endpoint = match[2];
    const tenant = parseTenant(rawTenant);
    if (tenant.kind === 'invalid') {
      const error = AADSTS.invalidTenant(tenant.raw);
      if (endpoint === 'oauth2/v2.0/authorize') sendHtml(res, 400, 'Sign in', aadstsText(error));
      else sendJson(res, error.status, this.errorBody(aadstsRefusal(error)));
      return;
    }
    if (method === 'GET' && endpoint === 'v2.0/.well-known/openid-configuration') {
      return this.sendDiscovery(res, rawTenant, tenant);
    }
    if (method === 'GET' && endpoint === 'discovery/v2.0/keys') return this.sendKeys(res);
    if (method === 'GET' && endpoint === 'oauth2/v2.0/authorize') return this.authorizeIn(res, url, tenant);
    if (method === 'POST' && endpoint === 'oauth2/v2.0/token') {
      return this.serveTokenEndpoint(req, res, this.tokenRules(tenant));
    }
    sendHtml(res, 405, 'Method Not Allowed', 'This endpoint does not take that method.');
  }

  private errorBody(refusal: Parameters<typeof aadstsErrorBody>[0]): Record<string, unknown> {
    return aadstsErrorBody(refusal, this.url, this.now());
  }

  // --- discovery and keys ---------------------------------------------------------------------

  /** The issuer of a tenant path's metadata: the template for common and organizations [access]. */
  private metadataIssuer(tenant: KnownTenant): string {
    if (tenant.kind === 'consumers') return this.issuerFor(MICROSOFT_CONSUMER_TENANT_ID);
    if (tenant.kind === 'id') return this.issuerFor(tenant.id);
    return this.issuerFor(TEMPLATE);
  }

  private sendDiscovery(res: ServerResponse, rawTenant: string, tenant: KnownTenant): void {
    const base = `${this.url}/${rawTenant}`;
    // [oidc]'s sample response, plus the fields OpenID Connect Discovery 1.0 §3 requires; no
    // revocation_endpoint and no authorization_response_iss_parameter_supported.
    sendJson(res, 200, {
      issuer: this.metadataIssuer(tenant),
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      userinfo_endpoint: this.userinfoUrl,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: OIDC_SCOPES,
      code_challenge_methods_supported: ['S256', 'plain'],
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'nbf',
        'nonce',
        'name',
        'preferred_username',
        'email',
        'oid',
        'tid',
        'ver',
      ],
    });
  }

  /** Each key names the issuers it may sign for: the template [access]. */
  private sendKeys(res: ServerResponse): void {
    const keys = this.signer.jwks.keys.map((key) => ({ ...key, issuer: this.issuerFor(TEMPLATE) }));
    sendJson(res, 200, { keys }, { 'cache-control': 'public, max-age=86400' });
  }

  // --- authorization endpoint -----------------------------------------------------------------

  protected override isRedirectAllowed(redirectUri: string): boolean {
    return matchesRegisteredRedirect(this.redirectUris, redirectUri);
  }

  private authorizeIn(res: ServerResponse, url: URL, tenant: KnownTenant): void {
    // A problem with the app or the account shows on the sign-in page, with no redirect to the
    // client (an assumption: Microsoft does not say).
    const user = this.userFor(url.searchParams);
    const refusal = appRefusal(this.app, tenant) ?? accountRefusal(tenant, user, this.clientId);
    if (refusal) {
      this.stats.authorizeRequests++;
      this.lastAuthorizationRequest = new URLSearchParams(url.searchParams);
      sendHtml(res, 400, 'Sign in', aadstsText(refusal));
      return;
    }
    this.handleAuthorize(res, url, {
      iss: null,
      requirePkce: this.requirePkce,
      pkceMethods: ['S256', 'plain'],
      requireResponseType: true,
      requireScope: true,
      defaultScope: '',
      newCode: () => randomToken('ms_code_', 48),
      userFor: (request) => this.userFor(request),
    });
  }

  /** select_account shows the picker, which signs in the chosen account [auth-code]. */
  private userFor(request: URLSearchParams): MicrosoftUser {
    const prompts = (request.get('prompt') ?? '').split(/\s+/);
    if (prompts.includes('select_account') && this.pickerAccount) return { ...this.pickerAccount };
    return { ...this.user };
  }

  // --- token endpoint -------------------------------------------------------------------------

  private tokenRules(tenant: KnownTenant): TokenEndpointRules<MicrosoftUser> {
    const tenantRefusal = appRefusal(this.app, tenant);
    return {
      missingFieldsBody: { token_type: 'Bearer', expires_in: 4500, scope: 'openid' },
      checkBody: (body) => {
        if (tenantRefusal) return aadstsRefusal(tenantRefusal);
        // [auth-code] shows form-encoded requests only; a JSON body is not read (an assumption).
        return body.type === 'form' ? null : aadstsRefusal(AADSTS.missingParameter('grant_type'));
      },
      clientRefusal: (check) => {
        switch (check) {
          case 'missing':
          case 'malformed':
            return aadstsRefusal(AADSTS.missingParameter('client_id'));
          case 'unknown-client':
            return aadstsRefusal(AADSTS.appNotFound());
          case 'missing-secret':
            return aadstsRefusal(AADSTS.missingSecret());
          case 'bad-secret':
            return aadstsRefusal(AADSTS.badSecret());
        }
      },
      // [auth-code]: public clients "must not use secrets or certificates".
      refuseClient: (credentials) =>
        this.clientSecret === null && credentials.clientSecret !== null
          ? aadstsRefusal(AADSTS.publicClientWithSecret())
          : null,
      redirectUriRequired: true,
      codeRefusals: {
        invalid_request: () => aadstsRefusal(AADSTS.missingParameter('code')),
        invalid_grant: (refusal) =>
          aadstsRefusal(
            refusal.cause === 'used'
              ? AADSTS.codeRedeemed()
              : refusal.cause === 'expired'
                ? AADSTS.grantExpired()
                : AADSTS.malformedGrant(),
          ),
        redirect_uri_mismatch: () => aadstsRefusal(AADSTS.redirectMismatch()),
        pkce: () => aadstsRefusal(AADSTS.verifierMismatch()),
      },
      // [refresh]: refresh tokens "aren't tied to a resource or tenant", so the token endpoint's
      // tenant path is not compared with the authorization's.
      // [consent]: consent accumulates; the token carries every scope the user consented to.
      exchangeCode: (code) =>
        this.tokenResponse(
          withConsented(code.scope, this.consented.grant(code.user.oid, code.scope)),
          code.user,
          undefined,
          code.request.get('nonce') ?? undefined,
        ),
      rotateRefreshTokens: this.singleUseRefreshTokens,
      refreshRefusal: aadstsRefusal(AADSTS.invalidRefreshToken()),
      refresh: (record, request) => this.refreshResponse(record, request),
      unsupportedGrant: (grantType) => aadstsRefusal(AADSTS.unsupportedGrant(grantType ?? '')),
      errorBody: (refusal) => this.errorBody(refusal),
    };
  }

  /** [auth-code]: the refresh scope must be "equivalent to or a subset" of the original's. */
  private refreshResponse(record: TokenRecord<MicrosoftUser>, request: TokenRequest): TokenAnswer {
    const granted = scopesOf(record.scope);
    const asked = request.params.get('scope');
    if (asked !== undefined && !scopesOf(asked).every((scope) => granted.includes(scope))) {
      return aadstsRefusal(AADSTS.invalidScope());
    }
    const scope = asked === undefined ? record.scope : scopesOf(asked).join(' ');
    return this.tokenResponse(scope, record.user, record.grantId, undefined);
  }

  private tokenResponse(
    scope: string,
    user: MicrosoftUser,
    grantId: string | undefined,
    nonce: string | undefined,
  ): Record<string, unknown> {
    if (this.randomAccessTtl) {
      const [min, max] = ACCESS_TTL_RANGE_SECONDS;
      this.tokens.lifetimes.accessTokenTtlSeconds = randomInt(min, max + 1);
    }
    const scopes = scopesOf(scope);
    const issued = this.tokens.issue({
      clientId: this.clientId,
      scope,
      user,
      accessPrefix: 'ms_at_',
      // [auth-code]: a refresh token is "Only provided if offline_access scope was requested".
      refreshPrefix: scopes.includes('offline_access') ? 'ms_rt_' : null,
      ...(grantId === undefined ? {} : { grantId }),
    });
    return {
      token_type: 'Bearer',
      scope,
      ...(issued.expiresIn === null ? {} : { expires_in: issued.expiresIn }),
      access_token: issued.accessToken,
      ...(issued.refreshToken === null ? {} : { refresh_token: issued.refreshToken }),
      // [auth-code]: an ID token is "Only provided if openid scope was requested".
      ...(scopes.includes('openid') ? { id_token: this.makeIdToken(user, scopes, nonce) } : {}),
    };
  }

  /** [id-token]: "The subject is a pairwise identifier and is unique to an application ID". */
  private pairwiseSub(user: MicrosoftUser): string {
    return createHash('sha256').update(`${user.oid}:${this.clientId}`).digest('base64url');
  }

  /** v2.0 ID token claims [id-token]; `oid` is the same for every app, `sub` is not. */
  private makeIdToken(user: MicrosoftUser, scopes: string[], nonce: string | undefined): string {
    const iat = Math.floor(this.now() / 1000);
    const tid = user.tenantId.toLowerCase();
    return this.signer.sign({
      ver: '2.0',
      iss: this.issuerFor(this.foreignIssuerTenant ?? tid),
      sub: this.pairwiseSub(user),
      aud: this.clientId,
      exp: iat + ID_TOKEN_TTL_SECONDS,
      iat,
      nbf: iat,
      tid,
      ...(nonce === undefined ? {} : { nonce }),
      // [id-token]: oid, name and preferred_username need the profile scope.
      ...(scopes.includes('profile')
        ? { oid: user.oid, name: user.name, preferred_username: user.preferredUsername }
        : {}),
      ...(scopes.includes('email') && user.email !== null ? { email: user.email } : {}),
      uti: randomToken('', 16),
    });
  }

  // --- UserInfo and the photo -----------------------------------------------------------------

  private async handleUserinfo(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.stats.apiRequests++;
    if (await this.faults.apply('api', req, res, {})) return;
    const record = this.authenticateApi(req);
    const scopes = record ? scopesOf(record.scope) : [];
    // [userinfo]: "The openid claim is required".
    if (!record || !scopes.includes('openid')) {
      sendJson(res, 401, GRAPH_UNAUTHORIZED, { 'www-authenticate': 'Bearer error="invalid_token"' });
      return;
    }
    const user = record.user;
    sendJson(res, 200, {
      sub: this.pairwiseSub(user),
      ...(scopes.includes('profile')
        ? {
            name: user.name,
            family_name: user.familyName,
            given_name: user.givenName,
            picture: `${this.url}/v1.0/me/photo/$value`,
          }
        : {}),
      ...(scopes.includes('email') && user.email !== null ? { email: user.email } : {}),
    });
  }

  /** Graph serves the photo [userinfo]'s `picture` names to a bearer of the user's token only. */
  private handlePhoto(req: IncomingMessage, res: ServerResponse): void {
    const record = this.authenticateApi(req);
    if (!record) {
      sendJson(res, 401, GRAPH_UNAUTHORIZED);
      return;
    }
    sendPng(res, makeIdenticon(`microsoft:${record.user.oid}`));
  }
}

/** Start a Microsoft identity platform emulator on 127.0.0.1 and an ephemeral port. */
export async function startMicrosoftEmulator(
  options: MicrosoftEmulatorOptions = {},
): Promise<MicrosoftEmulator> {
  return new MicrosoftEmulatorServer(options, new IdTokenSigner(await sharedSigningKeys())).start();
}
