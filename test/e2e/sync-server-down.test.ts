// `signet token` with the sync server down, against the Google emulator: a refused port and a
// listener that accepts and never answers both leave the token to local storage (the full path,
// since a server is configured), with no refresh; an agent that knows the server is down
// answers from memory. The whole-process time is a line of `npm run bench` (bench/README.md).

import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleEmulator } from '../../emulators/index.js';
import { startAgentProcess, type AgentProcess } from '../helpers/agent-process.js';
import { useCliSessionAgainst } from '../helpers/cli-session.js';
import { forgetKeychainService } from '../helpers/forget-keychain-service.js';
import { googleEnv } from '../helpers/test-core.js';

describe('signet token with the sync server down', () => {
  const session = useCliSessionAgainst(() => startGoogleEmulator({ accessTokenTtlSeconds: 3600 }), googleEnv);
  const silent = net.createServer(() => undefined);
  const sockets = new Set<net.Socket>();
  silent.on('connection', (socket) => sockets.add(socket));
  const emptyKeychain = `signet-test-${randomUUID()}`;
  let agent: AgentProcess | undefined;
  let silentUrl = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `redis://127.0.0.1:${(silent.address() as net.AddressInfo).port}/0`;
  });
  afterAll(async () => {
    await agent?.stop();
    await forgetKeychainService(emptyKeychain);
    for (const socket of sockets) socket.destroy();
    silent.close();
    session.expectNoSecrets();
  });

  it('answers from local storage when the port refuses', async () => {
    await session.login('google');
    const local = (await session.run('token', 'google')).stdout;
    session.server.resetStats();
    const result = await session.runWith(
      { SIGNET_REDIS_URL: 'redis://127.0.0.1:9/0', SIGNET_LOG_LEVEL: 'debug' },
      'token',
      'google',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(local);
    expect(result.stderr).toContain('signet: direct path: sync-server\n');
    expect(result.stderr).toContain('ECONNREFUSED');
    expect(session.server.stats.refreshRequests).toBe(0);
  });

  it('answers from local storage when the server accepts and never answers', async () => {
    const local = session.lastToken();
    const result = await session.runWith({ SIGNET_REDIS_URL: silentUrl }, 'token', 'google');
    expect(result).toEqual({ code: 0, stdout: `${local}\n`, stderr: '' });
    expect(sockets.size).toBeGreaterThan(0);
    expect(session.server.stats.refreshRequests).toBe(0);
  });

  it('an agent whose sync server is down answers from memory', async () => {
    agent = await startAgentProcess({ ...session.env, SIGNET_REDIS_URL: 'redis://127.0.0.1:9/0' });
    // A client with an empty keychain of its own: only the agent can answer it.
    const result = await session.runWith({ SIGNET_KEYCHAIN_SERVICE: emptyKeychain }, 'token', 'google');
    expect(result).toEqual({ code: 0, stdout: `${session.lastToken()}\n`, stderr: '' });
    const again = await session.runWith({ SIGNET_KEYCHAIN_SERVICE: emptyKeychain }, 'token', 'google');
    expect(again.stdout).toBe(result.stdout);
    expect(session.server.stats.refreshRequests).toBe(0);
  });
});
