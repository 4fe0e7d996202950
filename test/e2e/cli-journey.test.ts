// The journey every provider's user takes through `signet`, written once and run for each row of
// the table below: providers → login → accounts and status → a cached token → refreshes (ahead of
// expiry, after it, on demand) → signing in again → logout, then a scan of every output and file
// for secrets. What only one provider does stays in its own file (cli-<provider>.test.ts).
//
// Adding a provider is adding a row: how to start its server (an emulator from emulators/ through
// emulated(), or another server behind a JourneyServer), what `signet providers` lists for it, who
// signs in, what its tokens look like, how its refresh tokens behave and what logout revokes.

import { beforeAll, describe, expect, it } from 'vitest';
import {
  startDiscordEmulator,
  startGithubEmulator,
  startGoogleEmulator,
  tokenId,
  type BaseEmulator,
} from '../../emulators/index.js';
import { useCliSessionAgainst } from '../helpers/cli-session.js';
import { startOidcProvider, type OidcProviderServer } from '../helpers/oidc-provider-server.js';
import { findSecrets } from '../helpers/secret-scan.js';
import { discordEnv, githubEnv, googleEnv } from '../helpers/test-core.js';

/** What the journey counts at a provider's server since its last resetStats(). */
interface ServerCounts {
  tokenRequests: number;
  codeExchanges: number;
  refreshRequests: number;
  revokeRequests: number;
  /** Tokens or grants the server revoked (at its revocation endpoint, or for a reused refresh token). */
  revoked: number;
}

/** The counts from a server's own stats, which name the requests alike. */
function countsOf(stats: Omit<ServerCounts, 'revoked'>, revoked: number): ServerCounts {
  const { tokenRequests, codeExchanges, refreshRequests, revokeRequests } = stats;
  return { tokenRequests, codeExchanges, refreshRequests, revokeRequests, revoked };
}

/** What the journey asks of a provider's server: an emulator and oidc-provider, seen alike. */
interface JourneyServer {
  /** The settings that point Signet at it. */
  env: Record<string, string>;
  lastAuthorizationRequest(): URLSearchParams | null;
  counts(): ServerCounts;
  resetStats(): void;
  /** Lifetime of access tokens issued from now on. */
  setAccessTokenTtl(seconds: number): void;
  isAccessTokenValid(token: string): Promise<boolean>;
  isRefreshTokenValid(token: string): Promise<boolean>;
  /** Whether this token (or its grant) was revoked since the last resetStats(). */
  wasRevoked(token: string): boolean;
  /** Tokens the server says it issued, for a leak scan that cannot know their shape. */
  issuedTokens(): readonly string[];
  /** What failed on the server's side (refused token requests, internal errors). */
  problems(): string[];
  close(): Promise<void>;
}

/** One provider's journey. */
interface JourneyRow {
  title: string;
  /** Starts the provider's server, with access tokens that live less than 900 s. */
  start(): Promise<JourneyServer>;
  /** Its entry in `signet providers --json`; `id` is what `login` and selectors name. */
  listing: { id: string; name: string; configured: true; methods: string[] };
  /** Who the server signs in. */
  user: { login: string; displayName: string; email: string };
  /** The shape of its access tokens. */
  accessToken: RegExp;
  /** OpenID Connect: the authorization request carries a nonce. */
  openId: boolean;
  /**
   * What a refresh does to the refresh token: `kept` (the same one keeps working: Google),
   * `rotated` (a new one each time, the old one not refused: Microsoft Entra), `single-use` (a new
   * one each time, and the old one stops working: GitHub Apps, Discord, oidc-provider).
   */
  refreshTokens: 'kept' | 'rotated' | 'single-use';
  /**
   * What logout revokes at the provider: the access token (GitHub), the whole grant (RFC 7009
   * endpoints given the refresh token), or nothing (no revocation endpoint: Microsoft Entra).
   */
  revokesAtLogout: 'access token' | 'grant' | 'nothing';
}

