import { execFile } from 'node:child_process';
import { SignetError } from '../../../shared/errors.js';
import { UsageError, type CliIo } from '../cli-io.js';
import { noArgs, type CoreCommand } from '../command.js';
import { exitCodes } from '../exit-codes.js';
import { gitHostsOf } from '../git/git-hosts.js';

/**
 * Points git at `signet git-credential` for each GitHub host (or `--host`), in the person's
 * global git configuration: an empty helper first, so helpers configured elsewhere (a cache, a
 * store) do not answer before Signet, and `useHttpPath`, so owner and path rules can match.
 * @see https://git-scm.com/docs/gitcredentials#_configuration_options (read 2026-12-02)
 */
export const setupGitCommand: CoreCommand = {
  name: 'setup-git',
  synopsis: 'setup-git [--host <host>]',
  summary: 'tell git to ask Signet for GitHub credentials',
  options: {
    host: { type: 'string', description: 'the git host (default: every GitHub host)', value: 'host' },
  },
  completes: 'none',
  needsCore: true,
  async run(service, { args, values, io }) {
    noArgs('setup-git', args);
    const hosts = gitHostsOf(service.config);
    const wanted = values['host'];
    let origins: string[];
    if (typeof wanted === 'string') {
      const known = hosts.find((host) => host.host === wanted.toLowerCase());
      if (!known && !/^[a-z0-9.-]+(:\d+)?$/i.test(wanted)) {
        throw new UsageError(`--host takes a host name such as github.com, not "${wanted}".`);
      }
      origins = [known?.origin ?? `https://${wanted.toLowerCase()}`];
    } else origins = hosts.map((host) => host.origin);
    const helper = `!${helperCommand()} git-credential`;
    for (const origin of origins) {
      const key = `credential.${origin}`;
      await git(io, ['config', '--global', '--replace-all', `${key}.helper`, '']);
      await git(io, ['config', '--global', '--add', `${key}.helper`, helper]);
      await git(io, ['config', '--global', `${key}.useHttpPath`, 'true']);
      io.stdout(`git now asks Signet for ${origin} (${key}.helper)\n`);
    }
    return exitCodes.ok;
  },
};

/** How git should start this same `signet`: the Node and script running now, quoted for sh. */
function helperCommand(): string {
  const script = process.argv[1];
  const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
  return script ? `${quote(process.execPath)} ${quote(script)}` : 'signet';
}

function git(io: CliIo, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { env: { ...io.env } }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      reject(
        new SignetError(
          'internal',
          missing
            ? 'git is not installed or not on PATH.'
            : `git ${args.slice(0, 3).join(' ')} failed: ${stderr.trim().split('\n')[0] ?? ''}`,
        ),
      );
    });
  });
}
