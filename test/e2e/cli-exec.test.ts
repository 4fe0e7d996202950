import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isolatedCliEnv } from '../helpers/cli.js';
import { errorLines } from '../helpers/cli-output.js';
import { findSecrets, findSecretsInFiles } from '../helpers/secret-scan.js';
import { githubAppCliPerSuite } from '../helpers/github-app-cli-per-suite.js';
import { githubEnv } from '../helpers/test-core.js';

/** A child that writes what it was given (its variables, and what its parent Signet holds) to a file. */
const reporter = `
const fs = require('node:fs');
const parent = (name) => { try { return fs.readFileSync('/proc/' + process.ppid + '/' + name, 'latin1'); } catch { return ''; } };
fs.writeFileSync(process.argv[1], JSON.stringify({
  SIGNET_TOKEN: process.env.SIGNET_TOKEN ?? null,
  GH_TOKEN: process.env.GH_TOKEN ?? null,
  GH_HOST: process.env.GH_HOST ?? null,
  GH_ENTERPRISE_TOKEN: process.env.GH_ENTERPRISE_TOKEN ?? null,
  GOOGLE_OAUTH_ACCESS_TOKEN: process.env.GOOGLE_OAUTH_ACCESS_TOKEN ?? null,
  parentEnvironment: parent('environ'),
  parentCommandLine: parent('cmdline'),
}));
`;

describe('signet exec: the token in the child environment only, and the child exit code', () => {
  const suite = githubAppCliPerSuite((github, dir) => isolatedCliEnv(dir, githubEnv(github)));
  const { recorder, signet } = suite;

  beforeAll(async () => {
    const login = await signet('login', 'github', '--json');
    expect(login.code, login.stderr).toBe(0);
  });

  it('gives the child SIGNET_TOKEN and the gh variables, with a token GitHub accepts', async () => {
    const report = path.join(suite.dir, 'report.json');
    const result = await signet('exec', 'github', '--', process.execPath, '-e', reporter, report);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('');
    const seen = JSON.parse(readFileSync(report, 'utf8'));
    expect(suite.github.isAccessTokenValid(seen.SIGNET_TOKEN)).toBe(true);
    expect(seen).toMatchObject({
      GH_TOKEN: seen.SIGNET_TOKEN,
      GH_HOST: new URL(suite.github.url).host,
      // Not github.com: an Enterprise Server host, whose token gh reads from GH_ENTERPRISE_TOKEN.
      GH_ENTERPRISE_TOKEN: seen.SIGNET_TOKEN,
      GOOGLE_OAUTH_ACCESS_TOKEN: null,
    });
    recorder.issued.push(seen.SIGNET_TOKEN);
    // Signet itself never held the token in its environment or on its command line.
    expect(seen.parentCommandLine).toContain('exec');
    expect(seen.parentEnvironment).toContain('SIGNET_HOME=');
    expect(seen.parentEnvironment).not.toContain(seen.SIGNET_TOKEN);
    expect(seen.parentCommandLine).not.toContain(seen.SIGNET_TOKEN);
    expect(process.env['SIGNET_TOKEN']).toBeUndefined();
  });

  it.each([
    { why: 'a plain exit code', command: ['-e', 'process.exit(7)'], code: 7 },
    { why: 'success', command: ['-e', 'process.exit(0)'], code: 0 },
    {
      why: 'a signal, as 128 + its number',
      command: ['-e', "process.kill(process.pid, 'SIGTERM')"],
      code: 143,
    },
  ])('passes the child exit code through: $why', async ({ command, code }) => {
    const result = await signet('exec', 'github', '--', process.execPath, ...command);
    expect(result.code).toBe(code);
    expect(result.stderr).toBe('');
  });

  it('passes the child output through untouched', async () => {
    const result = await signet(
      'exec',
      'github',
      '--',
      'sh',
      '-c',
      'echo out; echo err >&2; echo "$1"',
      'sh',
      '--json',
    );
    expect(result).toEqual({ code: 0, stdout: 'out\n--json\n', stderr: 'err\n' });
  });

  it('exits 127 with one line for a command that does not exist', async () => {
    const result = await signet('exec', 'github', '--', 'signet-no-such-command');
    expect(result.code).toBe(127);
    expect(errorLines(result.stderr)).toEqual(['signet: signet-no-such-command: command not found']);
  });

  it.each([
    { args: ['exec', 'github'], line: /^signet: exec takes a command after --\.$/, code: 2 },
    { args: ['exec', '--', 'true'], line: /^signet: exec takes exactly one account\.$/, code: 2 },
    { args: ['exec', 'discord', '--', 'true'], line: /^signet: No account matches "discord"/, code: 1 },
  ])('refuses $args with exit $code and one line', async ({ args, line, code }) => {
    const result = await signet(...args);
    expect(result.code).toBe(code);
    expect(errorLines(result.stderr)).toEqual([expect.stringMatching(line)]);
  });

  it("left no token in Signet's output or the data directory", () => {
    for (const output of recorder.outputs)
      expect(findSecrets(output.stdout + output.stderr, recorder.issued)).toEqual([]);
    const files = findSecretsInFiles(suite.dir, recorder.issued).filter(
      (hit) => !hit.includes('report.json'),
    );
    expect(files).toEqual([]);
  });
});
