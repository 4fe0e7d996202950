/**
 * The names of the IPC channels and events, without their schemas: what the preload needs, so
 * the sandboxed preload does not carry zod. `contract.ts` checks this list against the schemas.
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
  'account:refresh',
  'account:remove',
  'activity:list',
  'settings:get',
  'settings:set-sync-server',
  'settings:test-sync-server',
] as const;

/** Events the main process pushes to the window. */
export interface EventMap {
  'accounts-changed': AccountView[];
  'sign-in-progress': SignInProgress;
  'status-changed': StatusView;
}
export type EventName = keyof EventMap;
export const eventNames: readonly EventName[] = ['accounts-changed', 'sign-in-progress', 'status-changed'];

/** The IPC channel name an event travels on. */
export function eventChannel(name: EventName): string {
  return `event:${name}`;
}

/** `sign-in:reopen-browser` → `signInReopenBrowser`: the name of the preload function. */
export function functionName(channelName: string): string {
  return channelName
    .split(/[:-]/)
    .map((part, index) => (index === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1)))
    .join('');
}
