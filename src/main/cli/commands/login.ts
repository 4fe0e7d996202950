import type { SignInMethod } from '../../../shared/domain.js';
import { printJson } from '../cli-io.js';
import { jsonOption, oneArg, type CoreCommand } from '../command.js';
import { accountJson, accountLine } from '../format.js';
import { exitCodes } from '../exit-codes.js';
import { runChild, tokenEnvironment } from '../run-with-token.js';

export const loginCommand: CoreCommand = {
  name: 'login',
  synopsis: 'login <provider> [--device] [--no-browser] [--json] [-- <command …>]',
  summary: 'sign in; prints the account, or runs the command with its token as exec does',
  options: {
    device: { type: 'boolean', description: 'sign in with a one-time code (device flow)' },
    'no-browser': { type: 'boolean', description: 'print the sign-in address instead of opening it' },
    json: jsonOption,
  },
  completes: 'provider',
  takesCommand: true,
  needsCore: true,
  async run(service, { args, values, rest, io }) {
    const providerId = oneArg('login', args, 'provider');
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
    const { flowId, result } = service.signIn(providerId, { method });
    const onInterrupt = () => service.cancelSignIn(flowId);
    process.once('SIGINT', onInterrupt);
    try {
      const { accountId, created } = await result;
      // Signing in as a person Signet already knows updates that account, never a second one.
      const said = created ? 'Signed in' : 'Signed in again (already known, updated)';
      const account = await service.getAccount(accountId);
      if (rest && rest.length > 0) {
        io.stderr(`${said}: ${accountLine(account)}\n`);
        const token = await service.getAccessToken(accountId);
        const extra = tokenEnvironment(account, token, service.config);
        return await runChild(rest, io.env, extra, (line) => io.stderr(`signet: ${line}\n`));
      }
      if (values['json']) printJson(io, accountJson(account));
      else io.stdout(`${said}: ${accountLine(account)}\n`);
      return exitCodes.ok;
    } finally {
      process.off('SIGINT', onInterrupt);
      unsubscribe();
    }
  },
};
