import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { expect } from 'vitest';
import { errorLines, stackLine } from './cli-output.js';

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

/**
 * A failed `signet` run as the CLI promises one: exit `code`, nothing on stdout, and on stderr one
 * line (`line`, exactly or by pattern) without a stack trace.
 */
export function expectFailure(result: CliResult, code: number, line: string | RegExp): void {
  const expected: unknown = typeof line === 'string' ? line : expect.stringMatching(line);
  expect(result.stdout).toBe('');
  expect(result.stderr).not.toMatch(stackLine);
  // Soft: a failure that printed more than its one line still has the rest checked.
  expect.soft(errorLines(result.stderr), 'stderr is one line').toEqual([expected]);
  expect(errorLines(result.stderr).find((text) => text.startsWith('signet: '))).toEqual(expected);
  expect(result.code).toBe(code);
}