/** Starts a provider emulator and shows it as the journey sees it; `env` points Signet at it. */
async function emulated<E extends BaseEmulator<never>>(
  starting: Promise<E>,
  env: (emulator: E) => Record<string, string>,
): Promise<JourneyServer> {
  const emulator = await starting;
  return {
    env: env(emulator),
    lastAuthorizationRequest: () => emulator.lastAuthorizationRequest,
    counts: () => countsOf(emulator.stats, emulator.stats.revoked.length),
    resetStats: () => emulator.resetStats(),
    setAccessTokenTtl: (seconds) => emulator.setAccessTokenTtl(seconds),
    isAccessTokenValid: async (token) => emulator.isAccessTokenValid(token),
    isRefreshTokenValid: async (token) => emulator.isRefreshTokenValid(token),
    wasRevoked: (token) => emulator.stats.revoked.includes(tokenId(token)),
    // The emulators' tokens carry recognisable prefixes, which the scan knows.
    issuedTokens: () => [],
    problems: () => [],
    close: () => emulator.close(),
  };
}

/** oidc-provider, standing in for Google through SIGNET_GOOGLE_ISSUER. */
function asGoogle(op: OidcProviderServer): JourneyServer {
  return {
    env: {
      SIGNET_GOOGLE_ISSUER: op.issuer,
      SIGNET_GOOGLE_CLIENT_ID: op.clientId,
      SIGNET_GOOGLE_CLIENT_SECRET: op.clientSecret,
    },
    lastAuthorizationRequest: () => op.lastAuthorizationRequest,
    counts: () => countsOf(op.stats, op.stats.revokedGrants.length),
    resetStats: () => op.resetStats(),
    setAccessTokenTtl: (seconds) => op.setAccessTokenTtl(seconds),
    isAccessTokenValid: (token) => op.isAccessTokenValid(token),
    isRefreshTokenValid: (token) => op.isRefreshTokenValid(token),
    wasRevoked: (token) => op.wasRevoked(token),
    issuedTokens: () => op.issuedTokens,
    // A reused refresh token would show here: oidc-provider refuses it and revokes the grant.
    problems: () => [...op.serverErrors, ...op.stats.tokenErrors],
    close: () => op.close(),
  };
}

const journeys: JourneyRow[] = [
  {
    title: 'the GitHub emulator (GitHub App: expiring tokens, single-use refresh tokens)',
    start: () => emulated(startGithubEmulator({ mode: 'github-app', accessTokenTtlSeconds: 600 }), githubEnv),
    listing: { id: 'github', name: 'GitHub', configured: true, methods: ['browser', 'device'] },
    user: { login: 'octocat', displayName: 'The Octocat', email: 'octocat@github.test' },
    accessToken: /^ghu_/,
    openId: false,
    refreshTokens: 'single-use',
    // GitHub deletes the one token it is given.
    revokesAtLogout: 'access token',
  },
  {
    title: 'the Google emulator (OIDC discovery, ID tokens, refresh tokens that do not rotate)',
    start: () => emulated(startGoogleEmulator({ accessTokenTtlSeconds: 600 }), googleEnv),
    listing: { id: 'google', name: 'Google', configured: true, methods: ['browser'] },
    user: { login: 'jane.doe@gmail.test', displayName: 'Jane Doe', email: 'jane.doe@gmail.test' },
    accessToken: /^ya29\./,
    openId: true,
    refreshTokens: 'kept',
    // Revoking the refresh token revokes the whole grant, access tokens included.
    revokesAtLogout: 'grant',
  },
  {
    title: 'the Discord emulator (refresh tokens that rotate on every use)',
    start: () => emulated(startDiscordEmulator({ accessTokenTtlSeconds: 600 }), discordEnv),
    listing: { id: 'discord', name: 'Discord', configured: true, methods: ['browser'] },
    user: { login: 'nelly', displayName: 'Nelly', email: 'nelly@discord.test' },
    accessToken: /^dsc_at_/,
    openId: false,
    refreshTokens: 'single-use',
    revokesAtLogout: 'grant',
  },
  {
    title: 'oidc-provider on the Google path (a certified OpenID Provider; refresh tokens rotate)',
    start: async () => asGoogle(await startOidcProvider({ accessTokenTtlSeconds: 600 })),
    listing: { id: 'google', name: 'Google', configured: true, methods: ['browser'] },
    user: { login: 'alice@oidc.test', displayName: 'Alice Liddell', email: 'alice@oidc.test' },
    accessToken: /^[A-Za-z0-9_-]{32,}$/,
    openId: true,
    refreshTokens: 'single-use',
    revokesAtLogout: 'grant',
  },
];

