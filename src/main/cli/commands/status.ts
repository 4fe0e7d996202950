import { printJson } from '../cli-io.js';
import { jsonOption, noArgs, type CoreCommand } from '../command.js';
import { statusJson, table } from '../format.js';
import { exitCodes } from '../exit-codes.js';

export const statusCommand: CoreCommand = {
  name: 'status',
  synopsis: 'status [--json]',
  summary: 'keychain, cache backend, sync server, data directory',
  options: { json: jsonOption },
  completes: 'none',
  needsCore: true,
  async run(service, { args, values, io }) {
    noArgs('status', args);
    const status = await service.status();
    if (values['json']) printJson(io, statusJson(status));
    else
      io.stdout(
        `${table([
          ...(status.sessionOnly
            ? [['Mode', 'session only: credentials are kept until this signet exits, then forgotten']]
            : []),
          ['Data directory', status.dataDir],
          [
            'Keychain',
            `${status.keychain.available ? 'available' : 'UNAVAILABLE'}: ${status.keychain.detail}`,
          ],
          ['Token cache', status.cache === 'redis' ? 'sync server (Redis)' : 'local (SQLite)'],
          [
            'Sync server',
            status.syncServer.configured
              ? status.syncServer.connected
                ? 'connected'
                : 'unreachable'
              : 'not configured',
          ],
        ])}\n`,
      );
    return exitCodes.ok;
  },
};
