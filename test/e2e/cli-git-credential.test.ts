import { execFile, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubEmulator, type GithubEmulator } from '../../emulators/index.js';
import { isolatedCliEnv, recordingSignet, repoRoot, type CliResult } from '../helpers/cli.js';
import { startGitHttpServer, type GitHttpServer } from '../helpers/git-http-server.js';
import { findSecrets, findSecretsInFiles } from '../helpers/secret-scan.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/** Runs Debian's git with the test's own global configuration and no prompts. */
function runGit(args: string[], env: Record<string, string>, cwd?: string): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile('git', args, { env, cwd, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** `signet git-credential <action>` with git's key=value lines on stdin, as git runs it. */
function credentialHelper(action: string, input: string, env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [path.join(repoRoot, 'bin', 'signet.js'), 'git-credential', action],
      {
        env: { ...process.env, ...env },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(input);
  });
}

const attributes = (text: string) =>
  Object.fromEntries(
    text
      .trim()
      .split('\n')
      .map((line) => line.split(/=(.*)/s).slice(0, 2)),
  );

describe('signet git-credential with real git against a git server that checks GitHub tokens', () => {
  let github: GithubEmulator;
  let git: GitHttpServer;
  let temp: ReturnType<typeof makeTempDir>;
  let home: string;
  let env: Record<string, string>;
  let gitEnv: Record<string, string>;
  const recorder = recordingSignet(() => env);
  const signet = (...args: string[]) => recorder.run(args);
  const gitOutputs: CliResult[] = [];
  const gitRun = async (args: string[], cwd?: string) => {
    const result = await runGit(args, gitEnv, cwd);
    gitOutputs.push(result);
    return result;
  };
  const repoUrl = (repo: string, user?: string) =>
    user ? git.url.replace('://', `://${user}@`) + `/${repo}.git` : `${git.url}/${repo}.git`;
  /** `git ls-remote` must succeed, with the token of `login` as the server saw it. */
  const lsRemoteAs = async (repo: string, login: string, user?: string) => {
    const result = await gitRun(['ls-remote', repoUrl(repo, user)]);
    expect(result.code, result.stderr).toBe(0);
    expect(git.requests.at(-1)).toEqual({
      path: `${repo}.git`,
      username: login,
      tokenLogin: login,
      status: 200,
    });
    return result;
  };
  /** Clones, commits one file and pushes it, which must succeed as `login`. */
  const pushAs = async (repo: string, login: string) => {
    const work = path.join(temp.dir, `work-${repo.replace('/', '-')}`);
    expect((await gitRun(['clone', '--quiet', repoUrl(repo), work])).code).toBe(0);
    writeFileSync(path.join(work, `${login}.txt`), `${login}\n`);
    await gitRun(['add', `${login}.txt`], work);
    await gitRun(['commit', '--quiet', '-m', `from ${login}`], work);
    const pushed = await gitRun(['push', '--quiet', 'origin', 'HEAD:main'], work);
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(git.requests.at(-1)).toMatchObject({ path: `${repo}.git`, tokenLogin: login, status: 200 });
  };
  const signInAs = async (login: string, id: number) => {
    github.setUser({ id, login, name: login, email: null, primaryEmail: `${login}@example.test` });
    const result = await signet('login', 'github', '--json');
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as { id: string; login: string };
  };

  beforeAll(async () => {
    temp = makeTempDir();
    home = path.join(temp.dir, 'signet');
    mkdirSync(home);
    git = await startGitHttpServer(path.join(temp.dir, 'repositories'));
    github = await startGithubEmulator({ mode: 'github-app', iss: `${git.url}/login/oauth` });
    git.forwardTo(github);
    git.createRepository('octocat', 'hello', ['octocat']);
    git.createRepository('acme', 'widgets', ['alice']);
    git.createRepository('bob-org', 'tools', ['bob']);
    // Sign-in and git share one origin, as on github.com; the API stays on the emulator.
    env = isolatedCliEnv(home, {
      SIGNET_GITHUB_CLIENT_ID: github.clientId,
      SIGNET_GITHUB_CLIENT_SECRET: github.clientSecret!,
      SIGNET_GITHUB_URL: git.url,
      SIGNET_GITHUB_API_URL: github.apiUrl,
    });
    const gitHome = path.join(temp.dir, 'home');
    mkdirSync(gitHome);
    gitEnv = {
      ...(process.env as Record<string, string>),
      ...env,
      HOME: gitHome,
      GIT_CONFIG_GLOBAL: path.join(gitHome, '.gitconfig'),
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_TERMINAL_PROMPT: '0',
      GIT_ASKPASS: '',
      SSH_ASKPASS: '',
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.test',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.test',
    };
  });
  afterAll(async () => {
    await git?.close();
    await github?.close();
    temp?.cleanup();
  });

  it('setup-git points git at signet for the GitHub host, resetting other helpers, with useHttpPath', async () => {
    const result = await recorder.run(['setup-git'], gitEnv);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`git now asks Signet for ${git.url} (credential.${git.url}.helper)\n`);
    const helpers = await gitRun(['config', '--global', '--get-all', `credential.${git.url}.helper`]);
    expect(helpers.stdout.split('\n').slice(0, 2)).toEqual([
      '',
      expect.stringMatching(/bin\/signet\.js' git-credential$/),
    ]);
    expect((await gitRun(['config', '--global', `credential.${git.url}.usehttppath`])).stdout.trim()).toBe(
      'true',
    );
    // Run twice, it leaves the same configuration (no helper added twice).
    expect((await recorder.run(['setup-git'], gitEnv)).code).toBe(0);
    const again = await gitRun(['config', '--global', '--get-all', `credential.${git.url}.helper`]);
    expect(again.stdout).toBe(helpers.stdout);
  });

  it('with no account yet, git fails and the one line says how to sign in', async () => {
    const result = await gitRun(['ls-remote', repoUrl('octocat/hello')]);
    expect(result.code).not.toBe(0);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('signet:'))).toEqual([
      `signet: no GitHub account for ${git.host}: sign in with signet login github`,
    ]);
  });

  it('git ls-remote and push succeed with the only account, after its access token expired and was refreshed', async () => {
    github.setAccessTokenTtl(1);
    await signInAs('octocat', 1001);
    github.setAccessTokenTtl(3600);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    github.resetStats();

    await lsRemoteAs('octocat/hello', 'octocat');
    expect(github.stats.refreshRequests).toBe(1);
    await pushAs('octocat/hello', 'octocat');
    expect((await lsRemoteAs('octocat/hello', 'octocat')).stdout).toMatch(/\trefs\/heads\/main\n/);
    // One refresh served all of it: the refreshed token is good for an hour.
    expect(github.stats.refreshRequests).toBe(1);
  });

  it('answers get with the login, a valid token and password_expiry_utc; store is a no-op', async () => {
    const request = `protocol=http\nhost=${git.host}\npath=octocat/hello.git\n\n`;
    const result = await credentialHelper('get', request, env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const answer = attributes(result.stdout);
    expect(Object.keys(answer)).toEqual(['username', 'password', 'password_expiry_utc']);
    expect(answer['username']).toBe('octocat');
    expect(github.isAccessTokenValid(answer['password']!)).toBe(true);
    const expiry = Number(answer['password_expiry_utc']);
    expect(expiry).toBeGreaterThan(Date.now() / 1000 + 3000);
    expect(expiry).toBeLessThanOrEqual(Date.now() / 1000 + 3600);
    recorder.issued.push(answer['password']!);

    const stored = await credentialHelper(
      'store',
      `${request.trim()}\nusername=octocat\npassword=x\n\n`,
      env,
    );
    expect(stored).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('never answers a plain-http host that is not this machine', async () => {
    const result = await credentialHelper('get', 'protocol=http\nhost=github.com\n\n', env);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('after the server refuses the cached token, erase forgets it and the next git command refreshes', async () => {
    github.expireAccessTokens();
    github.resetStats();
    const refused = await gitRun(['ls-remote', repoUrl('octocat/hello')]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/Authentication failed/);
    expect(github.stats.refreshRequests).toBe(0);
    const listed = await gitRun(['ls-remote', repoUrl('octocat/hello')]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(github.stats.refreshRequests).toBe(1);
  });

  describe('with several accounts', () => {
    beforeAll(async () => {
      await signInAs('alice', 1002);
      await signInAs('bob', 1003);
    });

    it('with no rule, git fails and the one line says how to add one', async () => {
      const result = await gitRun(['ls-remote', repoUrl('acme/widgets')]);
      expect(result.code).not.toBe(0);
      const lines = result.stderr.split('\n').filter((line) => line.startsWith('signet:'));
      expect(lines).toEqual([
        `signet: 3 accounts for ${git.host} (github:octocat, github:alice, github:bob) and no rule chooses: add {"host":"${git.host}","owner":"acme","account":"github:octocat"} to "git": { "rules": [...] } in ${home}/config.json`,
      ]);
    });

    it('a username in the URL picks that account without a rule', async () => {
      await lsRemoteAs('octocat/hello', 'octocat', 'octocat');
    });

    it('per-owner rules pick the right account for each owner, for ls-remote and push', async () => {
      const from = git.requests.length;
      writeFileSync(
        path.join(home, 'config.json'),
        JSON.stringify({
          git: {
            rules: [
              { host: git.host, account: 'github:octocat' },
              { host: git.host, owner: 'acme', account: 'github:alice' },
              { host: git.host, owner: 'BOB-ORG', account: 'github:bob' },
            ],
          },
        }),
      );
      await lsRemoteAs('acme/widgets', 'alice');
      await lsRemoteAs('bob-org/tools', 'bob');
      // The host-wide rule answers for the other owners.
      await lsRemoteAs('octocat/hello', 'octocat');
      await pushAs('acme/widgets', 'alice');
      // Git never had to try a wrong account first: the server refused nothing.
      expect(git.requests.slice(from).filter((request) => request.status !== 200)).toEqual([]);
    });

    it('refuses a rule without an account, naming the key, before answering anything', async () => {
      const file = path.join(home, 'config.json');
      const rules = readFileSync(file, 'utf8');
      writeFileSync(file, JSON.stringify({ git: { rules: [{ host: git.host, owner: 'acme' }] } }));
      const result = await credentialHelper(
        'get',
        `protocol=http\nhost=${git.host}\npath=acme/widgets.git\n\n`,
        env,
      );
      writeFileSync(file, rules);
      expect(result.code).toBe(5);
      expect(result.stdout).toBe('');
      expect(result.stderr.trimEnd().split('\n')).toEqual([
        expect.stringMatching(/config\.json: "git\.rules\.0\.account" /),
      ]);
    });
  });

  it('printed no token and left none in git configuration or the data directory', () => {
    for (const output of [...recorder.outputs, ...gitOutputs]) {
      expect(findSecrets(output.stdout + output.stderr, recorder.issued)).toEqual([]);
    }
    expect(findSecretsInFiles(home, recorder.issued)).toEqual([]);
    expect(findSecretsInFiles(path.join(temp.dir, 'home'), recorder.issued)).toEqual([]);
  });
});
