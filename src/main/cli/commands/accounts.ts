import { printJson } from '../cli-io.js';
import { jsonOption, noArgs, type CoreCommand } from '../command.js';
import { accountJson, describeExpiry, table } from '../format.js';
import { exitCodes } from '../exit-codes.js';

export const accountsCommand: CoreCommand = {
  name: 'accounts',
  synopsis: 'accounts [--json]',
  summary: 'accounts with status and access-token expiry',
  options: { json: jsonOption },
  completes: 'none',
  needsCore: true,
  async run(service, { args, values, io }) {
    noArgs('accounts', args);
    const accounts = await service.listAccounts();
    if (values['json']) printJson(io, accounts.map(accountJson));
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
  },
};
