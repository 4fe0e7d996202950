/**
 * The main-process end of the IPC contract, and the only file that touches `ipcMain`: every
 * channel of the contract gets one handler that checks the sender, then parses and dispatches.
 * @see docs/ARCHITECTURE.md §5
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import {
  channelNames,
  eventChannel,
  eventNames,
  type EventMap,
  type EventName,
  type Result,
} from '../../shared/contract.js';
import { dispatch } from '../ipc/dispatch.js';
import type { Handlers } from '../ipc/ipc-handlers.js';

/** The parts of Electron's `ipcMain` that `registerIpc` uses. */
export interface IpcMainLike<E> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** Decides whether an invocation's sender may be answered. */
export type SenderCheck<E> = (event: E) => boolean;

const forbidden: Result<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'This request did not come from the Signet window.' },
};

/**
 * Registers exactly the contract's channels. An untrusted sender is answered `forbidden` before
 * its input is even parsed; a trusted one goes through `dispatch` (zod parsing, error shaping).
 * Only the first argument is read: extra arguments are ignored rather than handed on.
 * @returns a disposer that removes every handler
 */
export function registerIpc<E>(
  target: IpcMainLike<E>,
  handlers: Handlers,
  isTrusted: SenderCheck<E>,
): () => void {
  for (const channel of channelNames) {
    target.handle(channel, (event: E, input?: unknown) =>
      isTrusted(event) ? dispatch(handlers, channel, input) : forbidden,
    );
  }
  return () => {
    for (const channel of channelNames) target.removeHandler(channel);
  };
}

/** `registerIpc` on Electron's own `ipcMain`. */
export function registerMainIpc(handlers: Handlers, isTrusted: SenderCheck<IpcMainInvokeEvent>): () => void {
  return registerIpc(ipcMain, handlers, isTrusted);
}

/** Anything that emits the contract's events (the `AccountService`). */
export interface EventSource {
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}

/** The parts of `WebContents` that receive events. */
export interface EventTarget {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

/**
 * Pushes every contract event to a window's web contents on `eventChannel(name)`.
 * @returns a disposer that unsubscribes from the source
 */
export function forwardEvents(source: EventSource, contents: EventTarget): () => void {
  const unsubscribes = eventNames.map((name) =>
    source.on(name, (payload) => {
      // A window closing races with events still in flight; a destroyed one gets nothing.
      if (!contents.isDestroyed()) contents.send(eventChannel(name), payload);
    }),
  );
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
