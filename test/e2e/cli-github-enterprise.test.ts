import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubEmulator, tokenId, type GithubEmulator } from '../../emulators/index.js';
import { isolatedCliEnv, recordingSignet } from '../helpers/cli.js';
import { stackLine } from '../helpers/cli-output.js';
import { githubEnv } from '../helpers/test-core.js';
import { findSecrets, findSecretsInFiles } from '../helpers/secret-scan.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/**
 * github.com and a GitHub Enterprise Server host side by side in one data directory: the
 * `github` provider (an emulator sending `iss` like github.com) and an Enterprise host declared
 * in config.json as a provider of its own (an emulator sending no `iss`, like an older server).
 * Each signs in, refreshes and signs out without touching the other.
 */
describe('signet CLI with github.com and a GitHub Enterprise host in one data directory', () => {
  let dotCom: GithubEmulator;
  let enterprise: GithubEmulator;
  let home: ReturnType<typeof makeTempDir>;
  let env: Record<string, string>;
  const recorder = recordingSignet(() => env);
  const { outputs, issued } = recorder;
  const signet = (...args: string[]) => recorder.run(args);

  beforeAll(async () => {
    [dotCom, enterprise] = await Promise.all([
      startGithubEmulator({ mode: 'github-app', accessTokenTtlSeconds: 600 }),
      startGithubEmulator({
        mode: 'github-app',
        accessTokenTtlSeconds: 600,
        iss: null,
        clientId: 'ghe-test-client',
        clientSecret: 'ghe-test-secret',
        user: { id: 777, login: 'octo-corp', name: 'Corp Octocat', primaryEmail: 'octo@corp.test' },
      }),
    ]);
    home = makeTempDir();
    writeFileSync(
      path.join(home.dir, 'config.json'),
      JSON.stringify({
        githubEnterprise: [
          { id: 'ghe-corp', name: 'Corp GitHub', url: enterprise.url, clientId: enterprise.clientId },
        ],
      }),
    );
    env = {
      ...isolatedCliEnv(home.dir, githubEnv(dotCom)),
      SIGNET_GHE_CORP_CLIENT_SECRET: enterprise.clientSecret!,
    };
  });
  afterAll(async () => {
    await Promise.all([dotCom.close(), enterprise.close()]);
    home.cleanup();
  });

  it('lists both, each configured for the browser and the device flow', async () => {
    const result = await signet('providers', '--json');
    expect(result.code).toBe(0);
    const providers = JSON.parse(result.stdout) as { id: string }[];
    expect(providers).toContainEqual({
      id: 'github',
      name: 'GitHub',
      configured: true,
      methods: ['browser', 'device'],
    });
    expect(providers).toContainEqual({
      id: 'ghe-corp',
      name: 'Corp GitHub',
      configured: true,
      methods: ['browser', 'device'],
    });
  });

  it('signs in to each, at its own host, as its own account', async () => {
    const first = await signet('login', 'github', '--json');
    expect(first.stderr).not.toMatch(stackLine);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ provider: 'github', login: 'octocat' });
    const second = await signet('login', 'ghe-corp', '--json');
    expect(second.stderr).not.toMatch(stackLine);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ provider: 'ghe-corp', login: 'octo-corp' });
    expect(dotCom.stats.codeExchanges).toBe(1);
    expect(enterprise.stats.codeExchanges).toBe(1);
    const accounts = JSON.parse((await signet('accounts', '--json')).stdout) as { provider: string }[];
    expect(accounts.map((account) => account.provider).sort()).toEqual(['ghe-corp', 'github']);
  });

  it('hands out each host’s own token', async () => {
    expect((await signet('token', 'github')).code).toBe(0);
    expect(dotCom.isAccessTokenValid(issued.at(-1)!)).toBe(true);
    expect(enterprise.isAccessTokenValid(issued.at(-1)!)).toBe(false);
    expect((await signet('token', 'ghe-corp')).code).toBe(0);
    expect(enterprise.isAccessTokenValid(issued.at(-1)!)).toBe(true);
    expect(dotCom.isAccessTokenValid(issued.at(-1)!)).toBe(false);
  });

  it('refreshes one without asking the other anything', async () => {
    dotCom.resetStats();
    enterprise.resetStats();
    expect((await signet('refresh', 'ghe-corp')).code).toBe(0);
    expect(enterprise.stats.refreshRequests).toBe(1);
    expect(dotCom.stats.tokenRequests).toBe(0);
    expect((await signet('refresh', 'github')).code).toBe(0);
    expect(dotCom.stats.refreshRequests).toBe(1);
    expect(enterprise.stats.refreshRequests).toBe(1);
  });

  it('signs out of the Enterprise host, revoking there, and keeps the github.com account', async () => {
    await signet('token', 'ghe-corp');
    const last = issued.at(-1)!;
    const result = await signet('logout', 'ghe-corp');
    expect(result.code).toBe(0);
    expect(enterprise.stats.revoked).toContain(tokenId(last));
    expect(dotCom.stats.revoked).toEqual([]);
    const accounts = JSON.parse((await signet('accounts', '--json')).stdout) as { provider: string }[];
    expect(accounts.map((account) => account.provider)).toEqual(['github']);
    expect((await signet('token', 'github')).code).toBe(0);
  });

  it('never printed or stored a secret outside `signet token`', () => {
    for (const output of outputs) expect(findSecrets(output.stdout + output.stderr, issued)).toEqual([]);
    expect(findSecretsInFiles(home.dir, [...issued, enterprise.clientSecret!])).toEqual([]);
  });
});
