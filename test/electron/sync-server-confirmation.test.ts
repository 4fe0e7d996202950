import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SettingsView } from '../../src/shared/domain.js';
import { SignetError } from '../../src/shared/errors.js';
import type { AccountService } from '../../src/main/core/account-service.js';
import { createIpcHandlers } from '../../src/main/ipc/ipc-handlers.js';
import { registerIpc } from '../../src/main/electron/ipc.js';
import { confirmSyncServer } from '../../src/main/electron/sync-server-dialog.js';
import { BrowserWindow, dialog, ipcMain, resetFakeElectron } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

const password = 'p@ss/w:rd%41';
const pairingCode = 'K7QH-2M4X-9DWB-TR6C-Z3PN-8VJE-5GYA-QF1L';

/** A service that records what the window got it to do; only the sync calls are used here. */
function recordingService() {
  const setCalls: (string | null)[] = [];
  const service = {
    setSyncServer: async (url: string | null): Promise<SettingsView> => {
      if (url !== null && !url.startsWith('redis')) throw new SignetError('invalid-input', 'Bad address.');
      setCalls.push(url);
      return { dataDir: '/home/ada/.config/Signet', syncServerUrl: url, syncServerFromEnvironment: false };
    },
    syncPairingCode: async () => pairingCode,
    on: () => () => undefined,
  };
  return { service: service as unknown as AccountService, setCalls };
}

/** The handler table wired as start-signet.ts wires it, with the dialog on the stand-in window. */
function wire() {
  const window = new BrowserWindow({});
  const { service, setCalls } = recordingService();
  registerIpc(
    ipcMain,
    createIpcHandlers(service, {
      writeClipboard: () => undefined,
      confirmSyncServer: (request) => confirmSyncServer(window as never, request),
    }),
    () => true,
  );
  const setServer = (url: string | null) => ipcMain.invoke({}, 'settings:set-sync-server', { url });
  return { window, setCalls, setServer };
}

beforeEach(() => resetFakeElectron());

describe('settings:set-sync-server asks the person in a native dialog', () => {
  const url = `rediss://ada:${password}@sync.example.net:6380/2`;

  it('sets the server only after "Use this server", and the dialog names the host', async () => {
    const { window, setCalls, setServer } = wire();
    dialog.answer = 'Use this server';
    const result = await setServer(url);
    expect(result).toMatchObject({ ok: true });
    expect(setCalls).toEqual([url]);
    expect(dialog.messageBoxes).toHaveLength(1);
    const [box] = dialog.messageBoxes;
    expect(box!.window).toBe(window);
    expect(box!.options.message).toContain('sync.example.net');
    expect(box!.options.detail).toContain(
      'Signet will send your synced access tokens, sealed, to sync.example.net.',
    );
    expect(box!.options.detail).toContain('rediss://ada:***@sync.example.net:6380/2');
    // Cancel is what Escape and Enter choose: only a deliberate click sets the server.
    expect(box!.options.buttons).toEqual(['Use this server', 'Cancel']);
    expect(box!.options.cancelId).toBe(1);
    expect(box!.options.defaultId).toBe(1);
    expect(JSON.stringify(dialog.messageBoxes)).not.toContain(password);
  });

  it('leaves the server alone when the person declines, and says user-cancelled', async () => {
    const { setCalls, setServer } = wire();
    dialog.answer = 'Cancel';
    const result = await setServer(url);
    expect(result).toEqual({ ok: false, error: { code: 'user-cancelled', message: expect.any(String) } });
    expect(setCalls).toEqual([]);
    expect(dialog.messageBoxes).toHaveLength(1);
  });

  it('names every host of a cluster once', async () => {
    const { setServer } = wire();
    await setServer('rediss-cluster://a.example:7000,b.example:7001,a.example:7002');
    expect(dialog.messageBoxes[0]!.options.message).toContain('a.example, b.example');
  });

  it.each([null, '', '   '])('clears the server (%j) without asking', async (value) => {
    const { setCalls, setServer } = wire();
    const result = await setServer(value);
    expect(result).toMatchObject({ ok: true });
    expect(setCalls).toEqual([null]);
    expect(dialog.messageBoxes).toEqual([]);
  });

  it('does not ask about an address that does not parse: the service refuses it', async () => {
    const { setCalls, setServer } = wire();
    const result = await setServer('http://sync.example.net');
    expect(result).toEqual({ ok: false, error: { code: 'invalid-input', message: 'Bad address.' } });
    expect(setCalls).toEqual([]);
    expect(dialog.messageBoxes).toEqual([]);
  });

  it('asks one question at a time: a second request while the dialog is open is refused', async () => {
    const { service, setCalls } = recordingService();
    let answer: (yes: boolean) => void = () => undefined;
    let asked = 0;
    const handlers = createIpcHandlers(service, {
      writeClipboard: () => undefined,
      confirmSyncServer: () => (asked++, new Promise<boolean>((resolve) => (answer = resolve))),
    });
    const first = handlers['settings:set-sync-server']({ url });
    await expect(
      handlers['settings:set-sync-server']({ url: 'rediss://other.example' }),
    ).rejects.toMatchObject({
      code: 'invalid-input',
    });
    expect(asked).toBe(1);
    answer(true);
    await first;
    expect(setCalls).toEqual([url]);
    // Answered, the next request is asked again.
    const next = handlers['settings:set-sync-server']({ url: 'rediss://other.example' });
    answer(false);
    await expect(next).rejects.toMatchObject({ code: 'user-cancelled' });
    expect(asked).toBe(2);
  });

  it('asks on its own when no window is open', async () => {
    const window = new BrowserWindow({});
    window.close();
    dialog.answer = 'Use this server';
    await expect(
      confirmSyncServer(window as never, {
        host: 'sync.example.net',
        redactedUrl: 'rediss://sync.example.net',
      }),
    ).resolves.toBe(true);
    expect(dialog.messageBoxes[0]!.window).toBeNull();
  });
});

describe('sync:pairing-code', () => {
  it('answers the code and an SVG QR code made in the main process', async () => {
    wire();
    const result = (await ipcMain.invoke({}, 'sync:pairing-code', undefined)) as {
      ok: true;
      value: { code: string; qrSvg: string };
    };
    expect(result.ok).toBe(true);
    expect(result.value.code).toBe(pairingCode);
    expect(result.value.qrSvg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(result.value.qrSvg).toContain('<path');
    // A picture of the code, not the code as text: nothing in the SVG reads it out.
    expect(result.value.qrSvg).not.toContain(pairingCode);
    expect(result.value.qrSvg).not.toMatch(/<script|on\w+=/i);
  });
});
