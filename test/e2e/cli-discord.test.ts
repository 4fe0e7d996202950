// What only Discord does, through the CLI: its scopes and form-encoded token requests, its iss,
// and its rate limits. The journey every provider shares (refresh tokens that rotate on every use
// included) is in cli-journey.test.ts.

import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startDiscordEmulator } from '../../emulators/index.js';
import { expectFailure } from '../helpers/cli.js';
import { useCliSessionAgainst } from '../helpers/cli-session.js';
import { discordEnv } from '../helpers/test-core.js';

/** A plain HTTP relay to `target`: Signet sees its URL as Discord's, while Discord names itself. */
async function startRelay(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const forward = request(
      new URL(req.url ?? '/', upstream),
      { method: req.method, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('signet CLI against the Discord emulator: scopes, iss and rate limits', () => {
  const session = useCliSessionAgainst(() => startDiscordEmulator(), discordEnv);
  const signet = session.run;
  let accountId: string;

  it('asks for its scopes space-separated, with consent, and sends a form-encoded token request', async () => {
    const account = await session.login('discord');
    expect(account).toMatchObject({ provider: 'discord', login: 'nelly' });
    accountId = account.id;
    const request = session.server.lastAuthorizationRequest!;
    expect(request.get('scope')).toBe('identify email');
    expect(request.get('prompt')).toBe('consent');
    expect(session.server.lastTokenRequest).toMatchObject({
      grantType: 'authorization_code',
      bodyType: 'form',
    });
  });

  it('refuses an authorization response whose iss is not the configured Discord', async () => {
    const relay = await startRelay(session.server.url);
    const other = session.newHome();
    try {
      session.server.resetStats();
      const result = await session.runWith(
        { SIGNET_HOME: other, SIGNET_DISCORD_URL: relay.url },
        'login',
        'discord',
        '--json',
      );
      expectFailure(result, 1, 'signet: The sign-in response did not come from Discord (issuer mismatch).');
      expect(session.server.stats.authorizeRequests).toBe(1);
      expect(session.server.stats.codeExchanges).toBe(0);
      const accounts = await session.runWith({ SIGNET_HOME: other }, 'accounts', '--json');
      expect(JSON.parse(accounts.stdout)).toEqual([]);
    } finally {
      await relay.close();
    }
  });

  it('answers a 429 with Retry-After by exiting 4 with one line, losing nothing', async () => {
    const kept = await session.storedRefreshToken(accountId);
    session.server.resetStats();
    session.server.pushFault('token', {
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '2' },
      body: JSON.stringify({ message: 'You are being rate limited.', retry_after: 2, global: false }),
    });
    const result = await signet('refresh', 'discord');
    expectFailure(result, 4, /^signet: Discord is rate limiting/);
    expect(session.server.stats.refreshRequests).toBe(1);

    // The refresh token survived, and the account still works.
    expect(await session.storedRefreshToken(accountId)).toBe(kept);
    expect(session.server.isRefreshTokenValid(kept)).toBe(true);
    expect((await signet('token', 'discord')).code).toBe(0);
    expect(session.server.isAccessTokenValid(session.lastToken())).toBe(true);
    expect((await signet('refresh', 'discord')).code).toBe(0);
    expect(JSON.parse((await signet('accounts', '--json')).stdout)).toEqual([
      expect.objectContaining({ id: accountId, status: 'active' }),
    ]);
  });

  it('serves the cached token when a needed refresh is rate limited but the token is still valid', async () => {
    session.server.setAccessTokenTtl(600);
    expect((await signet('refresh', 'discord')).code).toBe(0);
    expect((await signet('token', 'discord')).code).toBe(0);
    const cached = session.lastToken();
    session.server.resetStats();
    session.server.pushFault('token', { kind: 'status', status: 429, headers: { 'retry-after': '2' } });
    const result = await signet('token', 'discord', '--min-validity', '900');
    expect(result.code).toBe(0);
    expect(session.lastToken()).toBe(cached);
    expect(session.server.stats.refreshRequests).toBe(1);
    session.server.setAccessTokenTtl(604800);
  });

  it('never printed or stored a secret outside `signet token`', () => {
    session.expectNoSecrets();
  });
});
