import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import {
  agentMaxLineBytes,
  agentProtocolVersion,
  type AgentAnswer,
  type AgentError,
  type AgentStatusAnswer,
  type AgentTokenAnswer,
} from '../../../shared/agent-protocol.js';
import { isSignetError } from '../../../shared/errors.js';
import { selectAccount, type SelectableAccount } from '../../../shared/select-account.js';
import type { CachedAccessToken } from '../cache/access-token-cache.js';
import { toSignetError } from '../errors/translate-error.js';
import type { Logger } from '../logging/logger.js';
import {
  RefreshScheduler,
  type RefreshSchedulerOptions,
  type RefreshTarget,
} from '../refresh/refresh-scheduler.js';
import { takeAgentLock, type AgentLock } from './agent-lock.js';
import { agentPaths } from './agent-paths.js';
import { peerKeyMatches, writePeerKey } from './peer-key.js';

/** What the agent serves from. The facade (`AccountService`) is one. */
export interface AgentTarget extends RefreshTarget {
  listAccountSummaries(): SelectableAccount[];
  getAccessToken(accountId: string, options: { minValiditySeconds?: number }): Promise<CachedAccessToken>;
  /** Changes when another process wrote the database: the agent then reads the accounts again. */
  storageVersion(): number;
  on(event: 'accounts-changed', listener: (payload: unknown) => void): () => void;
}

export interface AgentOptions {
  service: AgentTarget;
  /** The data directory the service was built on: the socket lives in it. */
  dataDir: string;
  logger: Logger;
  /**
   * Refresh tokens ahead of expiry (at start, on the clock, after a wake) with these options, or
   * `false` where the caller already runs a `RefreshScheduler` over the same service (the app).
   */
  refreshAhead?: RefreshSchedulerOptions | false;
}

/** A running agent. */
export interface RunningAgent {
  readonly socketPath: string;
  /** The scheduler refreshing ahead of expiry, when the agent runs one (for resume and online). */
  readonly scheduler: RefreshScheduler | undefined;
  /** Stops listening, ends open connections, removes the socket and key and releases the lock. */
  close(): Promise<void>;
}

/** How long an idle connection stays open. */
const idleMs = 30_000;

/**
 * Starts the agent on a data directory: a local socket (mode 0600 in a 0700 folder) answering
 * token requests from the service's memory, and, unless told otherwise, the refresh schedule.
 * Only one agent runs per data directory: a second start is refused with `forbidden`; the socket
 * of an agent that was killed is removed and taken over.
 * @see docs/ARCHITECTURE.md §6 (the agent)
 */
export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  const { service, logger } = options;
  const paths = agentPaths(options.dataDir);
  mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') chmodSync(paths.dir, 0o700);
  const lock = takeAgentLock(paths.lock);
  try {
    // The lock is ours, so a socket left here belongs to an agent that no longer runs.
    if (process.platform !== 'win32') rmSync(paths.socket, { force: true });
    const key = writePeerKey(paths.key);
    const requests = new AgentRequests(service, key, options.dataDir, options.refreshAhead !== false);
    const server = await listen(paths.socket, (socket) => serveConnection(socket, requests, logger));
    const scheduler =
      options.refreshAhead === false
        ? undefined
        : new RefreshScheduler(service, logger, options.refreshAhead);
    void scheduler?.start();
    logger.info('agent listening', { socket: paths.socket });
    return {
      socketPath: paths.socket,
      scheduler,
      close: () => stop(server, requests, scheduler, lock, paths),
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

function listen(socketPath: string, onConnection: (socket: net.Socket) => void): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer(onConnection);
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      try {
        if (process.platform !== 'win32') chmodSync(socketPath, 0o600);
      } catch (error) {
        server.close();
        reject(error);
        return;
      }
      resolve(server);
    });
  });
}

async function stop(
  server: net.Server,
  requests: AgentRequests,
  scheduler: RefreshScheduler | undefined,
  lock: AgentLock,
  paths: ReturnType<typeof agentPaths>,
): Promise<void> {
  scheduler?.stop();
  requests.close();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const socket of requests.sockets) socket.destroy();
  await closed;
  rmSync(paths.key, { force: true });
  if (process.platform !== 'win32') rmSync(paths.socket, { force: true });
  lock.release();
}

