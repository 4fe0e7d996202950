import type { AccountService } from '../core/index.js';
import type { CliIo } from './cli-io.js';
import { UsageError } from './cli-io.js';

export interface OptionSpec {
  type: 'boolean' | 'string';
  short?: string;
  /** Shown in completions; the README's table has the long story. */
  description: string;
  /** What a string option's value names, for completions. */
  value?: string;
  /** The option may be given more than once (`--scope a --scope b`); its value is a list. */
  multiple?: boolean;
}

/** What a command's positional arguments name, so completions can offer them. */
export type Completes = 'provider' | 'account' | 'shell' | 'git-action' | 'none';

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandInput {
  /** Positional arguments after the command name. */
  args: string[];
  values: OptionValues;
  /** What followed `--`, for commands that run another command. */
  rest: string[] | undefined;
  io: CliIo;
}

interface CommandInfo {
  name: string;
  /** The usage line after `signet `, e.g. `token <account> [--min-validity <s>]`. */
  synopsis: string;
  summary: string;
  options: Record<string, OptionSpec>;
  completes: Completes;
  /** The command takes `-- <command …>` (everything after `--` is passed on untouched). */
  takesCommand?: boolean;
  /** Not listed in `--help` or completions (git calls it, not people). */
  hidden?: boolean;
}

/** A command that runs on the core, which `runCli` builds once and closes after. */
export interface CoreCommand extends CommandInfo {
  needsCore: true;
  run(service: AccountService, input: CommandInput): Promise<number>;
}

/** A command that needs no core (completion), or builds what it needs itself (doctor). */
export interface PlainCommand extends CommandInfo {
  needsCore: false;
  run(input: CommandInput): Promise<number>;
}

export type Command = CoreCommand | PlainCommand;

export function noArgs(command: string, args: string[]): void {
  if (args.length > 0) throw new UsageError(`${command} takes no arguments.`);
}

export function oneArg(command: string, args: string[], what: string): string {
  if (args.length !== 1) throw new UsageError(`${command} takes exactly one ${what}.`);
  return args[0]!;
}

/** A repeatable string option's values (`multiple: true`), empty when it was not given. */
export function listOption(values: OptionValues, name: string): string[] {
  const value = values[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
}

export const jsonOption: OptionSpec = { type: 'boolean', description: 'print JSON' };
