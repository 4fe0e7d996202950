import { parseArgs } from 'node:util';
import type { SignInMethod } from '../../shared/domain.js';
import { isSignetError } from '../../shared/errors.js';
import {
  createCore,
  PrintingBrowserOpener,
  silentLogger,
  toSignetError,
  type AccountService,
} from '../core/index.js';
import { accountJson, accountLine, describeExpiry, providerJson, statusJson, table } from './format.js';
import { exitCodeFor, exitCodes } from './exit-codes.js';
import { selectAccount } from './select-account.js';

const usage = `Usage: signet <command> [options]

Commands:
  providers [--json]                         providers, whether each is configured, and their sign-in methods
  login <provider> [--device] [--no-browser] [--json]
                                             sign in; prints the account
  accounts [--json]                          accounts with status and access-token expiry
  token <account> [--min-validity <s>]       print a valid access token, refreshing if needed
  refresh [<account> | --all]                refresh now
  logout <account>                           revoke where possible, forget locally
  status [--json]                            keychain, cache backend, sync server, data directory

<account> is an account id, a provider name when it has one account, or <provider>:<login or email>.
Exit codes: 0 done, 1 failed, 2 usage, 3 sign in again, 4 network or provider unavailable,
5 configuration, 6 keychain unavailable.`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
}

class UsageError extends Error {}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
};

