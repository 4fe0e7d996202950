import { afterAll, describe, expect, it } from 'vitest';
import { startGithubEmulator, type GithubEmulator } from '../../emulators/index.js';
import { isolatedCliEnv, recordingSignet } from '../helpers/cli.js';
import { errorLines, stackLine } from '../helpers/cli-output.js';
import { githubEnv } from '../helpers/test-core.js';
import { findSecrets, findSecretsInFiles } from '../helpers/secret-scan.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/**
 * GitHub's RFC 9207 issuer through the CLI: github.com sends `iss=https://github.com/login/oauth`
 * (the default emulator does, under its own URL), an older Enterprise Server sends none, and a
 * response naming any other issuer is refused before the code is exchanged.
 */
describe('signet login github and the authorization response’s iss', () => {
  const homes: ReturnType<typeof makeTempDir>[] = [];
  const emulators: GithubEmulator[] = [];
  let env: Record<string, string> = {};
  const recorder = recordingSignet(() => env);
  const signet = (...args: string[]) => recorder.run(args);

  async function against(iss: string | null | undefined, port?: number) {
    const github = await startGithubEmulator({
      ...(iss === undefined ? {} : { iss }),
      ...(port === undefined ? {} : { port }),
    });
    const home = makeTempDir();
    emulators.push(github);
    homes.push(home);
    env = isolatedCliEnv(home.dir, githubEnv(github));
    return github;
  }

  afterAll(async () => {
    await Promise.all(emulators.map((emulator) => emulator.close()));
    for (const home of homes) home.cleanup();
  });

  it('signs in when the response carries iss=<url>/login/oauth, as github.com sends', async () => {
    const github = await against(undefined);
    const result = await signet('login', 'github', '--json');
    expect(result.stderr).not.toMatch(stackLine);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ provider: 'github', login: 'octocat' });
    expect(github.stats.codeExchanges).toBe(1);
  });

  it('signs in when the response carries no iss, as an older Enterprise Server sends', async () => {
    const github = await against(null);
    const result = await signet('login', 'github', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ provider: 'github', login: 'octocat' });
    expect(github.stats.codeExchanges).toBe(1);
  });

  it.each([
    ['the bare web URL Signet used to expect', (url: string) => url],
    ['another server’s issuer', () => 'https://github.com.evil.example/login/oauth'],
  ])('refuses a response whose iss is %s, before any code exchange', async (_what, issFor) => {
    // The emulator's own URL is the wrong issuer in the first case: learn a free port first.
    const probe = await startGithubEmulator();
    const { url } = probe;
    await probe.close();
    const github = await against(issFor(url), Number(new URL(url).port));
    expect(github.url).toBe(url);
    const result = await signet('login', 'github', '--json');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(stackLine);
    expect(errorLines(result.stderr)).toEqual([
      'signet: The sign-in response did not come from GitHub (issuer mismatch).',
    ]);
    expect(github.stats.authorizeRequests).toBe(1);
    expect(github.stats.codeExchanges).toBe(0);
    expect(JSON.parse((await signet('accounts', '--json')).stdout)).toEqual([]);
  });

  it('never printed or stored a secret', () => {
    for (const output of recorder.outputs) {
      expect(findSecrets(output.stdout + output.stderr, recorder.issued)).toEqual([]);
    }
    for (const home of homes) expect(findSecretsInFiles(home.dir, recorder.issued)).toEqual([]);
  });
});
