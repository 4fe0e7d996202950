import { printJson } from '../cli-io.js';
import { jsonOption, noArgs, type CoreCommand } from '../command.js';
import { statusJson, table } from '../format.js';
import { exitCodes } from '../exit-codes.js';
import { askAgent } from '../agent-client.js';

export const statusCommand: CoreCommand = {
  name: 'status',
  synopsis: 'status [--json]',
  summary: 'keychain, cache backend, sync server, data directory',
  options: { json: jsonOption },
  completes: 'none',
  needsCore: true,
  async run(service, { args, values, io }) {
    noArgs('status', args);
    const [status, agent] = await Promise.all([service.status(), agentStatus(service.dataDir)]);
    if (values['json']) printJson(io, { ...statusJson(status), agent });
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
          ['Agent', agent.running ? `running (pid ${agent.pid})` : 'not running'],
        ])}\n`,
      );
    return exitCodes.ok;
  },
};

/** Whether an agent serves this data directory, as `signet token` would find it. */
async function agentStatus(dataDir: string): Promise<{ running: false } | { running: true; pid: number }> {
  const answer = await askAgent(dataDir, { op: 'status' }, { answerTimeoutMs: 2000 });
  return answer?.ok ? { running: true, pid: answer.value.pid } : { running: false };
}
