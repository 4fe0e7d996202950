// What the window tests install in the page before the app boots: the preload's own
// `createSignetApi`, over an `ipcRenderer` made of the binding the test exposes
// (`__signetInvoke`, answered by the real core's dispatch) and a way for the test to push events
// (`__signetDeliver`, as `webContents.send` reaches the preload's `ipcRenderer.on`).
// bridge.ts bundles this file for the page; it runs in Chromium, not in Node.

import { createSignetApi, type IpcRendererLike } from '../../../src/preload/signet-api.js';

type Listener = (event: unknown, ...args: unknown[]) => void;

const scope = globalThis as unknown as {
  __signetInvoke(channel: string, input: unknown): Promise<unknown>;
};
const listeners = new Map<string, Set<Listener>>();

const ipc: IpcRendererLike = {
  // The binding takes exactly what the preload sends: the channel and its one argument.
  invoke: (channel, input) => scope.__signetInvoke(channel, input),
  on(channel, listener) {
    let set = listeners.get(channel);
    if (!set) listeners.set(channel, (set = new Set()));
    set.add(listener);
  },
  removeListener(channel, listener) {
    listeners.get(channel)?.delete(listener);
  },
};

// As contextBridge.exposeInMainWorld leaves it: a read-only, enumerable `window.signet`.
Object.defineProperty(globalThis, 'signet', { value: createSignetApi(ipc), enumerable: true });
Object.defineProperty(globalThis, '__signetDeliver', {
  value: (channel: string, payload: unknown) => {
    // An IPC event object the preload must never hand on: it forwards the payload only.
    const event = { sender: 'ipcRenderer' };
    for (const listener of [...(listeners.get(channel) ?? [])]) listener(event, payload);
  },
});
