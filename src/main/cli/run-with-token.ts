import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { CachedAccessToken, SignetConfig } from '../core/index.js';
import { gitHostsOf } from './git/git-hosts.js';
import type { SelectableAccount } from './select-account.js';

/**
 * The variables a command run by `signet exec` (or `login -- …`) receives: `SIGNET_TOKEN`
 * always, and what the provider's own tools read. Only the child gets them; Signet's own
 * environment and output never hold the token.
 */
export function tokenEnvironment(
  account: Pick<SelectableAccount, 'provider'>,
  token: CachedAccessToken,
  config: SignetConfig,
): Record<string, string> {
  const env: Record<string, string> = { SIGNET_TOKEN: token.accessToken };
  const githubHost = gitHostsOf(config).find((host) => host.provider === account.provider);
  if (githubHost) {
    // gh reads GH_TOKEN for github.com and GH_ENTERPRISE_TOKEN for an Enterprise Server, and
    // GH_HOST says which host a command targets.
    // https://cli.github.com/manual/gh_help_environment (read 2026-12-02)
    const host = githubHost.host;
    env['GH_TOKEN'] = token.accessToken;
    env['GH_HOST'] = host;
    if (host !== 'github.com') env['GH_ENTERPRISE_TOKEN'] = token.accessToken;
  } else if (account.provider === 'google') {
    // Terraform's Google provider takes a bare access token here.
    // https://registry.terraform.io/providers/hashicorp/google/latest/docs/guides/provider_reference#access_token (read 2026-12-02)
    env['GOOGLE_OAUTH_ACCESS_TOKEN'] = token.accessToken;
  }
  return env;
}

/**
 * Runs a command with the terminal's stdin, stdout and stderr and the given extra variables, and
 * answers its exit code, as a shell would: 128 + the signal when a signal ended it, 127 when it
 * was not found, 126 when it could not be run. Ctrl+C reaches the child through the terminal;
 * a SIGTERM or SIGHUP sent to Signet alone is passed on.
 */
export function runChild(
  command: string[],
  baseEnv: Record<string, string | undefined>,
  extra: Record<string, string>,
  onFailure: (line: string) => void,
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), {
      stdio: 'inherit',
      env: { ...baseEnv, ...extra },
    });
    const pass = (signal: NodeJS.Signals) => () => child.kill(signal);
    const handlers: [NodeJS.Signals, () => void][] = [
      ['SIGINT', () => undefined],
      ['SIGTERM', pass('SIGTERM')],
      ['SIGHUP', pass('SIGHUP')],
    ];
    for (const [signal, handler] of handlers) process.on(signal, handler);
    const done = (code: number) => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      resolve(code);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      const notFound = error.code === 'ENOENT';
      onFailure(`${command[0]}: ${notFound ? 'command not found' : 'cannot run it'}`);
      done(notFound ? 127 : 126);
    });
    child.on('exit', (code, signal) => {
      if (signal) done(128 + (constants.signals[signal] ?? 0));
      else done(code ?? 1);
    });
  });
}
