import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './cli.js';

/** A `signet agent` running in its own process, as a person or systemd would start it. */
export interface AgentProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** What it wrote to stderr so far. */
  readonly stderr: () => string;
  /** Resolves with the exit code (or the signal's name) once it ends. */
  readonly exited: Promise<number | string>;
  /** SIGTERM, then waits for it to end. */
  stop(): Promise<number | string>;
}

/**
 * Starts `node bin/signet.js agent` with `env` and waits until it says it serves (or ends,
 * as a second agent on the same data directory does).
 */
export async function startAgentProcess(env: Record<string, string>): Promise<AgentProcess> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'signet.js'), 'agent'], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  await new Promise<void>((resolve) => {
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.includes('signet agent: serving')) resolve();
    });
    void exited.then(() => resolve());
  });
  return {
    child,
    pid: child.pid!,
    stderr: () => stderr,
    exited,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
