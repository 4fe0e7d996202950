import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  channelNames,
  eventChannel,
  eventNames,
  functionName,
  type SignetApi,
} from '../../src/shared/contract.js';
import { contextBridge, ipcRenderer } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

let api: SignetApi & Record<string, unknown>;

beforeAll(async () => {
  await import('../../src/preload/index.js');
  api = contextBridge.exposed.get('signet') as typeof api;
});

beforeEach(() => {
  ipcRenderer.invocations.length = 0;
  ipcRenderer.removeAllListeners();
});

describe('preload', () => {
  it('exposes window.signet and nothing else', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['signet']);
  });

  it('has exactly one function per channel, plus on', () => {
    const expected = [...channelNames.map(functionName), 'on'].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    for (const key of Object.keys(api)) expect(typeof api[key], key).toBe('function');
  });

  it.each(['invoke', 'send', 'sendSync', 'postMessage', 'ipcRenderer', 'removeAllListeners', 'require'])(
    'has no %s',
    (name) => {
      expect(name in api).toBe(false);
    },
  );

  it('cannot be changed by the page', () => {
    expect(Object.isFrozen(api)).toBe(true);
  });

  it.each(channelNames)('%s invokes its own channel with exactly one argument', async (channel) => {
    const fn = api[functionName(channel)] as (...args: unknown[]) => Promise<unknown>;
    await fn({ probe: channel }, 'smuggled', { second: true });
    expect(ipcRenderer.invocations).toEqual([[channel, { probe: channel }]]);
  });

  it.each(eventNames)('on(%s) delivers the payload only, and its unsubscribe works', (event) => {
    const received: unknown[] = [];
    const unsubscribe = api.on(event, (payload: unknown) => received.push(payload));
    ipcRenderer.emit(eventChannel(event), { sender: ipcRenderer }, { hello: event });
    expect(received).toEqual([{ hello: event }]);
    unsubscribe();
    unsubscribe();
    ipcRenderer.emit(eventChannel(event), { sender: ipcRenderer }, { again: true });
    expect(received).toEqual([{ hello: event }]);
    expect(ipcRenderer.listenerCount(eventChannel(event))).toBe(0);
  });

  it.each([
    'accounts',
    'event:accounts-changed',
    'ACCOUNTS-CHANGED',
    '__proto__',
    'constructor',
    '',
    123,
    null,
    undefined,
  ])('on rejects the unknown event %s', (event) => {
    const on = api.on as (event: unknown, listener: unknown) => unknown;
    expect(() => on(event, () => undefined)).toThrow(TypeError);
    expect(ipcRenderer.eventNames()).toEqual([]);
  });

  it('on rejects a listener that is not a function', () => {
    const on = api.on as (event: unknown, listener: unknown) => unknown;
    expect(() => on('accounts-changed', 'alert(1)')).toThrow(TypeError);
    expect(ipcRenderer.eventNames()).toEqual([]);
  });
});
