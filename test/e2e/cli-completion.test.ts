import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubEmulator, type GithubEmulator } from '../../emulators/index.js';
import { isolatedCliEnv, repoRoot, runSignet, type CliResult } from '../helpers/cli.js';
import { githubEnv } from '../helpers/test-core.js';
import { makeTempDir } from '../helpers/temp-dir.js';

function run(command: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const lines = (text: string) => text.split('\n').filter((line) => line !== '');

describe('signet completion: scripts that load in real bash, zsh and fish and complete from the CLI', () => {
  let github: GithubEmulator;
  let temp: ReturnType<typeof makeTempDir>;
  let env: Record<string, string>;
  const scripts: Record<string, string> = {};

  beforeAll(async () => {
    github = await startGithubEmulator({ mode: 'github-app' });
    temp = makeTempDir();
    const home = path.join(temp.dir, 'home');
    const bin = path.join(temp.dir, 'bin');
    mkdirSync(home);
    mkdirSync(bin);
    // `signet` on PATH, as after npm link: the scripts call it back for providers and accounts.
    const wrapper = path.join(bin, 'signet');
    writeFileSync(
      wrapper,
      `#!/bin/sh\nexec '${process.execPath}' '${path.join(repoRoot, 'bin', 'signet.js')}' "$@"\n`,
    );
    chmodSync(wrapper, 0o755);
    env = {
      ...(process.env as Record<string, string>),
      ...isolatedCliEnv(home, githubEnv(github)),
      PATH: `${bin}:${process.env['PATH']}`,
      HOME: home,
      XDG_CONFIG_HOME: path.join(temp.dir, 'config'),
    };
    expect((await runSignet(['login', 'github'], env)).code).toBe(0);
    for (const shell of ['bash', 'zsh', 'fish']) {
      const result = await runSignet(['completion', shell], env);
      expect(result.code, result.stderr).toBe(0);
      scripts[shell] = path.join(temp.dir, `signet.${shell}`);
      writeFileSync(scripts[shell]!, result.stdout);
    }
  });
  afterAll(async () => {
    await github.close();
    temp.cleanup();
  });

  it('refuses a shell it does not know', async () => {
    const result = await runSignet(['completion', 'tcsh'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('signet: completion takes bash, zsh or fish, not "tcsh".\n');
  });

  describe('bash', () => {
    /** Calls the completion function as bash does on Tab, with COMP_WORDS split at COMP_WORDBREAKS. */
    const complete = async (line: string) => {
      const script = `source "$1" || exit 9
        COMP_LINE="$2"; COMP_POINT=\${#COMP_LINE}
        read -ra COMP_WORDS <<<"\${COMP_LINE//:/ : }"
        [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
        COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
        _signet; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const result = await run('bash', ['--norc', '-c', script, 'bash', scripts['bash']!, line], env);
      expect(result.stderr).toBe('');
      return lines(result.stdout).sort();
    };

    it('loads without error and registers _signet for signet', async () => {
      const result = await run(
        'bash',
        ['--norc', '-c', 'source "$1" && complete -p signet', 'bash', scripts['bash']!],
        env,
      );
      expect(result).toEqual({ code: 0, stdout: 'complete -F _signet signet\n', stderr: '' });
    });

    it('completes commands, a provider name, an account selector after the colon, options and shells', async () => {
      expect(await complete('signet ')).toEqual(
        expect.arrayContaining(['login', 'exec', 'doctor', 'completion']),
      );
      expect(await complete('signet login g')).toEqual(['github', 'google']);
      expect(await complete('signet token gi')).toEqual(['github', 'github:octocat']);
      expect(await complete('signet exec github:oc')).toEqual(['octocat']);
      expect(await complete('signet token --m')).toEqual(['--min-validity']);
      expect(await complete('signet completion ')).toEqual(['bash', 'fish', 'zsh']);
      // Only the first argument is a provider; nothing is offered after `--`.
      expect(await complete('signet login github ')).toEqual([]);
      expect(await complete('signet exec github -- ')).toEqual([]);
    });
  });

  describe('zsh', () => {
    it('loads after compinit without error and registers _signet for signet', async () => {
      const result = await run(
        'zsh',
        [
          '-f',
          '-c',
          'autoload -Uz compinit && compinit -u -D && source "$1" && print -r -- $_comps[signet]',
          'zsh',
          scripts['zsh']!,
        ],
        env,
      );
      expect(result).toEqual({ code: 0, stdout: '_signet\n', stderr: '' });
    });

    it('completes a provider name and options (the function called as the completion system calls it)', async () => {
      // compadd is the completion system's way to offer words; a stand-in prints them instead.
      const offered = async (words: string[], prefix = '') => {
        const script = `autoload -Uz compinit && compinit -u -D && source "$1" || exit 9
          compadd() { print -l -- "\${@[\${@[(i)--]}+1,-1]}" }
          shift; words=("$@"); CURRENT=$#words; PREFIX="${prefix}"; _signet`;
        const result = await run('zsh', ['-f', '-c', script, 'zsh', scripts['zsh']!, ...words], env);
        expect(result.stderr).toBe('');
        return lines(result.stdout).sort();
      };
      expect(await offered(['signet', 'login', ''])).toEqual(['discord', 'github', 'google', 'microsoft']);
      expect(await offered(['signet', 'token', ''])).toEqual(['github', 'github:octocat']);
      expect(await offered(['signet', 'login', '--'], '--')).toEqual([
        '--device',
        '--help',
        '--json',
        '--no-browser',
        '--scope',
      ]);
    });
  });

  describe('fish', () => {
    const complete = async (line: string) => {
      const result = await run(
        'fish',
        ['--no-config', '-c', 'source $argv[1]; and complete -C $argv[2]', scripts['fish']!, line],
        env,
      );
      expect(result.stderr).toBe('');
      return lines(result.stdout)
        .map((entry) => entry.split('\t')[0]!)
        .sort();
    };

    it('loads without error', async () => {
      const result = await run('fish', ['--no-config', '-c', 'source $argv[1]', scripts['fish']!], env);
      expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    });

    it('completes commands, a provider name, account selectors and options', async () => {
      expect(await complete('signet ')).toEqual(
        expect.arrayContaining(['login', 'exec', 'doctor', 'setup-git']),
      );
      expect(await complete('signet login ')).toEqual(['discord', 'github', 'google', 'microsoft']);
      expect(await complete('signet token ')).toEqual(['github', 'github:octocat']);
      expect(await complete('signet login --')).toEqual(
        expect.arrayContaining(['--device', '--json', '--no-browser']),
      );
    });
  });
});
