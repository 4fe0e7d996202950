import { parseArgs } from 'node:util';
import { isSignetError } from '../../shared/errors.js';
import {
  createCore,
  PrintingBrowserOpener,
  silentLogger,
  toSignetError,
  type AccountService,
} from '../core/index.js';
import { processIo, UsageError, type CliIo } from './cli-io.js';
import type { Command, CommandInput } from './command.js';
import { commands, findCommand } from './commands/command-list.js';
import { exitCodeFor, exitCodes } from './exit-codes.js';
import { usageText } from './usage.js';

export type { CliIo } from './cli-io.js';

const globalOptions = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** Runs one `signet` command and returns its exit code. Errors are one line on stderr. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`signet: ${error.message}\n`);
      return exitCodes.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`signet: ${message.split('\n')[0]} Run signet --help for usage.\n`);
    return exitCodes.usage;
  }
  const { command, input } = parsed;
  if (input.values['version']) {
    io.stdout('signet 0.1.0\n');
    return exitCodes.ok;
  }
  if (input.values['help'] || command === 'help' || command === undefined) {
    const asked = command !== undefined || input.values['help'] === true;
    (asked ? io.stdout : io.stderr)(`${usageText(commands)}\n`);
    return asked ? exitCodes.ok : exitCodes.usage;
  }
  let service: AccountService | undefined;
  try {
    if (!command.needsCore) return await command.run(input);
    const printUrl = (url: string) => io.stderr(`Open this address in a browser to sign in:\n\n  ${url}\n\n`);
    service = await createCore({
      env: io.env,
      // On failure the CLI's stderr is its one error line; log lines only when asked for.
      ...(io.env['SIGNET_LOG_LEVEL'] ? {} : { logger: silentLogger }),
      ...(input.values['no-browser'] ? { opener: new PrintingBrowserOpener(printUrl) } : {}),
    });
    return await command.run(service, input);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`signet: ${error.message}\n`);
      return exitCodes.usage;
    }
    const failure = isSignetError(error) ? error : toSignetError(error);
    io.stderr(`signet: ${failure.message}\n`);
    return exitCodeFor(failure.code);
  } finally {
    await service?.close().catch(() => undefined);
  }
}

/**
 * Finds the command (the first argument that is not an option) and parses the rest against that
 * command's own options, so `signet accounts --device` is refused rather than ignored. A command
 * that runs another (`exec`) receives everything after `--` untouched.
 */
function parse(argv: string[], io: CliIo): { command: Command | 'help' | undefined; input: CommandInput } {
  const at = argv.findIndex((arg) => !arg.startsWith('-'));
  const terminator = argv.indexOf('--');
  const name = at >= 0 && (terminator < 0 || at < terminator) ? argv[at] : undefined;
  const command = name === undefined || name === 'help' ? name : findCommand(name);
  if (name !== undefined && command === undefined) {
    throw new UsageError(`unknown command "${name}". Run signet --help.`);
  }
  const others = at >= 0 && name !== undefined ? [...argv.slice(0, at), ...argv.slice(at + 1)] : argv;
  const passesOn = typeof command === 'object' && command.takesCommand === true;
  const split = passesOn ? others.indexOf('--') : -1;
  const own = split >= 0 ? others.slice(0, split) : others;
  const options = typeof command === 'object' ? command.options : {};
  const { values, positionals } = parseArgs({
    args: own,
    allowPositionals: true,
    strict: true,
    options: { ...options, ...globalOptions },
  });
  return {
    command,
    input: {
      args: positionals,
      values,
      rest: split >= 0 ? others.slice(split + 1) : undefined,
      io,
    },
  };
}
