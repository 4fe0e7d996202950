import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { agentUnit, createCore, resolveDataDir, startAgent } from '../../core/index.js';
import { noArgs, type PlainCommand } from '../command.js';
import { exitCodes } from '../exit-codes.js';

/**
 * `signet agent`: runs the agent on this data directory until SIGINT or SIGTERM, so `signet
 * token` answers from its memory and tokens are refreshed ahead of expiry with no one asking.
 * `--install` writes a systemd user unit (Linux) or a launchd agent (macOS) that runs it at login.
 */
export const agentCommand: PlainCommand = {
  name: 'agent',
  synopsis: 'agent [--install]',
  summary: 'keep tokens fresh and answer signet token over a local socket',
  options: {
    install: { type: 'boolean', description: 'write a systemd user unit (Linux) or launchd agent (macOS)' },
  },
  completes: 'none',
  needsCore: false,
  async run({ args, values, io }) {
    noArgs('agent', args);
    if (values['install']) return install(io);
    const service = await createCore({ env: io.env });
    try {
      const tickMs = Number(io.env['SIGNET_AGENT_TICK_MS']);
      const agent = await startAgent({
        service,
        dataDir: service.dataDir,
        logger: service.logger,
        refreshAhead: Number.isInteger(tickMs) && tickMs > 0 ? { tickMs } : {},
      });
      io.stderr(`signet agent: serving ${service.dataDir} on ${agent.socketPath} (pid ${process.pid})\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await agent.close();
      return exitCodes.ok;
    } finally {
      await service.close();
    }
  },
};

function install(io: Parameters<PlainCommand['run']>[0]['io']): number {
  const dataDir = io.env['SIGNET_HOME'] ? resolveDataDir(io.env) : undefined;
  const entry = process.argv[1] ? path.resolve(process.argv[1]) : fileURLToPath(import.meta.url);
  const unit = agentUnit({
    command: [process.execPath, entry],
    ...(dataDir ? { dataDir } : {}),
    env: io.env,
  });
  if (!unit) {
    io.stderr('signet: signet agent --install writes a systemd or launchd unit; this system has neither.\n');
    return exitCodes.failed;
  }
  mkdirSync(path.dirname(unit.path), { recursive: true });
  writeFileSync(unit.path, unit.content);
  io.stdout(`Wrote ${unit.path}\nStart it now and at every login with:\n  ${unit.enable}\n`);
  return exitCodes.ok;
}
