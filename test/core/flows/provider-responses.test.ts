import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode, SignetError } from '../../../src/shared/errors.js';
import { createHttpClient } from '../../../src/main/core/http/http-client.js';
import {
  startDiscordEmulator,
  startGithubEmulator,
  startGoogleEmulator,
  type BaseEmulator,
  type Fault,
  type FaultEndpoint,
} from '../../../emulators/index.js';
import {
  beginBrowserSignIn,
  completeBrowserSignIn,
  deliverCallback,
  startTestCore,
  type TestCore,
} from '../../helpers/browser-sign-in.js';
import { signetFailure } from '../../helpers/signet-failure.js';

/**
 * The providers' bad answers during code exchange, profile fetch and refresh, injected with the
 * emulators' fault queue, against the real core with a 500 ms HTTP client. Assertions are on
 * error codes, never on messages (which could carry values).
 */

type ProviderId = 'github' | 'discord' | 'google';

interface FaultCase {
  name: string;
  fault: () => Fault;
  code: ErrorCode;
  /** Expected `retryAfterSeconds`: a number, a [min, max] range, or absent. */
  retryAfter?: number | [number, number] | 'absent';
}

const html503 =
  '<!doctype html><html><head><title>Service Unavailable</title></head><body><h1>Down for maintenance</h1></body></html>';

const faults: FaultCase[] = [
  { name: 'an HTML page with HTTP 200', fault: () => ({ kind: 'html' }), code: 'provider-error' },
  { name: 'HTTP 500', fault: () => ({ kind: 'status', status: 500 }), code: 'provider-error' },
  {
    name: 'HTTP 503 with an HTML page',
    fault: () => ({ kind: 'status', status: 503, body: html503, contentType: 'text/html' }),
    code: 'provider-error',
  },
  {
    name: 'HTTP 429 with Retry-After: 2',
    fault: () => ({ kind: 'status', status: 429, headers: { 'retry-after': '2' } }),
    code: 'rate-limited',
    retryAfter: 2,
  },
  {
    name: 'HTTP 429 with Retry-After as an HTTP date',
    fault: () => ({
      kind: 'status',
      status: 429,
      headers: { 'retry-after': new Date(Date.now() + 3000).toUTCString() },
    }),
    code: 'rate-limited',
    retryAfter: [1, 4],
  },
  {
    name: 'HTTP 429 with a garbage Retry-After',
    fault: () => ({ kind: 'status', status: 429, headers: { 'retry-after': 'soon-ish, 12 parsecs' } }),
    code: 'rate-limited',
    retryAfter: 'absent',
  },
  { name: 'no answer at all (hang)', fault: () => ({ kind: 'hang' }), code: 'timeout' },
  { name: 'a connection reset', fault: () => ({ kind: 'reset' }), code: 'network' },
  { name: 'malformed JSON', fault: () => ({ kind: 'malformed' }), code: 'provider-error' },
  {
    name: 'JSON without the expected fields',
    fault: () => ({ kind: 'missing-fields' }),
    code: 'provider-error',
  },
  { name: 'a 20 MB body', fault: () => ({ kind: 'huge' }), code: 'provider-error' },
];

function expectRetryAfter(error: SignetError, expected: FaultCase['retryAfter']): void {
  if (expected === undefined) return;
  if (expected === 'absent') expect(error.retryAfterSeconds).toBeUndefined();
  else if (typeof expected === 'number') expect(error.retryAfterSeconds).toBe(expected);
  else {
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(expected[0]);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(expected[1]);
  }
}

