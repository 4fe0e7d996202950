import type { Command } from './command.js';

const column = 45;

/** `signet --help`, built from the command list so it cannot drift from what runs. */
export function usageText(commands: readonly Command[]): string {
  const lines = commands
    .filter((command) => !command.hidden)
    .map((command) => {
      const left = `  ${command.synopsis}`;
      return left.length < column - 1
        ? `${left.padEnd(column)}${command.summary}`
        : `${left}\n${' '.repeat(column)}${command.summary}`;
    });
  return `Usage: signet <command> [options]

Commands:
${lines.join('\n')}

<account> is an account id, a provider name when it has one account, or <provider>:<login or email>.
Exit codes: 0 done, 1 failed, 2 usage, 3 sign in again, 4 network or provider unavailable,
5 configuration, 6 keychain unavailable; exec and login -- <command> exit with the command's code.`;
}
