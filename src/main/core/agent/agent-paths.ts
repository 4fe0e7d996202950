import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

/** Where one data directory's agent keeps its socket, peer key and lock. */
export interface AgentPaths {
  /** `<data dir>/agent`, mode 0700: only this user may reach what is inside. */
  dir: string;
  /** The Unix domain socket (mode 0600), or a named pipe on Windows. */
  socket: string;
  /** The peer key a client must present (mode 0600): see SECURITY.md. */
  key: string;
  /** Holds the running agent's pid: one agent per data directory. */
  lock: string;
}

/**
 * The longest socket path used as is: `sun_path` holds 108 bytes on Linux and 104 on macOS,
 * the terminating NUL included.
 */
const maxSocketPath = 100;

/**
 * The agent's files for a data directory. Both the agent and the lean client compute them, so
 * this module imports nothing but Node. A data directory so deep that its socket path would not
 * fit `sun_path` gets its socket in a per-user folder of the runtime directory instead, named by a
 * hash of the data directory.
 */
export function agentPaths(dataDir: string, platform: NodeJS.Platform = process.platform): AgentPaths {
  const dir = path.join(dataDir, 'agent');
  const hash = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16);
  let socket = path.join(dir, 'sock');
  if (platform === 'win32') socket = `\\\\.\\pipe\\signet-${os.userInfo().username}-${hash}`;
  else if (Buffer.byteLength(socket) > maxSocketPath) {
    const runtime = process.env['XDG_RUNTIME_DIR'] || path.join(os.tmpdir(), `signet-${os.userInfo().uid}`);
    socket = path.join(runtime, `signet-agent-${hash}.sock`);
  }
  return { dir, socket, key: path.join(dir, 'key'), lock: path.join(dir, 'lock') };
}
