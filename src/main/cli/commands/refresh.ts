import { UsageError } from '../cli-io.js';
import { oneArg, type CoreCommand } from '../command.js';
import { accountLine, describeExpiry } from '../format.js';
import { exitCodes } from '../exit-codes.js';
import { selectAccount } from '../select-account.js';

export const refreshCommand: CoreCommand = {
  name: 'refresh',
  synopsis: 'refresh [<account> | --all]',
  summary: 'refresh now',
  options: { all: { type: 'boolean', description: 'refresh every account' } },
  completes: 'account',
  needsCore: true,
  async run(service, { args, values, io }) {
    if (values['all'] || args.length === 0) {
      if (args.length > 0) throw new UsageError('refresh takes an account or --all, not both.');
      const summary = await service.refreshAll({ force: true });
      io.stdout(`Refreshed ${summary.refreshed}, failed ${summary.failed}.\n`);
      return summary.failed > 0 ? exitCodes.failed : exitCodes.ok;
    }
    const account = selectAccount(service.listAccountSummaries(), oneArg('refresh', args, 'account'));
    const view = await service.refresh(account.id);
    io.stdout(`Refreshed ${accountLine(view)}: ${describeExpiry(view.accessTokenExpiresAt)}\n`);
    return exitCodes.ok;
  },
};
