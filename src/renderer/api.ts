/**
 * The window's only door to the main process: a typed wrapper over `window.signet` that turns
 * `Result`s into values or thrown `SignetCallError`s. It reads `window.signet` on every call, so a
 * test can install a fake before rendering.
 */
import { channelNames, functionName } from '../shared/channels';
import type { EventMap, EventName, Result, SignetApi } from '../shared/contract';

/** What a failed call throws: the `{ code, message }` the main process answered. */
export class SignetCallError extends Error {
  override readonly name = 'SignetCallError';
  readonly code: string;

  constructor(info: { code: string; message: string }) {
    super(info.message);
    this.code = info.code;
  }
}

export interface ErrorDetails {
  code: string;
  message: string;
}

/** Any thrown value as `{ code, message }`; unexpected throws become `internal`. */
export function toErrorDetails(error: unknown): ErrorDetails {
  if (error instanceof SignetCallError) return { code: error.code, message: error.message };
  return { code: 'internal', message: 'Signet did not answer as expected.' };
}

function bridge(): SignetApi {
  // The type says it is always there; a window opened without the preload proves otherwise.
  const signet = (window as Partial<Window>).signet;
  if (!signet) {
    throw new SignetCallError({ code: 'internal', message: 'This window is not connected to Signet.' });
  }
  return signet;
}

async function unwrap<T>(call: (signet: SignetApi) => Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call(bridge());
  } catch (error) {
    throw error instanceof SignetCallError
      ? error
      : new SignetCallError({ code: 'internal', message: 'Signet did not answer.' });
  }
  if (result.ok) return result.value;
  throw new SignetCallError(result.error);
}

type Calls = Omit<SignetApi, 'on'>;
type CallName = keyof Calls;

/** A `window.signet` function as the window calls it: the same input, the value or a throw. */
type Unwrapped<F> = F extends (...input: infer I) => Promise<Result<infer T>>
  ? (...input: I) => Promise<T>
  : never;

/** `window.signet` with its `Result`s unwrapped: one function per contract channel, plus `on`. */
export type Api = { readonly [N in CallName]: Unwrapped<Calls[N]> } & Pick<SignetApi, 'on'>;

function unwrapped(name: CallName): (input?: unknown) => Promise<unknown> {
  // Each name indexes a different function type; one cast here instead of one wrapper per channel.
  return (input) =>
    unwrap((signet) => (signet[name] as (input?: unknown) => Promise<Result<unknown>>)(input));
}

export const api = Object.freeze({
  // Built from the channel list itself, so a new channel reaches the window with no edit here.
  ...Object.fromEntries(
    channelNames.map((channel) => [functionName(channel), unwrapped(functionName(channel))]),
  ),

  /** Subscribes to a pushed event; returns the unsubscribe. Without a bridge there is nothing to hear. */
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
    const signet = (window as Partial<Window>).signet;
    return signet ? signet.on(event, listener) : () => {};
  },
}) as Api;
