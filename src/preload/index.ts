/**
 * The window's only way to the main process: `window.signet` (see signet-api.ts), exposed to the
 * page through the context bridge. Runs sandboxed, so it is bundled as CommonJS with everything
 * it imports.
 * @see docs/ARCHITECTURE.md §5
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createSignetApi } from './signet-api.js';

contextBridge.exposeInMainWorld('signet', createSignetApi(ipcRenderer));
