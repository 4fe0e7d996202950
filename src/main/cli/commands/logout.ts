import { oneArg, type CoreCommand } from '../command.js';
import { exitCodes } from '../exit-codes.js';
import { selectAccount } from '../select-account.js';

export const logoutCommand: CoreCommand = {
  name: 'logout',
  synopsis: 'logout <account>',
  summary: 'revoke where possible, forget locally',
  options: {},
  completes: 'account',
  needsCore: true,
  async run(service, { args, io }) {
    const account = selectAccount(service.listAccountSummaries(), oneArg('logout', args, 'account'));
    const { revoked } = await service.signOut(account.id);
    io.stdout(
      `Signed out of ${account.provider}:${account.login}${revoked ? ' (access revoked at the provider)' : ' (forgotten locally; the provider was not asked to revoke)'}.\n`,
    );
    return exitCodes.ok;
  },
};
