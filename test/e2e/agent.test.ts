// `signet agent` end to end, through the CLI, against the Google emulator: tokens served through
// the socket, refreshed ahead of expiry with nobody asking, a peer of another user refused, one
// agent per data directory, a killed agent's socket taken over, and a client falling back when
// the agent dies mid-request. docs/ARCHITECTURE.md §6 (the agent); SECURITY.md (the agent).

import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startGoogleEmulator } from '../../emulators/index.js';
import { agentPaths } from '../../src/main/core/agent/agent-paths.js';
import { startAgentProcess, type AgentProcess } from '../helpers/agent-process.js';
import { repoRoot, runSignetUnder } from '../helpers/cli.js';
import { useCliSessionAgainst } from '../helpers/cli-session.js';
import { forgetKeychainService } from '../helpers/forget-keychain-service.js';
import { googleEnv } from '../helpers/test-core.js';

describe('signet agent against the Google emulator', () => {
  // 301 s: due for the agent's refresh-ahead window (300 s) moments after sign-in.
  const session = useCliSessionAgainst(() => startGoogleEmulator({ accessTokenTtlSeconds: 301 }), googleEnv);
  const signet = session.run;
  const emptyKeychain = `signet-test-${randomUUID()}`;
  let agent: AgentProcess | undefined;
  afterAll(async () => {
    await agent?.stop();
    await forgetKeychainService(emptyKeychain);
  });

  it('signs in, with no agent running', async () => {
    await session.login('google');
    expect((await signet('token', 'google')).code).toBe(0);
    const status = JSON.parse((await signet('status', '--json')).stdout);
    expect(status.agent).toEqual({ running: false });
  });

  it('refreshes ahead of expiry once started, with no client asking', async () => {
    const signedInWith = session.lastToken();
    session.server.resetStats();
    session.server.setAccessTokenTtl(3600);
    agent = await startAgentProcess({ ...session.env, SIGNET_AGENT_TICK_MS: '200' });
    expect(agent.stderr()).toMatch(/^signet agent: serving .+ on .+agent\/sock \(pid \d+\)\n$/);
    await expect.poll(() => session.server.stats.refreshRequests, { timeout: 10_000 }).toBe(1);
    expect((await signet('token', 'google')).code).toBe(0);
    expect(session.lastToken()).not.toBe(signedInWith);
    expect(session.server.isAccessTokenValid(session.lastToken())).toBe(true);
    expect(session.server.stats.refreshRequests).toBe(1);
  });

  it('serves the token through the socket: a client whose own keychain is empty gets it', async () => {
    const status = JSON.parse((await signet('status', '--json')).stdout);
    expect(status.agent).toEqual({ running: true, pid: agent!.pid });
    expect((await signet('status')).stdout).toMatch(new RegExp(`Agent +running \\(pid ${agent!.pid}\\)`));
    // The direct path would find no data key and no credential under this service name.
    const result = await session.runWith({ SIGNET_KEYCHAIN_SERVICE: emptyKeychain }, 'token', 'google');
    expect(result).toEqual({ code: 0, stdout: `${session.printed.at(-2)}\n`, stderr: '' });
  });

  it('answers errors with the same line and exit code as the direct path', async () => {
    const throughAgent = await signet('token', 'discord');
    const direct = await session.runWith({ SIGNET_HOME: session.newHome() }, 'token', 'discord');
    expect(throughAgent).toEqual({
      code: 1,
      stdout: '',
      stderr: 'signet: No account matches "discord". List them with: signet accounts\n',
    });
    expect(direct).toEqual(throughAgent);
  });

  it('refuses a second agent on the same data directory', async () => {
    const second = await startAgentProcess(session.env);
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toBe(
      `signet: An agent already serves this data directory (pid ${agent!.pid}).\n`,
    );
  });

  it('refuses a peer of another user that can reach the socket', async () => {
    const paths = agentPaths(session.home);
    // Open the way to the socket, as a careless chmod would: the key file stays this user's.
    chmodSync(session.home, 0o755);
    chmodSync(paths.dir, 0o755);
    chmodSync(paths.socket, 0o666);
    try {
      const asNobody = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', '--'];
      const probe = `const s=require('node:net').connect(${JSON.stringify(paths.socket)},()=>s.write(JSON.stringify({v:1,id:1,op:'token',account:'google',minValiditySeconds:0,key:'0'.repeat(64)})+'\\n'));s.setEncoding('utf8');s.on('data',d=>{process.stdout.write(d);s.end()});s.on('error',e=>{process.stdout.write('error '+e.code);})`;
      const answer = await new Promise<string>((resolve) =>
        execFile(
          asNobody[0]!,
          [...asNobody.slice(1), process.execPath, '-e', probe],
          { cwd: '/' },
          (_e, stdout) => resolve(stdout),
        ),
      );
      expect(JSON.parse(answer)).toEqual({
        v: 1,
        id: 1,
        ok: false,
        error: { code: 'agent-refused', message: 'The peer could not show it is this user.' },
      });
      // `signet token` as that user cannot read the key, gets nothing from the agent, and has
      // no keychain of its own here.
      const result = await runSignetUnder(asNobody, ['token', 'google'], session.env);
      expect(result.code).not.toBe(0);
      expect(result.stdout).toBe('');
      expect(result.stderr).not.toContain(session.lastToken());
    } finally {
      chmodSync(paths.socket, 0o600);
      chmodSync(paths.dir, 0o700);
      chmodSync(session.home, 0o700);
    }
  });

  it('leaves a client to fall back to the direct path when the agent is killed mid-request', async () => {
    const before = session.lastToken();
    // The agent has to refresh for a token valid a day; the provider takes its time answering.
    session.server.pushFault('token', { kind: 'delay', ms: 1500 });
    const pending = runSignetUnder([], ['token', 'google', '--min-validity', '7200'], session.env, 12_000);
    await expect.poll(() => session.server.stats.inFlight, { timeout: 5000 }).toBe(1);
    agent!.child.kill('SIGKILL');
    expect(await agent!.exited).toBe('SIGKILL');
    const result = await pending;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).not.toBe(before);
    expect(session.server.isAccessTokenValid(result.stdout.trim())).toBe(true);
    // The token joins the ones the leak scan below looks for.
    (session.printed as string[]).push(result.stdout.trim());
  });

  it('takes over the socket and lock a killed agent left behind', async () => {
    const paths = agentPaths(session.home);
    expect(existsSync(paths.socket)).toBe(true);
    expect(readFileSync(paths.lock, 'utf8')).toBe(`${agent!.pid}\n`);
    agent = await startAgentProcess(session.env);
    expect(agent.stderr()).toContain('signet agent: serving');
    expect(readFileSync(paths.lock, 'utf8')).toBe(`${agent.pid}\n`);
    expect((await signet('token', 'google')).code).toBe(0);
    expect(await agent.stop()).toBe(0);
    expect([paths.socket, paths.key, paths.lock].map(existsSync)).toEqual([false, false, false]);
    agent = undefined;
  });

  it('never printed or stored a secret outside `signet token`', () => {
    expect(path.relative(repoRoot, session.home)).toMatch(/^\.\./);
    session.expectNoSecrets();
  });
});
