import { describe, expect, it } from 'vitest';
import { commands } from '../../src/main/cli/commands/command-list.js';
import { runCli } from '../../src/main/cli/main.js';

/** Runs the CLI in this process with recorded output; none of these commands reaches the core. */
async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env: {},
  });
  return { code, stdout, stderr };
}

describe('runCli: parsing and dispatch', () => {
  it('lists every command people run in --help, and not the ones only scripts call', async () => {
    const { code, stdout } = await cli('--help');
    expect(code).toBe(0);
    for (const command of commands.filter((c) => !c.hidden))
      expect(stdout).toContain(`  ${command.synopsis}`);
    expect(stdout).not.toContain('__complete');
  });

  it.each([
    { argv: ['accounts', '--device'], line: /^signet: Unknown option '--device'/ },
    { argv: ['frobnicate'], line: /^signet: unknown command "frobnicate"\. Run signet --help\.$/ },
    { argv: ['completion', 'tcsh'], line: /^signet: completion takes bash, zsh or fish, not "tcsh"\.$/ },
    { argv: ['completion'], line: /^signet: completion takes exactly one shell/ },
  ])('refuses $argv with exit 2 and one line', async ({ argv, line }) => {
    const { code, stdout, stderr } = await cli(...argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(line)]);
  });

  it('takes no command from after --, which ends the options', async () => {
    const { code, stderr } = await cli('--', 'accounts');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^Usage: signet/);
  });

  it('prints a completion script for each shell that names every visible command', async () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const { code, stdout } = await cli('completion', shell);
      expect(code).toBe(0);
      for (const command of commands.filter((c) => !c.hidden)) expect(stdout).toContain(command.name);
    }
  });
});
