/**
 * The window's only door to the main process: a typed wrapper over `window.signet` that turns
 * `Result`s into values or thrown `SignetCallError`s. It reads `window.signet` on every call, so a
 * test can install a fake before rendering.
 */
import type { EventMap, EventName, Result, SignetApi } from '../shared/contract';
import type {
  AccountView,
  ActivityView,
  ProviderView,
  SettingsView,
  SignInMethod,
  StatusView,
  SyncServerTestResult,
} from '../shared/domain';

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

export const api = {
  accountsList: (): Promise<AccountView[]> => unwrap((s) => s.accountsList()),
  providersList: (): Promise<ProviderView[]> => unwrap((s) => s.providersList()),
  statusGet: (): Promise<StatusView> => unwrap((s) => s.statusGet()),
  signInStart: (provider: string, method: SignInMethod): Promise<{ flowId: string }> =>
    unwrap((s) => s.signInStart({ provider, method })),
  signInCancel: (flowId: string): Promise<null> => unwrap((s) => s.signInCancel({ flowId })),
  signInReopenBrowser: (flowId: string): Promise<null> => unwrap((s) => s.signInReopenBrowser({ flowId })),
  signInCopyLink: (flowId: string): Promise<null> => unwrap((s) => s.signInCopyLink({ flowId })),
  accountRefresh: (accountId: string): Promise<AccountView> => unwrap((s) => s.accountRefresh({ accountId })),
  accountRemove: (accountId: string): Promise<null> => unwrap((s) => s.accountRemove({ accountId })),
  activityList: (limit: number): Promise<ActivityView> => unwrap((s) => s.activityList({ limit })),
  settingsGet: (): Promise<SettingsView> => unwrap((s) => s.settingsGet()),
  settingsSetSyncServer: (url: string | null): Promise<SettingsView> =>
    unwrap((s) => s.settingsSetSyncServer({ url })),
  settingsTestSyncServer: (url: string): Promise<SyncServerTestResult> =>
    unwrap((s) => s.settingsTestSyncServer({ url })),

  /** Subscribes to a pushed event; returns the unsubscribe. Without a bridge there is nothing to hear. */
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
    const signet = (window as Partial<Window>).signet;
    return signet ? signet.on(event, listener) : () => {};
  },
};