/** Reads newline-delimited requests from one connection and writes each answer as it is ready. */
function serveConnection(socket: net.Socket, requests: AgentRequests, logger: Logger): void {
  requests.sockets.add(socket);
  socket.setEncoding('utf8');
  socket.setTimeout(idleMs, () => socket.destroy());
  let buffered = '';
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      void requests.answer(line).then((answer) => {
        if (!socket.destroyed) socket.write(`${JSON.stringify(answer)}\n`);
      });
    }
    if (Buffer.byteLength(buffered) > agentMaxLineBytes) {
      logger.warn('agent: a request longer than the protocol allows; connection closed');
      socket.destroy();
    }
  });
  socket.on('error', () => socket.destroy());
  socket.on('close', () => requests.sockets.delete(socket));
}

/** Answers requests: checks version and peer key, chooses the account, serves its token. */
class AgentRequests {
  readonly sockets = new Set<net.Socket>();
  private summaries: SelectableAccount[] | undefined;
  private version = -1;
  private readonly startedAt = new Date().toISOString();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly service: AgentTarget,
    private readonly key: string,
    private readonly dataDir: string,
    private readonly refreshesAhead: boolean,
  ) {
    // A sign-in or sign-out in this process does not change the database's version for this
    // connection; its event does.
    this.unsubscribe = service.on('accounts-changed', () => (this.summaries = undefined));
  }

  close(): void {
    this.unsubscribe();
  }

  async answer(line: string): Promise<AgentAnswer<unknown>> {
    let request: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new TypeError();
      request = parsed as Record<string, unknown>;
    } catch {
      return failure(0, { code: 'agent-bad-request', message: 'The request is not a JSON object.' });
    }
    const id = typeof request['id'] === 'number' ? request['id'] : 0;
    if (request['v'] !== agentProtocolVersion) {
      return failure(id, {
        code: 'agent-unsupported',
        message: `This agent speaks protocol version ${agentProtocolVersion}.`,
      });
    }
    if (!peerKeyMatches(this.key, request['key'])) {
      return failure(id, { code: 'agent-refused', message: 'The peer could not show it is this user.' });
    }
    try {
      if (request['op'] === 'status') return success(id, this.status());
      if (request['op'] === 'token') return success(id, await this.token(request));
      return failure(id, { code: 'agent-unsupported', message: 'Unknown operation.' });
    } catch (error) {
      if (error instanceof AgentBadRequest) {
        return failure(id, {
          code: 'agent-bad-request',
          message: 'A token request names an account and a validity.',
        });
      }
      if (error instanceof AgentUnsupported) {
        return failure(id, { code: 'agent-unsupported', message: 'This agent does not check scopes.' });
      }
      return failure(id, (isSignetError(error) ? error : toSignetError(error)).toInfo());
    }
  }

  private status(): AgentStatusAnswer {
    return {
      pid: process.pid,
      dataDir: this.dataDir,
      startedAt: this.startedAt,
      refreshesAhead: this.refreshesAhead,
    };
  }

  private async token(request: Record<string, unknown>): Promise<AgentTokenAnswer> {
    const { account, minValiditySeconds, scopes } = request;
    if (typeof account !== 'string' || typeof minValiditySeconds !== 'number') {
      throw new AgentBadRequest();
    }
    if (Array.isArray(scopes) && scopes.length > 0) throw new AgentUnsupported();
    const chosen = selectAccount(this.accounts(), account);
    const token = await this.service.getAccessToken(chosen.id, { minValiditySeconds });
    return {
      token: token.accessToken,
      tokenType: token.tokenType,
      expiresAt: token.expiresAt?.toISOString() ?? null,
    };
  }

  /** The accounts, read again only when the database changed since (one pragma, no table read). */
  private accounts(): SelectableAccount[] {
    const version = this.service.storageVersion();
    if (this.summaries === undefined || version !== this.version) {
      this.summaries = this.service.listAccountSummaries();
      this.version = version;
    }
    return this.summaries;
  }
}

class AgentBadRequest extends Error {}
class AgentUnsupported extends Error {}

function success<T>(id: number, value: T): AgentAnswer<T> {
  return { v: agentProtocolVersion, id, ok: true, value };
}

function failure(id: number, error: AgentError): AgentAnswer<never> {
  return { v: agentProtocolVersion, id, ok: false, error };
}
