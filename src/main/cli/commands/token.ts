import { UsageError } from '../cli-io.js';
import { listOption, oneArg, type CoreCommand, type OptionValues } from '../command.js';
import { exitCodes } from '../exit-codes.js';
import { lacksScopes, scopeOption } from '../require-scopes.js';
import { selectAccount } from '../select-account.js';

export const tokenCommand: CoreCommand = {
  name: 'token',
  synopsis: 'token <account> [--min-validity <s>] [--scope <scope>…]',
  summary: 'print a valid access token, refreshing if needed',
  options: {
    'min-validity': { type: 'string', description: 'seconds the token must stay valid', value: 'seconds' },
    scope: scopeOption('a scope the account must hold (repeatable); exit 7 if it does not'),
  },
  completes: 'account',
  needsCore: true,
  async run(service, { args, values, io }) {
    const selector = oneArg('token', args, 'account');
    const minValiditySeconds = minValidity(values['min-validity']);
    const account = selectAccount(service.listAccountSummaries(), selector);
    if (lacksScopes(account, listOption(values, 'scope'), io)) return exitCodes.missingScope;
    const token = await service.getAccessToken(account.id, { minValiditySeconds });
    io.stdout(`${token.accessToken}\n`);
    return exitCodes.ok;
  },
};

/** `--min-validity`: whole seconds up to a day; 60 when not given. */
export function minValidity(raw: OptionValues[string]): number {
  const seconds = raw === undefined ? 60 : typeof raw === 'string' ? Number(raw) : NaN;
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 86_400) {
    throw new UsageError('--min-validity takes whole seconds from 0 to 86400.');
  }
  return seconds;
}
