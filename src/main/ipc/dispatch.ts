import { contract, type ChannelName, type Result } from '../../shared/contract.js';
import { SignetError } from '../../shared/errors.js';
import { toSignetError } from '../core/index.js';
import type { Handlers } from './ipc-handlers.js';

/**
 * Parses an untrusted IPC input with the channel's schema, runs the handler, and answers
 * `{ ok, value } | { ok: false, error: { code, message } }`: never a stack, never a secret.
 */
export async function dispatch(
  handlers: Handlers,
  channel: string,
  input: unknown,
): Promise<Result<unknown>> {
  if (!Object.hasOwn(contract, channel)) {
    return { ok: false, error: { code: 'invalid-input', message: 'Unknown request.' } };
  }
  const name = channel as ChannelName;
  const parsed = contract[name].input.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at "${issue.path.join('.')}"` : '';
    return { ok: false, error: { code: 'invalid-input', message: `Invalid request${where}.` } };
  }
  try {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    const failure = error instanceof SignetError ? error : toSignetError(error);
    return { ok: false, error: failure.toInfo() };
  }
}
