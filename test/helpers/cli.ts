import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import path from 'node:path';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const fakeBrowser = `${process.execPath} ${path.join(repoRoot, 'test', 'helpers', 'fake-browser.mjs')}`;

/** Runs `signet …` as a user would (node bin/signet.js), in its own process. */
export function runSignet(
  args: string[],
  env: Record<string, string | undefined>,
  timeoutMs = 60_000,
): Promise<CliResult> {
  return runSignetUnder([], args, env, timeoutMs);
}

/** Runs `signet …` under a wrapper command (`prlimit …`, `setpriv …`) that changes its conditions. */
export function runSignetUnder(
  wrapper: string[],
  args: string[],
  env: Record<string, string | undefined>,
  timeoutMs = 60_000,
): Promise<CliResult> {
  const command = [...wrapper, process.execPath, path.join(repoRoot, 'bin', 'signet.js'), ...args];
  return new Promise((resolve) => {
    execFile(
      command[0]!,
      command.slice(1),
      { env: { ...process.env, ...env }, timeout: timeoutMs, cwd: repoRoot },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/**
 * A `signet` runner that keeps every output for the end-of-file leak scan. What `signet token`
 * prints is the one secret the CLI may print: it is kept apart, as a known value to scan for.
 */
export function recordingSignet(defaultEnv: () => Record<string, string>) {
  const outputs: CliResult[] = [];
  const issued: string[] = [];
  const run = async (args: string[], env: Record<string, string> = defaultEnv()): Promise<CliResult> => {
    const result = await runSignet(args, env);
    if (args[0] !== 'token') outputs.push(result);
    else {
      if (result.code === 0) issued.push(result.stdout.trim());
      outputs.push({ ...result, stdout: '' });
    }
    return result;
  };
  return { run, outputs, issued };
}

/**
 * The environment of a `signet` that a test owns alone: its own data directory and keychain
 * service, the fake browser, and the provider settings given.
 */
export function isolatedCliEnv(home: string, providerEnv: Record<string, string>): Record<string, string> {
  return {
    ...providerEnv,
    SIGNET_HOME: home,
    SIGNET_KEYCHAIN_SERVICE: `signet-test-${randomUUID()}`,
    SIGNET_BROWSER: fakeBrowser,
  };
}
