import { printJson } from '../cli-io.js';
import { jsonOption, noArgs, type CoreCommand } from '../command.js';
import { providerJson, table } from '../format.js';
import { exitCodes } from '../exit-codes.js';

export const providersCommand: CoreCommand = {
  name: 'providers',
  synopsis: 'providers [--json]',
  summary: 'providers, whether each is configured, and their sign-in methods',
  options: { json: jsonOption },
  completes: 'none',
  needsCore: true,
  async run(service, { args, values, io }) {
    noArgs('providers', args);
    const providers = service.listProviders();
    if (values['json']) printJson(io, providers.map(providerJson));
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
  },
};
