import type { ChannelName, ChannelOutput, ParsedInput } from '../../shared/contract.js';
import type { AccountService } from '../core/index.js';

/** What the desktop shell provides to the handlers (Electron's clipboard; a stand-in in tests). */
export interface DesktopCapabilities {
  writeClipboard(text: string): void;
}

export type Handlers = {
  [C in ChannelName]: (input: ParsedInput<C>) => Promise<ChannelOutput<C>>;
};

/**
 * The handler behind every IPC channel. The Electron layer registers exactly this table (after
 * checking the sender and parsing the input), and the browser end-to-end tests bridge to it.
 * Nothing here returns a token, an authorization URL or a state.
 */
export function createIpcHandlers(service: AccountService, desktop: DesktopCapabilities): Handlers {
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
    'account:refresh': ({ accountId }) => service.refresh(accountId),
    'account:remove': async ({ accountId }) => {
      await service.signOut(accountId);
      return null;
    },
    'activity:list': async (input) => service.activity(input?.limit ?? 50),
    'settings:get': async () => service.settings(),
    'settings:set-sync-server': ({ url }) => service.setSyncServer(url),
    'settings:test-sync-server': ({ url }) => service.testSyncServer(url),
  };
}
