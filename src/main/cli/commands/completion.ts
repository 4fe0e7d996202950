import { UsageError } from '../cli-io.js';
import { oneArg, type Command, type PlainCommand } from '../command.js';
import { bashCompletion, fishCompletion, zshCompletion } from '../completion/completion-scripts.js';
import { exitCodes } from '../exit-codes.js';

const scripts = { bash: bashCompletion, zsh: zshCompletion, fish: fishCompletion };

/**
 * `signet completion <shell>`: prints the script for that shell. It is handed the command list
 * (rather than importing it) because the list contains it.
 */
export function completionCommand(listed: () => readonly Command[]): PlainCommand {
  return {
    name: 'completion',
    synopsis: 'completion bash|zsh|fish',
    summary: 'print the shell completion script',
    options: {},
    completes: 'shell',
    needsCore: false,
    async run({ args, io }) {
      const shell = oneArg('completion', args, 'shell (bash, zsh or fish)');
      if (!(shell in scripts)) throw new UsageError(`completion takes bash, zsh or fish, not "${shell}".`);
      const visible = listed().filter((command) => !command.hidden);
      io.stdout(scripts[shell as keyof typeof scripts](visible));
      return exitCodes.ok;
    },
  };
}
