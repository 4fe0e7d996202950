/**
 * The native question that stands between the window and a new sync server: the page can ask for
 * one, but only the person's "Use this server" here lets the main process set it, so a page made
 * to call `settings:set-sync-server` cannot send every token somewhere else on its own.
 * @see docs/ARCHITECTURE.md §5
 */
import { dialog, type BrowserWindow, type MessageBoxOptions } from 'electron';
import type { SyncServerConfirmation } from '../ipc/ipc-handlers.js';

export const useServerButton = 'Use this server';

/** What the dialog says; kept apart so a test can read it without Electron. */
export function syncServerQuestion({ host, redactedUrl }: SyncServerConfirmation): MessageBoxOptions {
  return {
    type: 'warning',
    title: 'Use this sync server?',
    message: `Use the sync server at ${host}?`,
    detail:
      `Signet will send your synced access tokens, sealed, to ${host}.\n\n` +
      `Address: ${redactedUrl}\n\n` +
      'Choose “Use this server” only if you set up this server or trust whoever runs it. ' +
      'If you did not ask to change the sync server, choose Cancel.',
    buttons: [useServerButton, 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
}

/** Asks on `window` (or on its own when there is none) and says whether the person chose the server. */
export async function confirmSyncServer(
  window: BrowserWindow | null,
  request: SyncServerConfirmation,
): Promise<boolean> {
  const options = syncServerQuestion(request);
  const { response } =
    window && !window.isDestroyed()
      ? await dialog.showMessageBox(window, options)
      : await dialog.showMessageBox(options);
  return options.buttons?.[response] === useServerButton;
}
