import type { ErrorInfo } from './errors.js';

/**
 * The agent's wire protocol, version 1: one JSON object per line each way over the agent's local
 * socket. A client sends a request and reads the answer with the same `id`; a connection may carry
 * many. Plain data only, so the lean client that speaks it loads nothing else.
 * @see docs/ARCHITECTURE.md §6
 */
export const agentProtocolVersion = 1;

/** The longest line either side accepts; a request is far shorter. */
export const agentMaxLineBytes = 64 * 1024;

/** Every request names the version and proves the peer may read this user's files (`key`). */
interface RequestBase {
  v: typeof agentProtocolVersion;
  id: number;
  /** The agent's peer key, read by the client from the agent's 0600 file: see SECURITY.md. */
  key: string;
}

/** `signet token <account>`: the account selector as given, and how long the token must last. */
export interface AgentTokenRequest extends RequestBase {
  op: 'token';
  account: string;
  minValiditySeconds: number;
  /** Scopes the token must carry; an agent that cannot check them answers `unsupported`. */
  scopes?: string[];
}

/** What `signet status` shows of the agent. */
export interface AgentStatusRequest extends RequestBase {
  op: 'status';
}

export type AgentRequest = AgentTokenRequest | AgentStatusRequest;

export interface AgentTokenAnswer {
  token: string;
  tokenType: string;
  /** ISO 8601, or null for a token that does not expire. */
  expiresAt: string | null;
}

export interface AgentStatusAnswer {
  pid: number;
  dataDir: string;
  startedAt: string;
  /** Whether the agent refreshes tokens ahead of expiry itself (a standalone agent does). */
  refreshesAhead: boolean;
}

/** An error the agent itself raises: the client falls back to the direct path on these. */
export const agentOwnErrors = ['agent-refused', 'agent-unsupported', 'agent-bad-request'] as const;
export type AgentOwnError = (typeof agentOwnErrors)[number];

export type AgentError = ErrorInfo | { code: AgentOwnError; message: string };

export type AgentAnswer<T> =
  | { v: typeof agentProtocolVersion; id: number; ok: true; value: T }
  | { v: typeof agentProtocolVersion; id: number; ok: false; error: AgentError };

/** Whether an error came from the agent's own checks (then the client works without it). */
export function isAgentOwnError(error: AgentError): error is { code: AgentOwnError; message: string } {
  return (agentOwnErrors as readonly string[]).includes(error.code);
}
