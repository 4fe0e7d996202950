/// <reference types="vite/client" />

/** The preload exposes the IPC contract as `window.signet`: one function per channel, plus `on`. */
interface Window {
  signet: import('../shared/contract').SignetApi;
}
