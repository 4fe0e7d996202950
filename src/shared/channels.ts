/**
 * The names of the IPC channels and events, without their schemas: the one list of them. The
 * sandboxed preload builds `window.signet` from it without carrying zod, and `contract.ts` gives
 * each name its schema, typed against this list, so a channel is added here and nowhere else
 * by hand (the contract fails to compile until it has a schema for it).
 */
import type { AccountView, SignInProgress, StatusView } from './domain.js';

export const channelNames = [
  'accounts:list',
  'providers:list',
  'status:get',
  'sign-in:start',
  'sign-in:cancel',
  'sign-in:reopen-browser',
  'sign-in:copy-link',
  'sign-in:copy-code',
  'account:refresh',
  'account:remove',
  'account:add-scopes',
  'activity:list',
  'activity:figures',
  'settings:get',
  'settings:set-sync-server',
  'settings:test-sync-server',
  'sync:pairing-code',
  'app:preferences',
  'app:set-preferences',
  'app:open-logs',
  'app:install-command',
] as const;

export type ChannelName = (typeof channelNames)[number];

/** Events the main process pushes to the window. */
export interface EventMap {
  'accounts-changed': AccountView[];
  'sign-in-progress': SignInProgress;
  'status-changed': StatusView;
}
export type EventName = keyof EventMap;

// A record, not an array, so that an event missing here or one EventMap lacks is a type error.
const events: Record<EventName, true> = {
  'accounts-changed': true,
  'sign-in-progress': true,
  'status-changed': true,
};
export const eventNames = Object.keys(events) as readonly EventName[];

/** The IPC channel name an event travels on. */
export function eventChannel(name: EventName): string {
  return `event:${name}`;
}

/** `sign-in:reopen-browser` → `signInReopenBrowser`: the name of the preload function. */
export function functionName<C extends ChannelName>(channelName: C): FunctionName<C> {
  return channelName
    .split(/[:-]/)
    .map((part, index) => (index === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1)))
    .join('') as FunctionName<C>;
}

/** `functionName` at the type level: what `window.signet` calls each channel. */
export type FunctionName<S extends string> = S extends `${infer A}:${infer B}`
  ? `${FunctionName<A>}${Capitalize<FunctionName<B>>}`
  : S extends `${infer A}-${infer B}`
    ? `${A}${Capitalize<FunctionName<B>>}`
    : S;
