import { readFileSync } from 'node:fs';
import net from 'node:net';
import {
  agentMaxLineBytes,
  agentProtocolVersion,
  type AgentAnswer,
  type AgentStatusAnswer,
  type AgentTokenAnswer,
} from '../../shared/agent-protocol.js';
import { agentPaths } from '../core/lean.js';

export interface AskAgentOptions {
  /** How long to wait for the socket to accept (it is local: a live agent accepts at once). */
  connectTimeoutMs?: number;
  /** How long to wait for the answer; a refresh through the agent can take a provider's time. */
  answerTimeoutMs?: number;
}

type Ask = { op: 'token'; account: string; minValiditySeconds: number; scopes?: string[] } | { op: 'status' };

type AnswerOf<A extends Ask> = A extends { op: 'token' } ? AgentTokenAnswer : AgentStatusAnswer;

/**
 * Asks the data directory's agent one question over its socket. `undefined` means no agent
 * answered: none runs, it was killed mid-request, it did not answer in time, or its answer made
 * no sense. The caller then works without it. Loads nothing but `node:net` and `node:fs`.
 */
export function askAgent<A extends Ask>(
  dataDir: string,
  ask: A,
  options: AskAgentOptions = {},
): Promise<AgentAnswer<AnswerOf<A>> | undefined> {
  const paths = agentPaths(dataDir);
  let key: string;
  try {
    key = readFileSync(paths.key, 'utf8');
  } catch {
    // No key: no agent here, or one of another user whose files this user cannot read.
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const socket = net.connect(paths.socket);
    let received = '';
    let settled = false;
    const settle = (answer: AgentAnswer<AnswerOf<A>> | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    let timer = setTimeout(() => settle(undefined), options.connectTimeoutMs ?? 250);
    socket.setEncoding('utf8');
    socket.once('connect', () => {
      clearTimeout(timer);
      timer = setTimeout(() => settle(undefined), options.answerTimeoutMs ?? 15_000);
      socket.write(`${JSON.stringify({ v: agentProtocolVersion, id: 1, key, ...ask })}\n`);
    });
    socket.on('data', (chunk: string) => {
      received += chunk;
      const newline = received.indexOf('\n');
      if (newline >= 0) settle(parseAnswer(received.slice(0, newline)));
      else if (received.length > agentMaxLineBytes) settle(undefined);
    });
    socket.once('error', () => settle(undefined));
    socket.once('close', () => settle(undefined));
  });
}

function parseAnswer<T>(line: string): AgentAnswer<T> | undefined {
  try {
    const answer = JSON.parse(line) as AgentAnswer<T>;
    if (answer?.v !== agentProtocolVersion || answer.id !== 1 || typeof answer.ok !== 'boolean')
      return undefined;
    if (!answer.ok && (typeof answer.error?.code !== 'string' || typeof answer.error.message !== 'string')) {
      return undefined;
    }
    return answer;
  } catch {
    return undefined;
  }
}
