import { UsageError } from '../cli-io.js';
import { oneArg, type CoreCommand } from '../command.js';
import { runChild, tokenEnvironment } from '../run-with-token.js';
import { selectAccount } from '../select-account.js';
import { minValidity } from './token.js';

export const execCommand: CoreCommand = {
  name: 'exec',
  synopsis: 'exec <account> [--min-validity <s>] -- <command …>',
  summary: "run a command with the account's fresh token in its environment; exits as it does",
  options: {
    'min-validity': {
      type: 'string',
      description: 'seconds the token must stay valid (default 300)',
      value: 'seconds',
    },
  },
  completes: 'account',
  takesCommand: true,
  needsCore: true,
  async run(service, { args, values, rest, io }) {
    const selector = oneArg('exec', args, 'account');
    if (!rest || rest.length === 0) throw new UsageError('exec takes a command after --.');
    const minValiditySeconds =
      values['min-validity'] === undefined ? 300 : minValidity(values['min-validity']);
    const account = selectAccount(service.listAccountSummaries(), selector);
    const token = await service.getAccessToken(account.id, { minValiditySeconds });
    const extra = tokenEnvironment(account, token, service.config);
    // The child may run for hours: nothing of the core stays open while it does.
    await service.close();
    return runChild(rest, io.env, extra, (line) => io.stderr(`signet: ${line}\n`));
  },
};
