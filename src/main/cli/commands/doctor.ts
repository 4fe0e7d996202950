import {
  createCore,
  resolveDataDir,
  silentLogger,
  toSignetError,
  type AccountService,
} from '../../core/index.js';
import { printJson, type CliIo } from '../cli-io.js';
import { jsonOption, noArgs, type PlainCommand } from '../command.js';
import { checkDataDir } from '../doctor/data-dir-check.js';
import type { Finding } from '../doctor/finding.js';
import { checkSecretService } from '../doctor/secret-service-checks.js';
import { exitCodes } from '../exit-codes.js';

/**
 * What stands between the person and a working keychain and sync server, each with its fix.
 * It builds the core itself, because a core that cannot start (bad configuration, a data
 * directory it cannot write) is one of the things it reports.
 */
export const doctorCommand: PlainCommand = {
  name: 'doctor',
  synopsis: 'doctor [--json]',
  summary: 'find what keeps the keychain, data directory or sync server from working, and the fix',
  options: { json: jsonOption },
  completes: 'none',
  needsCore: false,
  async run({ args, values, io }) {
    noArgs('doctor', args);
    const findings = await diagnose(io);
    if (values['json']) {
      printJson(io, { ok: !findings.some((f) => f.severity === 'error'), findings });
    } else if (findings.length === 0)
      io.stdout('No problems found: the keychain, data directory and sync server work.\n');
    else {
      for (const finding of findings) {
        io.stdout(
          `${finding.severity.toUpperCase()} ${finding.code}: ${finding.message}\n  Fix: ${finding.fix}\n`,
        );
      }
    }
    return findings.some((f) => f.severity === 'error') ? exitCodes.failed : exitCodes.ok;
  },
};

async function diagnose(io: CliIo): Promise<Finding[]> {
  const findings: Finding[] = [];
  let service: AccountService | undefined;
  try {
    const dataDir = resolveDataDir(io.env);
    const dataDirFinding = checkDataDir(dataDir);
    if (dataDirFinding) findings.push(dataDirFinding);
    try {
      service = await createCore({ env: io.env, logger: silentLogger });
    } catch (error) {
      const failure = toSignetError(error);
      if (failure.code === 'config-invalid') {
        findings.push({
          code: 'config-invalid',
          severity: 'error',
          message: failure.message,
          fix: `Correct the setting it names (in the environment or ${dataDir}/config.json); the README lists every setting.`,
        });
      } else if (!dataDirFinding) {
        findings.push({
          code: 'database-unavailable',
          severity: 'error',
          message: failure.message,
          fix: 'Check the disk has space and the data directory is yours; if another signet or the app holds it locked, close them and try again.',
        });
      }
    }
    const sessionOnly = service?.sessionOnly ?? io.env['SIGNET_SECRET_STORE'] === 'memory';
    if (sessionOnly) {
      findings.push({
        code: 'session-only',
        severity: 'info',
        message:
          'Session-only mode: credentials are kept for the life of each signet process and never saved.',
        fix: 'Nothing to fix if you chose it. To keep accounts, unset SIGNET_SECRET_STORE (and "secretStore" in config.json) once a keychain works.',
      });
    } else {
      const secretService =
        process.platform === 'linux' ? await checkSecretService(io.env) : { findings: [], tryKeychain: true };
      findings.push(...secretService.findings);
      if (secretService.tryKeychain && service) {
        const keychain = await service.keychainAvailability(0);
        if (!keychain.available) {
          findings.push({
            code: 'keychain-unavailable',
            severity: 'error',
            message: keychain.detail,
            fix: 'Make sure your keychain app is running and unlocked, then try again; on Linux, gnome-keyring or KeePassXC must provide the Secret Service.',
          });
        }
      }
    }
    if (service) findings.push(...(await serviceFindings(service)));
  } finally {
    await service?.close().catch(() => undefined);
  }
  return findings;
}

async function serviceFindings(service: AccountService): Promise<Finding[]> {
  const findings: Finding[] = [];
  const providers = service.listProviders();
  if (!providers.some((provider) => provider.configured)) {
    const needs = providers.map((provider) => `${provider.name}: ${provider.missing.join(', ')}`).join('; ');
    findings.push({
      code: 'no-provider-configured',
      severity: 'warning',
      message: 'No provider is configured, so there is nothing to sign in to yet.',
      fix: `Register an OAuth app and set its variables (README, "Register your own OAuth apps") — ${needs}.`,
    });
  }
  const status = await service.status();
  if (status.syncServer.configured && !status.syncServer.connected) {
    const url = service.settings().syncServerUrl ?? 'the sync server';
    findings.push({
      code: 'sync-server-unreachable',
      severity: 'warning',
      message: `The sync server (${url}) does not answer; tokens are kept locally until it does.`,
      fix: 'Check that the server runs and this machine can reach it (host, port, TLS, password); change or clear it in Settings or SIGNET_REDIS_URL.',
    });
  }
  if (status.syncServer.connected && !status.syncServer.paired) {
    findings.push({
      code: 'sync-server-not-paired',
      severity: 'info',
      message:
        'This machine holds no sync key yet, so it shares nothing with your other machines on the sync server.',
      fix: 'On a machine already using the server run `signet sync pair`, then here `signet sync join <code>`.',
    });
  }
  return findings;
}
