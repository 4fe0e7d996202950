import { UsageError } from '../cli-io.js';
import { oneArg, type CoreCommand } from '../command.js';
import { exitCodes } from '../exit-codes.js';
import { selectAccount } from '../select-account.js';

export const tokenCommand: CoreCommand = {
  name: 'token',
  synopsis: 'token <account> [--min-validity <s>]',
  summary: 'print a valid access token, refreshing if needed',
  options: {
    'min-validity': { type: 'string', description: 'seconds the token must stay valid', value: 'seconds' },
  },
  completes: 'account',
  needsCore: true,
  async run(service, { args, values, io }) {
    const selector = oneArg('token', args, 'account');
    const minValiditySeconds = minValidity(values['min-validity']);
    const account = selectAccount(service.listAccountSummaries(), selector);
    const token = await service.getAccessToken(account.id, { minValiditySeconds });
    io.stdout(`${token.accessToken}\n`);
    return exitCodes.ok;
  },
};

/** `--min-validity`: whole seconds up to a day; 60 when not given. */
export function minValidity(raw: string | boolean | undefined): number {
  const seconds = raw === undefined ? 60 : Number(raw);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 86_400) {
    throw new UsageError('--min-validity takes whole seconds from 0 to 86400.');
  }
  return seconds;
}