/** How `signet` names an account in what it prints (login, and the email when that differs). */
function accountName(row: JourneyRow, id: string): string {
  const { login, email } = row.user;
  return `${row.listing.name} ${email === login ? login : `${login} <${email}>`} (${id})`;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// One describe per row, named in full (describe.each would shorten a long title).
for (const row of journeys) {
  describe(`signet CLI journey against ${row.title}`, () => {
    const provider = row.listing.id;
    const selector = `${provider}:${row.user.login}`;
    const session = useCliSessionAgainst(row.start, (server) => server.env);
    const signet = session.run;
    let server: JourneyServer;
    let accountId: string;

    beforeAll(() => {
      server = session.server;
    });

    /** After a refresh: the refresh token Signet now keeps, against the one it kept before. */
    const expectRefreshTokenAfterRefresh = async (before: string): Promise<string> => {
      const after = await session.storedRefreshToken(accountId);
      expect(after === before, 'the refresh token was kept').toBe(row.refreshTokens === 'kept');
      if (row.refreshTokens === 'single-use') expect(await server.isRefreshTokenValid(before)).toBe(false);
      expect(await server.isRefreshTokenValid(after)).toBe(true);
      return after;
    };

    it('lists the provider as configured, with its methods', async () => {
      expect(await session.providers()).toContainEqual(row.listing);
    });

    it('signs in through the browser with PKCE and prints the account', async () => {
      server.resetStats();
      const account = await session.login(provider);
      expect(account).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        provider,
        ...row.user,
        status: 'active',
        accessTokenExpiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        scopes: expect.any(Array),
        scopesRemoved: [],
      });
      accountId = account.id;
      // Short-lived access tokens, so `--min-validity 900` asks for more than a token has left.
      expect(Date.parse(String(account['accessTokenExpiresAt'])) - Date.now()).toBeLessThan(900_000);

      const request = server.lastAuthorizationRequest()!;
      expect(request.get('code_challenge_method')).toBe('S256');
      expect(request.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(request.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
      expect(request.has('nonce')).toBe(row.openId);
      if (row.openId) expect(request.get('nonce')).toMatch(/^[A-Za-z0-9_-]{32,}$/);
      expect(server.counts().codeExchanges).toBe(1);
      expect(server.problems()).toEqual([]);
      expect(await server.isRefreshTokenValid(await session.storedRefreshToken(accountId))).toBe(true);
    });

    it('lists the account', async () => {
      const result = await signet('accounts', '--json');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual([
        expect.objectContaining({ id: accountId, provider, login: row.user.login, status: 'active' }),
      ]);
    });

    it('reports status', async () => {
      const result = await signet('status', '--json');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({
        dataDir: session.home,
        keychain: { available: true, detail: 'Secret Service (libsecret)' },
        cache: 'sqlite',
        syncServer: { configured: false, connected: false, paired: false },
        agent: { running: false },
      });
    });

    it('hands out the cached token without a token request', async () => {
      server.resetStats();
      const result = await signet('token', provider);
      expect(result.code).toBe(0);
      expect(session.lastToken()).toMatch(row.accessToken);
      expect(await server.isAccessTokenValid(session.lastToken())).toBe(true);
      expect(server.counts().tokenRequests).toBe(0);
    });

    it('refreshes a token that expires too soon, twice, keeping the refresh token the provider returns', async () => {
      server.resetStats();
      const cached = session.lastToken();
      const first = await session.storedRefreshToken(accountId);
      expect((await signet('token', selector, '--min-validity', '900')).code).toBe(0);
      expect(session.lastToken()).not.toBe(cached);
      expect(await server.isAccessTokenValid(session.lastToken())).toBe(true);
      const second = await expectRefreshTokenAfterRefresh(first);

      expect((await signet('token', provider, '--min-validity', '900')).code).toBe(0);
      expect(session.printed.at(-1)).not.toBe(session.printed.at(-2));
      expect(await server.isAccessTokenValid(session.lastToken())).toBe(true);
      await expectRefreshTokenAfterRefresh(second);
      expect(server.counts()).toEqual({
        tokenRequests: 2,
        codeExchanges: 0,
        refreshRequests: 2,
        revokeRequests: 0,
        revoked: 0,
      });
      expect(server.problems()).toEqual([]);
    });

    it('refreshes a token that has really expired', async () => {
      server.setAccessTokenTtl(1);
      expect((await signet('refresh', provider)).code).toBe(0);
      server.setAccessTokenTtl(600);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      server.resetStats();
      const result = await signet('token', provider, '--min-validity', '0');
      expect(result.code).toBe(0);
      expect(server.counts().refreshRequests).toBe(1);
      expect(await server.isAccessTokenValid(session.lastToken())).toBe(true);
    });

    it('refreshes on demand', async () => {
      const before = await session.storedRefreshToken(accountId);
      server.resetStats();
      const result = await signet('refresh', selector);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(
        new RegExp(`^Refreshed ${escapeRegExp(accountName(row, accountId))}: expires in \\d+m`),
      );
      expect(server.counts().refreshRequests).toBe(1);
      await expectRefreshTokenAfterRefresh(before);
    });

    it('signs in again to the same account without duplicating it', async () => {
      expect(await session.login(provider)).toMatchObject({ id: accountId, status: 'active' });
      expect(JSON.parse((await signet('accounts', '--json')).stdout)).toHaveLength(1);
    });

    it('signs out, revoking what the provider revokes, and forgets the account and its keychain entry', async () => {
      expect((await signet('token', provider)).code).toBe(0);
      const accessToken = session.lastToken();
      const refreshToken = await session.storedRefreshToken(accountId);
      server.resetStats();
      const result = await signet('logout', provider);
      expect(result.code).toBe(0);
      const revokes = row.revokesAtLogout !== 'nothing';
      expect(result.stdout).toBe(
        `Signed out of ${selector} (${revokes ? 'access revoked at the provider' : 'forgotten locally; the provider was not asked to revoke'}).\n`,
      );
      expect(server.counts()).toMatchObject({ revokeRequests: revokes ? 1 : 0, revoked: revokes ? 1 : 0 });
      if (revokes) {
        expect(server.wasRevoked(row.revokesAtLogout === 'grant' ? refreshToken : accessToken)).toBe(true);
        expect(await server.isAccessTokenValid(accessToken)).toBe(false);
      }
      if (row.revokesAtLogout === 'grant') expect(await server.isRefreshTokenValid(refreshToken)).toBe(false);
      expect(await session.credential(accountId)).toBeNull();
      expect(JSON.parse((await signet('accounts', '--json')).stdout)).toEqual([]);
      const token = await signet('token', provider);
      expect(token.code).toBe(1);
      expect(token.stderr).toMatch(/No account matches/);
    });

    it('never printed or stored a secret outside `signet token`', () => {
      expect(server.problems()).toEqual([]);
      expect(session.printed.length).toBeGreaterThanOrEqual(5);
      // The scan also has to catch the tokens it was never shown: every token this journey saw is
      // either secret-shaped or one the server listed (a count, so no token reaches the test output).
      const listed = new Set(server.issuedTokens());
      const unrecognisable = session
        .secretsSeen()
        .filter((t) => !listed.has(t) && findSecrets(t).length === 0);
      expect(unrecognisable.length).toBe(0);
      session.expectNoSecrets(server.issuedTokens());
    });
  });
}
