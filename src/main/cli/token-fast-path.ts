import { parseArgs } from 'node:util';
import { isAgentOwnError } from '../../shared/agent-protocol.js';
import { errorCodes, type ErrorCode } from '../../shared/errors.js';
import { readCachedToken, resolveDataDir } from '../core/lean.js';
import { askAgent } from './agent-client.js';
import { exitCodeFor, exitCodes } from './exit-codes.js';

export interface FastPathIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
}

/**
 * `signet token <account> [--min-validity <s>]` through the data directory's agent, before any
 * of the command line or the core is loaded. Returns the exit code when the agent answered, and
 * `undefined` when the full command line has to run: no agent, an agent that refused or did not
 * answer, or arguments this path does not take (`--scope`, a usage error), which the full
 * command line then reports exactly as it always does. The output and exit codes are the full
 * path's: the token and a newline, or `signet: <message>` and the code's exit status.
 */
export async function tokenThroughAgent(
  argv: readonly string[],
  io: FastPathIo,
): Promise<number | undefined> {
  const request = tokenRequest(argv);
  if (request === undefined) return undefined;
  const answer = await askAgent(resolveDataDir(io.env), { op: 'token', ...request });
  if (answer === undefined) return undefined;
  if (answer.ok) {
    io.stdout(`${answer.value.token}\n`);
    return exitCodes.ok;
  }
  if (isAgentOwnError(answer.error) || !isErrorCode(answer.error.code)) return undefined;
  io.stderr(`signet: ${answer.error.message}\n`);
  return exitCodeFor(answer.error.code);
}

/** The request the arguments ask for, when they are the plain `token` form this path takes. */
export function tokenRequest(
  argv: readonly string[],
): { account: string; minValiditySeconds: number } | undefined {
  if (argv[0] !== 'token') return undefined;
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.slice(1),
      allowPositionals: true,
      strict: true,
      options: { 'min-validity': { type: 'string' } },
    });
  } catch {
    return undefined;
  }
  const [account, ...more] = parsed.positionals;
  if (account === undefined || more.length > 0 || account.startsWith('-')) return undefined;
  const raw = parsed.values['min-validity'];
  const minValiditySeconds = raw === undefined ? 60 : Number(raw);
  // The full path's rule (`minValidity` in commands/token.ts); anything else is its usage error.
  if (!Number.isInteger(minValiditySeconds) || minValiditySeconds < 0 || minValiditySeconds > 86_400) {
    return undefined;
  }
  return { account, minValiditySeconds };
}

/**
 * `signet token` before the full command line: the agent's answer, else (no agent) a cache hit
 * read straight from `signet.db` (`readCachedToken`). `undefined`: the full command line runs.
 */
export async function tokenFastPath(argv: readonly string[], io: FastPathIo): Promise<number | undefined> {
  const throughAgent = await tokenThroughAgent(argv, io);
  if (throughAgent !== undefined) return throughAgent;
  return tokenDirect(argv, io);
}

/**
 * The direct path with no agent: prints a cached token that is valid long enough, as the full
 * path would, or returns `undefined` for anything else (which the full path then handles).
 */
export async function tokenDirect(argv: readonly string[], io: FastPathIo): Promise<number | undefined> {
  const request = tokenRequest(argv);
  if (request === undefined) return undefined;
  const read = await readCachedToken({
    dataDir: resolveDataDir(io.env),
    env: io.env,
    selector: request.account,
    minValiditySeconds: request.minValiditySeconds,
  });
  if (!read.ok) {
    if (io.env['SIGNET_LOG_LEVEL'] === 'debug') io.stderr(`signet: direct path: ${read.reason}\n`);
    return undefined;
  }
  io.stdout(`${read.token}\n`);
  return exitCodes.ok;
}

function isErrorCode(code: string): code is ErrorCode {
  return (errorCodes as readonly string[]).includes(code);
}
