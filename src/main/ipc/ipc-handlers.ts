import QRCode from 'qrcode';
import type { AppPreferencesView, ChannelName, ChannelOutput, ParsedInput } from '../../shared/contract.js';
import { SignetError } from '../../shared/errors.js';
import { parseSyncUrl, redactSyncUrl } from '../../shared/sync-url.js';
import type { AccountService } from '../core/index.js';

/** What the desktop shell provides to the handlers (Electron's clipboard and dialogs; stand-ins in tests). */
export interface DesktopCapabilities {
  writeClipboard(text: string): void;
  /**
   * Asks the person, outside the page, whether Signet may send synced tokens to this server.
   * The window can ask to change the sync server, but only this answer completes it: a page that
   * was made to call `settings:set-sync-server` cannot redirect every token on its own.
   */
  confirmSyncServer(request: SyncServerConfirmation): Promise<boolean>;
  /** The desktop app's preferences, logs and command; absent where there is no app (tests, demos). */
  app?: AppCapabilities;
}

/** What only the running app can do: its preferences, its log file, the installed command. */
export interface AppCapabilities {
  preferences(): AppPreferencesView;
  setPreferences(change: { closeToTray?: boolean; startAtLogin?: boolean }): Promise<AppPreferencesView>;
  openLogs(): Promise<void>;
  installCommand(): Promise<AppPreferencesView>;
}

function requireApp(desktop: DesktopCapabilities): AppCapabilities {
  if (!desktop.app) throw new SignetError('forbidden', 'Only the Signet app can do this.');
  return desktop.app;
}

/** What the confirmation names: the host(s) and the address with its password hidden. */
export interface SyncServerConfirmation {
  host: string;
  redactedUrl: string;
}

export type Handlers = {
  [C in ChannelName]: (input: ParsedInput<C>) => Promise<ChannelOutput<C>>;
};

/**
 * The handler behind every IPC channel. The Electron layer registers exactly this table (after
 * checking the sender and parsing the input), and the browser end-to-end tests bridge to it.
 * Nothing here returns a token, an authorization URL or a state; the pairing code is the one
 * secret that crosses, on its own channel, because showing it is its purpose.
 */
export function createIpcHandlers(service: AccountService, desktop: DesktopCapabilities): Handlers {
  // One question at a time: a page cannot stack dialogs, hoping one is answered by reflex.
  let asking = false;
  const confirm = async (request: SyncServerConfirmation): Promise<boolean> => {
    if (asking) {
      throw new SignetError('invalid-input', 'Signet is already asking you about a sync server.');
    }
    asking = true;
    try {
      return await desktop.confirmSyncServer(request);
    } finally {
      asking = false;
    }
  };
  // The device flow's codes, from the progress events, so "Copy code" needs nothing from the page
  // but the flow's id. Ended flows are forgotten.
  const userCodes = new Map<string, string>();
  service.on('sign-in-progress', (progress) => {
    if (progress.stage === 'done' || progress.stage === 'failed' || progress.stage === 'cancelled') {
      userCodes.delete(progress.flowId);
    } else if (progress.userCode) {
      userCodes.set(progress.flowId, progress.userCode);
    }
  });
  return {
    'accounts:list': () => service.listAccounts(),
    'providers:list': async () => service.listProviders(),
    'status:get': () => service.status(),
    'sign-in:start': async ({ provider, method }) => {
      const { flowId, result } = service.signIn(provider, { method });
      // The outcome reaches the window as `sign-in-progress` events.
      result.catch(() => undefined);
      return { flowId };
    },
    'sign-in:cancel': async ({ flowId }) => {
      service.cancelSignIn(flowId);
      return null;
    },
    'sign-in:reopen-browser': async ({ flowId }) => {
      await service.reopenSignInBrowser(flowId);
      return null;
    },
    'sign-in:copy-link': async ({ flowId }) => {
      desktop.writeClipboard(service.signInUrl(flowId));
      return null;
    },
    'sign-in:copy-code': async ({ flowId }) => {
      const code = userCodes.get(flowId);
      if (!code) throw new SignetError('not-found', 'That sign-in has no code to copy.');
      desktop.writeClipboard(code);
      return null;
    },
    'account:refresh': ({ accountId }) => service.refresh(accountId),
    'account:add-scopes': async ({ accountId, scopes, method }) => {
      const { flowId, result } = service.addScopes(accountId, scopes, { method: method ?? 'browser' });
      // As with sign-in:start: the outcome, a wrong-account refusal included, arrives as events.
      result.catch(() => undefined);
      return { flowId };
    },
    'account:remove': async ({ accountId }) => {
      await service.signOut(accountId);
      return null;
    },
    'activity:list': async (input) => service.activity(input?.limit ?? 50),
    'activity:figures': async () => service.activityFigures(),
    'settings:get': async () => service.settings(),
    'settings:set-sync-server': async ({ url }) => {
      const value = url?.trim() ? url.trim() : null;
      // Clearing sends tokens nowhere, and an address that does not parse is refused by the
      // service with its own message: neither needs the person's word.
      const parsed = value === null ? null : parseSyncUrl(value);
      if (value !== null && parsed?.ok) {
        const host = [...new Set(parsed.url.nodes.map((node) => node.host))].join(', ');
        const confirmed = await confirm({ host, redactedUrl: redactSyncUrl(value) });
        if (!confirmed) {
          throw new SignetError(
            'user-cancelled',
            'The sync server was not changed: you chose not to use it.',
          );
        }
      }
      return service.setSyncServer(value);
    },
    'settings:test-sync-server': ({ url }) => service.testSyncServer(url),
    'sync:pairing-code': async () => {
      const code = await service.syncPairingCode();
      // Made here, not in the page: the window's CSP and bundle stay as they are, and the code
      // is never written to a log on the way.
      const qrSvg = await QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return { code, qrSvg };
    },
    'app:preferences': async () => requireApp(desktop).preferences(),
    'app:set-preferences': (change) =>
      requireApp(desktop).setPreferences({
        ...(change.closeToTray !== undefined ? { closeToTray: change.closeToTray } : {}),
        ...(change.startAtLogin !== undefined ? { startAtLogin: change.startAtLogin } : {}),
      }),
    'app:open-logs': async () => {
      await requireApp(desktop).openLogs();
      return null;
    },
    'app:install-command': () => requireApp(desktop).installCommand(),
  };
}
