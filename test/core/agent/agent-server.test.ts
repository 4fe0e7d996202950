import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SignetError } from '../../../src/shared/errors.js';
import {
  startAgent,
  type AgentTarget,
  type RunningAgent,
} from '../../../src/main/core/agent/agent-server.js';
import { agentPaths } from '../../../src/main/core/agent/agent-paths.js';
import { silentLogger } from '../../../src/main/core/logging/logger.js';
import { askAgent } from '../../../src/main/cli/agent-client.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

/** A target with two accounts whose tokens come from a table; counts what the agent asked. */
function fakeTarget() {
  const listeners: Array<(payload: unknown) => void> = [];
  const target = {
    version: 1,
    summaryReads: 0,
    accounts: [
      {
        id: 'a1',
        provider: 'github',
        login: 'octocat',
        email: 'octo@github.test',
        status: 'active' as const,
      },
      { id: 'a2', provider: 'google', login: 'jane', email: 'jane@gmail.test', status: 'active' as const },
    ],
    listAccountSummaries() {
      target.summaryReads++;
      return target.accounts;
    },
    getAccessToken(accountId: string) {
      if (accountId === 'a2')
        return Promise.reject(new SignetError('needs-reauth', 'jane needs to sign in again.'));
      return Promise.resolve({
        accessToken: `token-of-${accountId}`,
        tokenType: 'bearer',
        scope: null,
        expiresAt: null,
      });
    },
    storageVersion: () => target.version,
    on(_event: 'accounts-changed', listener: (payload: unknown) => void) {
      listeners.push(listener);
      return () => undefined;
    },
    emitAccountsChanged: () => listeners.forEach((l) => l([])),
    refreshAll: () => Promise.resolve({ refreshed: 0, failed: 0, skipped: 0 }),
    setOnline: () => undefined,
  };
  return target satisfies AgentTarget;
}

describe('the agent in one process', () => {
  const temp = makeTempDir();
  let agent: RunningAgent | undefined;
  afterEach(async () => {
    await agent?.close();
    agent = undefined;
  });

  it('serves a token to a client that shows the peer key, from a 0600 socket in a 0700 folder', async () => {
    const target = fakeTarget();
    agent = await startAgent({
      service: target,
      dataDir: temp.dir,
      logger: silentLogger,
      refreshAhead: false,
    });
    const paths = agentPaths(temp.dir);
    expect(statSync(paths.dir).mode & 0o777).toBe(0o700);
    expect(statSync(paths.socket).mode & 0o777).toBe(0o600);
    expect(statSync(paths.key).mode & 0o777).toBe(0o600);
    const answer = await askAgent(temp.dir, { op: 'token', account: 'github', minValiditySeconds: 60 });
    expect(answer).toEqual({
      v: 1,
      id: 1,
      ok: true,
      value: { token: 'token-of-a1', tokenType: 'bearer', expiresAt: null },
    });
  });

  it("answers the core's errors as code and message, and reads the accounts again only when the database changed", async () => {
    const target = fakeTarget();
    agent = await startAgent({
      service: target,
      dataDir: temp.dir,
      logger: silentLogger,
      refreshAhead: false,
    });
    const ask = (account: string) => askAgent(temp.dir, { op: 'token', account, minValiditySeconds: 60 });
    expect(await ask('google')).toMatchObject({
      ok: false,
      error: { code: 'needs-reauth', message: 'jane needs to sign in again.' },
    });
    expect(await ask('discord')).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(target.summaryReads).toBe(1);
    target.accounts = [
      ...target.accounts,
      { id: 'a3', provider: 'discord', login: 'wumpus', email: 'w@d.test', status: 'active' },
    ];
    target.version = 2;
    expect(await ask('discord')).toMatchObject({ ok: true, value: { token: 'token-of-a3' } });
    target.accounts = target.accounts.slice(1);
    target.emitAccountsChanged();
    expect(await ask('github')).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(target.summaryReads).toBe(3);
  });

  it('refuses a peer without the key, another protocol version, and a second agent on the same directory', async () => {
    agent = await startAgent({
      service: fakeTarget(),
      dataDir: temp.dir,
      logger: silentLogger,
      refreshAhead: false,
    });
    const raw = (line: string) =>
      new Promise<string>((resolve) => {
        const socket = net.connect(agent!.socketPath, () => socket.write(`${line}\n`));
        socket.setEncoding('utf8');
        socket.once('data', (data: string) => {
          socket.destroy();
          resolve(data);
        });
      });
    expect(
      JSON.parse(
        await raw(
          JSON.stringify({ v: 1, id: 7, op: 'token', account: 'github', minValiditySeconds: 0, key: 'x' }),
        ),
      ),
    ).toMatchObject({
      id: 7,
      ok: false,
      error: { code: 'agent-refused' },
    });
    const key = readFileSync(agentPaths(temp.dir).key, 'utf8');
    expect(JSON.parse(await raw(JSON.stringify({ v: 2, id: 8, op: 'token', key })))).toMatchObject({
      ok: false,
      error: { code: 'agent-unsupported' },
    });
    expect(JSON.parse(await raw('not json'))).toMatchObject({
      ok: false,
      error: { code: 'agent-bad-request' },
    });
    await expect(
      startAgent({ service: fakeTarget(), dataDir: temp.dir, logger: silentLogger, refreshAhead: false }),
    ).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining(`pid ${process.pid}`) as unknown,
    });
  });

  it('takes over the socket and lock of an agent that was killed, and leaves nothing behind when closed', async () => {
    const paths = agentPaths(temp.dir);
    // What a killed agent leaves: a socket file nobody listens on and a lock naming a pid that
    // no longer runs.
    mkdirSync(paths.dir, { recursive: true });
    writeFileSync(paths.socket, '');
    writeFileSync(paths.lock, '999999\n');
    agent = await startAgent({
      service: fakeTarget(),
      dataDir: temp.dir,
      logger: silentLogger,
      refreshAhead: false,
    });
    expect(await askAgent(temp.dir, { op: 'status' })).toMatchObject({
      ok: true,
      value: { pid: process.pid, refreshesAhead: false },
    });
    await agent.close();
    agent = undefined;
    expect([paths.socket, paths.key, paths.lock].map(existsSync)).toEqual([false, false, false]);
    expect(await askAgent(temp.dir, { op: 'status' })).toBeUndefined();
  });
});
