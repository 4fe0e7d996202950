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
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(repoRoot, 'bin', 'signet.js'), ...args],
      { env: { ...process.env, ...env }, timeout: timeoutMs, cwd: repoRoot },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