describe('provider answers that break a sign-in or a refresh', () => {
  const emulators = {} as Record<ProviderId, BaseEmulator<object>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    const [github, discord, google] = await Promise.all([
      startGithubEmulator({ mode: 'github-app' }),
      startDiscordEmulator(),
      startGoogleEmulator(),
    ]);
    Object.assign(emulators, { github, discord, google });
    env = {
      SIGNET_GITHUB_CLIENT_ID: github.clientId,
      SIGNET_GITHUB_CLIENT_SECRET: github.clientSecret!,
      SIGNET_GITHUB_URL: github.url,
      SIGNET_GITHUB_API_URL: github.apiUrl,
      SIGNET_DISCORD_CLIENT_ID: discord.clientId,
      SIGNET_DISCORD_CLIENT_SECRET: discord.clientSecret!,
      SIGNET_DISCORD_URL: discord.url,
      SIGNET_GOOGLE_CLIENT_ID: google.clientId,
      SIGNET_GOOGLE_CLIENT_SECRET: google.clientSecret!,
      SIGNET_GOOGLE_ISSUER: google.issuer,
    };
  });
  afterAll(async () => {
    await Promise.all(Object.values(emulators).map((emulator) => emulator.close()));
  });

  const providers: ProviderId[] = ['github', 'discord', 'google'];

  describe('during sign-in', () => {
    let test: TestCore;
    beforeAll(async () => {
      test = await startTestCore(env, { http: createHttpClient({ timeoutMs: 500 }) });
    });
    afterAll(async () => {
      await test.close();
    });

    /** Runs a browser sign-in with the fault queued, and checks that nothing was half-created. */
    async function signInWithFault(provider: ProviderId, endpoint: FaultEndpoint, fault: Fault) {
      const flow = await beginBrowserSignIn(test, provider);
      const emulator = emulators[provider];
      emulator.clearFaults();
      emulator.pushFault(endpoint, fault);
      const started = Date.now();
      const landing = await completeBrowserSignIn(flow);
      const error = await signetFailure(flow.result);
      const ms = Date.now() - started;
      emulator.clearFaults();
      // The browser is told it did not work, on the clean result page.
      expect(landing.callback.status).toBe(302);
      expect(landing.resultPage?.status).toBe(400);
      expect(await test.core.listAccounts()).toEqual([]);
      expect(test.secrets.written.size).toBe(0);
      return { error, ms };
    }

    for (const provider of providers) {
      for (const stage of [
        { endpoint: 'token' as const, what: 'code exchange' },
        { endpoint: 'api' as const, what: 'profile fetch' },
      ]) {
        for (const fault of faults) {
          it(`${provider} ${stage.what}: ${fault.name} → ${fault.code}, no account`, async () => {
            const { error, ms } = await signInWithFault(provider, stage.endpoint, fault.fault());
            expect(error.code).toBe(fault.code);
            expectRetryAfter(error, fault.retryAfter);
            // Hangs end at the client's timeout; a 20 MB body is refused at the cap, not read.
            expect(ms).toBeLessThan(3000);
          });
        }
      }
    }

    it("github code exchange: GitHub's HTTP 200 with error=bad_verification_code → needs-reauth", async () => {
      const body = JSON.stringify({
        error: 'bad_verification_code',
        error_description: 'The code passed is incorrect or expired.',
        error_uri: 'https://docs.github.com/apps/troubleshooting',
      });
      const { error } = await signInWithFault('github', 'token', {
        kind: 'status',
        status: 200,
        body,
        contentType: 'application/json; charset=utf-8',
      });
      expect(error.code).toBe('needs-reauth');
    });

    it('a code the provider does not know (right state): GitHub bad_verification_code, Discord invalid_grant', async () => {
      for (const provider of ['github', 'discord'] as const) {
        const flow = await beginBrowserSignIn(test, provider);
        // With the iss each sends (Discord requires it): only the code is wrong.
        const iss = provider === 'github' ? `${emulators.github.url}/login/oauth` : emulators.discord.url;
        await deliverCallback(
          flow,
          `/callback?code=not-a-real-code&state=${flow.state}&iss=${encodeURIComponent(iss)}`,
        );
        expect((await signetFailure(flow.result)).code).toBe('needs-reauth');
      }
      expect(await test.core.listAccounts()).toEqual([]);
      expect(test.secrets.written.size).toBe(0);
    });

    it('an exchange slower than the client timeout (delay) → timeout', async () => {
      const { error } = await signInWithFault('discord', 'token', { kind: 'delay', ms: 1500 });
      expect(error.code).toBe('timeout');
    });

    it('an ID token signed with another key → id-token-invalid, no account', async () => {
      const flow = await beginBrowserSignIn(test, 'google');
      (emulators.google as unknown as { signWith(mode: 'wrong-key'): void }).signWith('wrong-key');
      await completeBrowserSignIn(flow);
      expect((await signetFailure(flow.result)).code).toBe('id-token-invalid');
      expect(await test.core.listAccounts()).toEqual([]);
    });

    it('after all that, a sign-in with no fault still works for every provider', async () => {
      for (const provider of providers) {
        const flow = await beginBrowserSignIn(test, provider);
        await completeBrowserSignIn(flow);
        await flow.result;
      }
      expect((await test.core.listAccounts()).map((account) => account.provider).sort()).toEqual(
        [...providers].sort(),
      );
    });
  });

  describe('during refresh', () => {
    let test: TestCore;
    const accountIds = {} as Record<ProviderId, string>;

    beforeAll(async () => {
      test = await startTestCore(env, { http: createHttpClient({ timeoutMs: 500 }) });
      for (const provider of providers) {
        const flow = await beginBrowserSignIn(test, provider);
        await completeBrowserSignIn(flow);
        accountIds[provider] = (await flow.result).accountId;
      }
    });
    afterAll(async () => {
      await test.close();
    });

    async function credentialOf(provider: ProviderId): Promise<string | null> {
      return (await test.secrets.getCredential(accountIds[provider]))?.token ?? null;
    }

    async function statusOf(provider: ProviderId): Promise<string> {
      return (await test.core.getAccount(accountIds[provider])).status;
    }

    for (const provider of providers) {
      for (const fault of faults) {
        it(`${provider}: ${fault.name} → ${fault.code}; the refresh token is kept and a later refresh works`, async () => {
          const emulator = emulators[provider];
          const before = await credentialOf(provider);
          expect(before).not.toBeNull();
          emulator.clearFaults();
          emulator.pushFault('token', fault.fault());
          const started = Date.now();
          const error = await signetFailure(test.core.refresh(accountIds[provider]));
          expect(Date.now() - started).toBeLessThan(3000);
          emulator.clearFaults();
          expect(error.code).toBe(fault.code);
          expectRetryAfter(error, fault.retryAfter);
          // Kept, unchanged (compared as a boolean: the value is never printed).
          expect((await credentialOf(provider)) === before).toBe(true);
          expect(await statusOf(provider)).toBe(
            fault.code === 'network' || fault.code === 'timeout' ? 'offline' : 'error',
          );
          await test.core.refresh(accountIds[provider]);
          expect(await statusOf(provider)).toBe('active');
          const token = await test.core.getAccessToken(accountIds[provider]);
          expect(token.accessToken.length).toBeGreaterThan(0);
        });
      }
    }

    it("github: GitHub's HTTP 200 with error=bad_refresh_token (injected) → needs-reauth", async () => {
      const github = emulators.github;
      github.pushFault('token', {
        kind: 'status',
        status: 200,
        body: JSON.stringify({
          error: 'bad_refresh_token',
          error_description: 'The refresh token passed is incorrect or expired.',
        }),
        contentType: 'application/json; charset=utf-8',
      });
      await expectNeedsReauth('github');
    });

    for (const provider of providers) {
      it(`${provider}: the grant revoked at the provider (invalid_grant / bad_refresh_token) → needs-reauth, credential deleted, account kept`, async () => {
        emulators[provider].revokeAllRefreshTokens();
        await expectNeedsReauth(provider);
      });
    }

    async function expectNeedsReauth(provider: ProviderId): Promise<void> {
      // Sign in again first if an earlier case already took the grant away.
      if ((await credentialOf(provider)) === null) {
        const flow = await beginBrowserSignIn(test, provider);
        await completeBrowserSignIn(flow);
        expect((await flow.result).accountId).toBe(accountIds[provider]);
      }
      const error = await signetFailure(test.core.refresh(accountIds[provider]));
      expect(error.code).toBe('needs-reauth');
      expect(await credentialOf(provider)).toBeNull();
      const account = await test.core.getAccount(accountIds[provider]);
      expect(account.status).toBe('needs-reauth');
      expect(account.lastErrorCode).toBe('needs-reauth');
      expect(account.accessTokenExpiresAt).toBeNull();
      expect((await signetFailure(test.core.getAccessToken(accountIds[provider]))).code).toBe('needs-reauth');
      // Signing in again brings the same account back.
      const flow = await beginBrowserSignIn(test, provider);
      await completeBrowserSignIn(flow);
      expect((await flow.result).accountId).toBe(accountIds[provider]);
      expect(await statusOf(provider)).toBe('active');
      expect(await test.core.listAccounts()).toHaveLength(providers.length);
    }
  });
});