/** Runs one `signet` command and returns its exit code. Errors are one line on stderr. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`signet: ${message.split('\n')[0]} Run signet --help for usage.\n`);
    return exitCodes.usage;
  }
  const { command, positionals, values } = parsed;
  if (values.version) {
    io.stdout('signet 0.1.0\n');
    return exitCodes.ok;
  }
  if (values.help || command === 'help' || command === undefined) {
    (command === undefined && !values.help ? io.stderr : io.stdout)(`${usage}\n`);
    return command === undefined && !values.help ? exitCodes.usage : exitCodes.ok;
  }
  let service: AccountService | undefined;
  try {
    const printUrl = (url: string) => io.stderr(`Open this address in a browser to sign in:\n\n  ${url}\n\n`);
    service = await createCore({
      env: io.env,
      // On failure the CLI's stderr is its one error line; log lines only when asked for.
      ...(io.env['SIGNET_LOG_LEVEL'] ? {} : { logger: silentLogger }),
      ...(values['no-browser'] ? { opener: new PrintingBrowserOpener(printUrl) } : {}),
    });
    return await runCommand(service, command, positionals, values, io);
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

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean' },
      device: { type: 'boolean' },
      'no-browser': { type: 'boolean' },
      all: { type: 'boolean' },
      'min-validity': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  const [command, ...rest] = positionals;
  return { command, positionals: rest, values };
}

type Values = ReturnType<typeof parse>['values'];

async function runCommand(
  service: AccountService,
  command: string,
  args: string[],
  values: Values,
  io: CliIo,
): Promise<number> {
  const json = (value: unknown) => io.stdout(`${JSON.stringify(value, null, 2)}\n`);
  const one = (what: string): string => {
    if (args.length !== 1) throw new UsageError(`${command} takes exactly one ${what}.`);
    return args[0]!;
  };
  switch (command) {
    case 'providers': {
      noArgs(command, args);
      const providers = service.listProviders();
      if (values.json) json(providers.map(providerJson));
      else
        io.stdout(
          `${table([
            ['PROVIDER', 'CONFIGURED', 'METHODS'],
            ...providers.map((p) => [
              p.id,
              p.configured ? 'yes' : `no (set ${p.missing.join(', ')})`,
              p.methods.join(', '),
            ]),
          ])}\n`,
        );
      return exitCodes.ok;
    }
    case 'accounts': {
      noArgs(command, args);
      const accounts = await service.listAccounts();
      if (values.json) json(accounts.map(accountJson));
      else if (accounts.length === 0) io.stdout('No accounts yet. Add one with: signet login <provider>\n');
      else
        io.stdout(
          `${table([
            ['PROVIDER', 'ACCOUNT', 'STATUS', 'ACCESS TOKEN', 'ID'],
            ...accounts.map((a) => [
              a.provider,
              a.email ?? a.login,
              a.status,
              describeExpiry(a.accessTokenExpiresAt),
              a.id,
            ]),
          ])}\n`,
        );
      return exitCodes.ok;
    }
    case 'login': {
      const providerId = one('provider');
      const method: SignInMethod = values.device ? 'device' : 'browser';
      const unsubscribe = service.on('sign-in-progress', (progress) => {
        if (progress.stage === 'waiting-for-device' && progress.userCode) {
          io.stderr(
            `First copy your one-time code: ${progress.userCode}\nThen open ${progress.verificationUri} and enter it.\nWaiting…\n`,
          );
        } else if (progress.stage === 'opening-browser' && !values['no-browser']) {
          io.stderr('Opening your browser to sign in…\n');
        } else if (progress.stage === 'waiting-for-browser') {
          io.stderr('Waiting for you to finish in the browser (Ctrl+C to cancel)…\n');
        }
      });
      const { flowId, result } = service.signIn(providerId, { method });
      const onInterrupt = () => service.cancelSignIn(flowId);
      process.once('SIGINT', onInterrupt);
      try {
        const { accountId } = await result;
        const account = await service.getAccount(accountId);
        if (values.json) json(accountJson(account));
        else io.stdout(`Signed in: ${accountLine(account)}\n`);
        return exitCodes.ok;
      } finally {
        process.off('SIGINT', onInterrupt);
        unsubscribe();
      }
    }
    case 'token': {
      const selector = one('account');
      const raw = values['min-validity'];
      const minValiditySeconds = raw === undefined ? 60 : Number(raw);
      if (!Number.isInteger(minValiditySeconds) || minValiditySeconds < 0 || minValiditySeconds > 86_400) {
        throw new UsageError('--min-validity takes whole seconds from 0 to 86400.');
      }
      const account = selectAccount(service.listAccountSummaries(), selector);
      const token = await service.getAccessToken(account.id, { minValiditySeconds });
      io.stdout(`${token.accessToken}\n`);
      return exitCodes.ok;
    }
    case 'refresh': {
      if (values.all || args.length === 0) {
        if (args.length > 0) throw new UsageError('refresh takes an account or --all, not both.');
        const summary = await service.refreshAll({ force: true });
        io.stdout(`Refreshed ${summary.refreshed}, failed ${summary.failed}.\n`);
        return summary.failed > 0 ? exitCodes.failed : exitCodes.ok;
      }
      const account = selectAccount(service.listAccountSummaries(), one('account'));
      const view = await service.refresh(account.id);
      io.stdout(`Refreshed ${accountLine(view)}: ${describeExpiry(view.accessTokenExpiresAt)}\n`);
      return exitCodes.ok;
    }
    case 'logout': {
      const account = selectAccount(service.listAccountSummaries(), one('account'));
      const { revoked } = await service.signOut(account.id);
      io.stdout(
        `Signed out of ${account.provider}:${account.login}${revoked ? ' (access revoked at the provider)' : ' (forgotten locally; the provider was not asked to revoke)'}.\n`,
      );
      return exitCodes.ok;
    }
    case 'status': {
      noArgs(command, args);
      const status = await service.status();
      if (values.json) json(statusJson(status));
      else
        io.stdout(
          `${table([
            ['Data directory', status.dataDir],
            [
              'Keychain',
              `${status.keychain.available ? 'available' : 'UNAVAILABLE'}: ${status.keychain.detail}`,
            ],
            ['Token cache', status.cache === 'redis' ? 'sync server (Redis)' : 'local (SQLite)'],
            [
              'Sync server',
              status.syncServer.configured
                ? status.syncServer.connected
                  ? 'connected'
                  : 'unreachable'
                : 'not configured',
            ],
          ])}\n`,
        );
      return exitCodes.ok;
    }
    default:
      throw new UsageError(`unknown command "${command}". Run signet --help.`);
  }
}

function noArgs(command: string, args: string[]): void {
  if (args.length > 0) throw new UsageError(`${command} takes no arguments.`);
}
