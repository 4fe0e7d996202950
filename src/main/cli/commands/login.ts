import type { SignInMethod } from '../../../shared/domain.js';
import { missingScopes } from '../../../shared/scope-coverage.js';
import type { AccountService } from '../../core/index.js';
import { printJson, type CliIo } from '../cli-io.js';
import { jsonOption, listOption, oneArg, type CoreCommand } from '../command.js';
import { accountJson, accountLine } from '../format.js';
import { exitCodes } from '../exit-codes.js';
import { scopeOption } from '../require-scopes.js';
import { runChild, tokenEnvironment } from '../run-with-token.js';
import { selectAccount } from '../select-account.js';

export const loginCommand: CoreCommand = {
  name: 'login',
  synopsis:
    'login <provider | account> [--scope <scope>…] [--device] [--no-browser] [--json] [-- <command …>]',
  summary: 'sign in, or add scopes to an account; prints it, or runs the command with its token as exec does',
  options: {
    device: { type: 'boolean', description: 'sign in with a one-time code (device flow)' },
    'no-browser': { type: 'boolean', description: 'print the sign-in address instead of opening it' },
    scope: scopeOption('a scope to ask for (repeatable); on an account, added to what it holds'),
    json: jsonOption,
  },
  completes: 'provider',
  takesCommand: true,
  needsCore: true,
  async run(service, { args, values, rest, io }) {
    const target = oneArg('login', args, 'provider or account');
    const scopes = listOption(values, 'scope');
    const account = scopes.length > 0 ? accountNamed(service, target) : undefined;
    const providerId = account?.provider ?? target;
    if (account && missingScopes(account.provider, account.scopes, scopes).length === 0) {
      io.stderr(`${account.provider}:${account.login} already holds ${scopes.join(' ')}; nothing to add.\n`);
      if (values['json']) printJson(io, accountJson(await service.getAccount(account.id)));
      return exitCodes.ok;
    }
    if (service.sessionOnly) {
      io.stderr(
        rest
          ? 'Session only: this sign-in lasts while the command runs, and nothing of it is saved.\n'
          : 'Session only: this sign-in ends when signet exits, and nothing of it is saved. To use it, run: signet login <provider> -- <command …>\n',
      );
    }
    const method: SignInMethod = values['device'] ? 'device' : 'browser';
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
    const { flowId, result } = account
      ? service.addScopes(account.id, scopes, { method })
      : service.signIn(providerId, { method, ...(scopes.length > 0 ? { scopes } : {}) });
    const onInterrupt = () => service.cancelSignIn(flowId);
    process.once('SIGINT', onInterrupt);
    try {
      const { accountId, created } = await result;
      // Signing in as a person Signet already knows updates that account, never a second one.
      const said = account
        ? 'Added permissions'
        : created
          ? 'Signed in'
          : 'Signed in again (already known, updated)';
      const signedIn = await service.getAccount(accountId);
      if (notGranted(signedIn, scopes, io)) return exitCodes.missingScope;
      if (rest && rest.length > 0) {
        io.stderr(`${said}: ${accountLine(signedIn)}\n`);
        const token = await service.getAccessToken(accountId);
        const extra = tokenEnvironment(signedIn, token, service.config);
        return await runChild(rest, io.env, extra, (line) => io.stderr(`signet: ${line}\n`));
      }
      if (values['json']) printJson(io, accountJson(signedIn));
      else io.stdout(`${said}: ${accountLine(signedIn)}\n`);
      return exitCodes.ok;
    } finally {
      process.off('SIGINT', onInterrupt);
      unsubscribe();
    }
  },
};

/**
 * With `--scope`, a provider name alone (`github`) is a new sign-in asking for more; anything
 * else (`github:octocat`, an id) names an account whose permissions grow by incremental consent.
 */
function accountNamed(service: AccountService, target: string) {
  const isProvider = service.listProviders().some((provider) => provider.id === target);
  return isProvider ? undefined : selectAccount(service.listAccountSummaries(), target);
}

/**
 * The person may grant less than asked (Google's consent screen has a box per scope; GitHub lets
 * the person edit them): the account keeps what was granted, and the command says what was not.
 */
function notGranted(
  account: { provider: string; login: string; providerName: string; scopes: string[] },
  asked: readonly string[],
  io: CliIo,
): boolean {
  const missing = missingScopes(account.provider, account.scopes, asked);
  if (missing.length === 0) return false;
  io.stderr(
    `signet: ${account.providerName} did not grant ${missing.join(' ')} to ${account.provider}:${account.login}.\n`,
  );
  return true;
}
