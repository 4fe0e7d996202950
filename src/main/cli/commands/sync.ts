import { UsageError } from '../cli-io.js';
import type { CoreCommand } from '../command.js';
import { exitCodes } from '../exit-codes.js';

/**
 * `signet sync pair` shows this machine's pairing code; `signet sync join <code>` takes another
 * machine's. Machines that share the code share fresh access tokens through the sync server, which
 * sees only sealed values under hashed names; each keeps its own refresh token.
 */
export const syncCommand: CoreCommand = {
  name: 'sync',
  synopsis: 'sync pair | sync join <code>',
  summary: "show this machine's pairing code, or join another machine's",
  options: {},
  completes: 'none',
  needsCore: true,
  async run(service, { args, io }) {
    const [action, ...rest] = args;
    if (action === 'pair' && rest.length === 0) {
      const code = await service.syncPairingCode();
      io.stderr(
        'Type this code on your other machine with: signet sync join <code>\nIt carries the key to your synced tokens: share it with no one else.\n\n',
      );
      io.stdout(`${code}\n`);
      return exitCodes.ok;
    }
    if (action === 'join' && rest.length > 0) {
      // A code may be typed with spaces between its groups: the rest of the line is the code.
      const fingerprint = await service.joinSync(rest.join(''));
      io.stdout(`Joined: this machine now shares the sync key ${fingerprint}.\n`);
      return exitCodes.ok;
    }
    throw new UsageError('sync takes "pair", or "join <code>".');
  },
};
