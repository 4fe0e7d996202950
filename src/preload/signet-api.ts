/**
 * `window.signet` built over an `ipcRenderer`: one function per contract channel plus `on` for
 * the contract's events. Never `ipcRenderer` itself, never a generic `invoke` or `send`, and never
 * the IPC event object (its `sender` is `ipcRenderer`). Kept apart from the Electron import so the
 * window tests in Chromium install this same code over their own IPC.
 * @see docs/ARCHITECTURE.md §5
 */
import {
  channelNames,
  eventChannel,
  eventNames,
  functionName,
  type EventMap,
  type EventName,
} from '../shared/channels.js';
import type { SignetApi } from '../shared/contract.js';

/** The parts of `ipcRenderer` the API uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (eventNames as readonly string[]).includes(value);
}

/** Builds `window.signet` over an `ipcRenderer`. */
export function createSignetApi(ipc: IpcRendererLike): SignetApi {
  const api: Record<string, unknown> = {};
  for (const channel of channelNames) {
    // Exactly one argument crosses: whatever else the page passes stays in the page.
    api[functionName(channel)] = (input?: unknown) => ipc.invoke(channel, input);
  }
  api['on'] = <E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): (() => void) => {
    if (!isEventName(event)) throw new TypeError(`Unknown Signet event: ${String(event)}`);
    if (typeof listener !== 'function') throw new TypeError('A Signet event listener must be a function.');
    const channel = eventChannel(event);
    const forward = (_event: unknown, payload: unknown) => listener(payload as EventMap[E]);
    ipc.on(channel, forward);
    return () => {
      ipc.removeListener(channel, forward);
    };
  };
  // Built from the contract's channel list, which is what `SignetApi` is derived from.
  return Object.freeze(api) as unknown as SignetApi;
}
