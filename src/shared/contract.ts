/**
 * The IPC contract between the window and the main process: every channel, its input schema and
 * its output type. The main process parses every input with these schemas before a handler runs;
 * the preload exposes exactly one function per channel. No channel ever returns a token; only
 * `sync:pairing-code` returns a secret (the sync key, as a pairing code), because showing it is its purpose.
 * The channel names come from `channels.ts`; the contract is typed against that list.
 */
import { z } from 'zod';
import type { ActivityFiguresView } from './activity-figures.js';
import type {
  AccountView,
  ActivityView,
  ProviderView,
  SettingsView,
  StatusView,
  SyncServerTestResult,
} from './domain.js';
import type { ErrorInfo } from './errors.js';
import type { ChannelName, EventMap, EventName, FunctionName } from './channels.js';

export { channelNames, eventChannel, eventNames, functionName } from './channels.js';
export type { ChannelName, EventMap, EventName, FunctionName } from './channels.js';

const accountId = z.string().uuid();
const flowId = z.string().uuid();
const providerId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z][a-z0-9-]*$/);
/** One raw scope: printable, no spaces (RFC 6749 §3.3 scope-token), and not absurdly long. */
const scope = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'a scope is printable ASCII without spaces, quotes or backslashes');

/**
 * This machine's pairing code (the sync key, typo-tolerant, with a checksum) and an SVG of its QR
 * code, made in the main process. Whoever has it and the sync server can read the synced tokens.
 */
export interface SyncPairingCode {
  code: string;
  qrSvg: string;
}

/**
 * The desktop app's own preferences (config.json's `app` key), where its log file is, and the
 * state of the installed `signet` command. Only the app answers these; the CLI has no window.
 */
export interface AppPreferencesView {
  /** Closing the window keeps Signet running in the tray. */
  closeToTray: boolean;
  /** Signet starts hidden in the tray at login. */
  startAtLogin: boolean;
  /** The log file "Open logs" shows. */
  logFile: string;
  /** `on-path`: a Linux package put it there; `installable`: the button can; `unavailable`: not packaged. */
  command: { availability: 'on-path' | 'installed' | 'installable' | 'unavailable'; path: string | null };
}

interface Channel<I extends z.ZodType, O> {
  input: I;
  /** Type-only marker for the handler's result. */
  output?: O;
}

function channel<O>() {
  return <I extends z.ZodType>(input: I): Channel<I, O> => ({ input });
}

const noInput = z.undefined();

/**
 * One entry per name in `channels.ts`, checked by `satisfies`: a channel without a schema, or a
 * schema for a name that is not in the list, does not compile.
 */
export const contract = {
  'accounts:list': channel<AccountView[]>()(noInput),
  'providers:list': channel<ProviderView[]>()(noInput),
  'status:get': channel<StatusView>()(noInput),
  'sign-in:start': channel<{ flowId: string }>()(
    z.strictObject({ provider: providerId, method: z.enum(['browser', 'device']) }),
  ),
  'sign-in:cancel': channel<null>()(z.strictObject({ flowId })),
  'sign-in:reopen-browser': channel<null>()(z.strictObject({ flowId })),
  'sign-in:copy-link': channel<null>()(z.strictObject({ flowId })),
  /** The device flow's code, copied by the main process (the window may not write the clipboard). */
  'sign-in:copy-code': channel<null>()(z.strictObject({ flowId })),
  'account:refresh': channel<AccountView>()(z.strictObject({ accountId })),
  'account:remove': channel<null>()(z.strictObject({ accountId })),
  /**
   * Incremental consent: a sign-in that must come back as this account, for what it holds and
   * `scopes`; it answers the flow, like `sign-in:start`, and its progress arrives as events.
   */
  'account:add-scopes': channel<{ flowId: string }>()(
    z.strictObject({
      accountId,
      scopes: z.array(scope).min(1).max(20),
      method: z.enum(['browser', 'device']).optional(),
    }),
  ),
  'activity:list': channel<ActivityView>()(
    z.strictObject({ limit: z.number().int().min(1).max(500) }).optional(),
  ),
  /** The sign-in and refresh figures over the last 24 hours and 7 days. */
  'activity:figures': channel<ActivityFiguresView>()(noInput),
  'settings:get': channel<SettingsView>()(noInput),
  'settings:set-sync-server': channel<SettingsView>()(
    z.strictObject({ url: z.string().max(2048).nullable() }),
  ),
  'settings:test-sync-server': channel<SyncServerTestResult>()(
    z.strictObject({ url: z.string().min(1).max(2048) }),
  ),
  'sync:pairing-code': channel<SyncPairingCode>()(noInput),
  'app:preferences': channel<AppPreferencesView>()(noInput),
  'app:set-preferences': channel<AppPreferencesView>()(
    z
      .strictObject({ closeToTray: z.boolean().optional(), startAtLogin: z.boolean().optional() })
      .refine((change) => Object.keys(change).length > 0, 'name the preference to change'),
  ),
  'app:open-logs': channel<null>()(noInput),
  'app:install-command': channel<AppPreferencesView>()(noInput),
} as const satisfies { readonly [C in ChannelName]: Channel<z.ZodType, unknown> };

export type Contract = typeof contract;
export type ChannelInput<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends ChannelName> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends ChannelName> = Exclude<Contract[C]['output'], undefined>;

/** What every invocation answers. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** The shape of `window.signet`, as the preload exposes it. */
export type SignetApi = {
  [C in ChannelName as FunctionName<C>]: undefined extends ChannelInput<C>
    ? (input?: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>
    : (input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
};
