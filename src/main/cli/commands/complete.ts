import { UsageError } from '../cli-io.js';
import { oneArg, type CoreCommand } from '../command.js';
import { exitCodes } from '../exit-codes.js';

/**
 * `signet __complete provider|account`: the words the completion scripts offer, one a line.
 * Reads only configuration and the accounts table (no keychain, no network), so it is quick.
 */
export const completeCommand: CoreCommand = {
  name: '__complete',
  synopsis: '__complete provider|account',
  summary: 'words for the shell completion scripts',
  options: {},
  completes: 'none',
  hidden: true,
  needsCore: true,
  async run(service, { args, io }) {
    const kind = oneArg('__complete', args, 'kind');
    let words: string[];
    if (kind === 'provider') words = service.listProviders().map((provider) => provider.id);
    else if (kind === 'account') {
      const accounts = service.listAccountSummaries();
      const count = (provider: string) => accounts.filter((account) => account.provider === provider).length;
      words = accounts.flatMap((account) => [
        ...(count(account.provider) === 1 ? [account.provider] : []),
        `${account.provider}:${account.login}`,
      ]);
    } else throw new UsageError('__complete takes provider or account.');
    io.stdout(words.length > 0 ? `${[...new Set(words)].join('\n')}\n` : '');
    return exitCodes.ok;
  },
};
