import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { SignetError } from '../../../shared/errors.js';

/** A held lock: released when the agent stops. */
export interface AgentLock {
  release(): void;
}

/**
 * Takes the one-agent-per-data-directory lock: a file created exclusively holding this pid. A
 * lock whose pid no longer runs is stale (the agent was killed) and is taken over; a live one
 * means another agent serves this data directory, and starting a second is refused.
 */
export function takeAgentLock(lockPath: string, pid = process.pid): AgentLock {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, `${pid}\n`);
      closeSync(fd);
      return {
        release: () => {
          if (readPid(lockPath) === pid) rmSync(lockPath, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readPid(lockPath);
      if (holder !== undefined && isRunning(holder)) {
        throw new SignetError('forbidden', `An agent already serves this data directory (pid ${holder}).`);
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new SignetError('forbidden', 'Another agent is starting on this data directory.');
}

/** The pid in a lock file, if it holds one. */
export function readPid(lockPath: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the pid runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
