import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { validateSyncServerUrl } from '../../src/renderer/lib/sync-url';
import { failure, ok } from './fake-signet';
import { renderApp } from './render-app';

async function openSettings(initial: Parameters<typeof renderApp>[0] = {}) {
  const app = await renderApp(initial);
  await app.user.click(screen.getByRole('tab', { name: 'Settings' }));
  await screen.findByRole('heading', { name: 'Settings' });
  return app;
}

describe('settings', () => {
  it('shows the data folder read-only', async () => {
    await openSettings();
    const input = screen.getByLabelText('Location') as HTMLInputElement;
    expect(input.value).toBe('/home/test/.config/Signet');
    expect(input.readOnly).toBe(true);
  });

  it('rejects an address that is not redis:// or rediss://', async () => {
    const { fake, user } = await openSettings();
    fake.handlers.settingsTestSyncServer = () => ok({ ok: true, detail: 'PONG in 2 ms' });
    const input = screen.getByLabelText('Server address');
    await user.type(input, 'http://cache.local:6379');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(input.getAttribute('aria-invalid')).toBe('true');
    // The error is shown and is part of the field's description, so a screen reader says it too.
    const described = (input.getAttribute('aria-describedby') ?? '').split(' ');
    const error = screen.getByText(/must start with redis:\/\/ or rediss:\/\//);
    expect(described).toContain(error.id);
    expect(error.textContent).toBe(
      'The address must start with redis:// or rediss://, for example redis://localhost:6379.',
    );
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(fake.callsTo('settingsSetSyncServer')).toEqual([]);
    expect(fake.callsTo('settingsTestSyncServer')).toEqual([]);

    await user.clear(input);
    await user.type(input, 'rediss://cache.local:6380');
    expect(input.getAttribute('aria-invalid')).toBe('false');
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(fake.callsTo('settingsTestSyncServer')).toEqual([{ url: 'rediss://cache.local:6380' }]);
    expect((await screen.findByText(/^Connected\./)).textContent).toBe('Connected. PONG in 2 ms');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(fake.callsTo('settingsSetSyncServer')).toEqual([{ url: 'rediss://cache.local:6380' }]);
    expect((await screen.findByText(/^Saved\./)).textContent).toBe(
      'Saved. Signet now uses this sync server.',
    );
  });

  it('says "Connected." once when the test has nothing more to tell', async () => {
    const { fake, user } = await openSettings();
    fake.handlers.settingsTestSyncServer = () => ok({ ok: true, detail: 'Connected' });
    await user.type(screen.getByLabelText('Server address'), 'redis://127.0.0.1:6379');
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    const result = await screen.findByText(/^Connected\./);
    expect(result.textContent).toBe('Connected.');
  });

  it('clears the sync server when saved empty', async () => {
    const { fake, user } = await openSettings({
      settings: { dataDir: '/d', syncServerUrl: 'redis://:***@cache:6379', syncServerFromEnvironment: false },
    });
    const input = screen.getByLabelText('Server address');
    // Unchanged, the redacted URL cannot be saved back.
    expect(screen.getByRole('button', { name: 'Save' }).hasAttribute('disabled')).toBe(true);
    await user.clear(input);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(fake.callsTo('settingsSetSyncServer')).toEqual([{ url: null }]);
    expect((await screen.findByText(/^Saved\./)).textContent).toBe(
      'Saved. Signet now uses local storage only.',
    );
  });

  it('is read-only when the address comes from the environment', async () => {
    await openSettings({
      settings: { dataDir: '/d', syncServerUrl: 'redis://cache:6379', syncServerFromEnvironment: true },
    });
    const input = screen.getByLabelText('Server address') as HTMLInputElement;
    expect(input.readOnly).toBe(true);
    expect(input.value).toBe('redis://cache:6379');
    const section = input.closest('section')!;
    expect(within(section).getByText('SIGNET_REDIS_URL').closest('p')?.textContent).toBe(
      'Set by the SIGNET_REDIS_URL environment variable. Unset it and restart Signet to change it here.',
    );
    expect(within(section).queryByRole('button', { name: 'Save' })).toBeNull();
  });

  it('warns that plain connections are allowed when config.json turns TLS off, and only then', async () => {
    await openSettings({
      settings: {
        dataDir: '/d',
        syncServerUrl: 'redis://cache.lan:6379',
        syncServerFromEnvironment: false,
        syncServerPlaintextAllowed: true,
      },
    });
    const section = (screen.getByLabelText('Server address') as HTMLInputElement).closest('section')!;
    expect(within(section).getByRole('note').textContent).toMatch(
      /^Plain connections are allowed: syncServerAllowPlaintext is on in config\.json/,
    );
  });

  it('shows no plaintext warning by default', async () => {
    await openSettings();
    const section = (screen.getByLabelText('Server address') as HTMLInputElement).closest('section')!;
    expect(within(section).queryByRole('note')).toBeNull();
  });

  it('says plainly that nothing changed when the person declines the confirmation', async () => {
    const { fake, user } = await openSettings();
    // What the main process answers when its native dialog was cancelled.
    fake.handlers.settingsSetSyncServer = () =>
      failure('user-cancelled', 'The sync server was not changed: you chose not to use it.');
    await user.type(screen.getByLabelText('Server address'), 'rediss://elsewhere.example:6380');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByText(/^Not saved:/)).textContent).toBe(
      'Not saved: you chose Cancel when Signet asked to confirm this server, so the sync server is unchanged.',
    );
    // Not the sign-in's "cancelled" wording, and not an alert: nothing went wrong.
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByText(/^Saved\./)).toBeNull();
  });

  it('offers no pairing code while no sync server is set', async () => {
    await openSettings();
    expect(screen.queryByRole('button', { name: 'Show pairing code' })).toBeNull();
  });

  it('shows the pairing code and its QR code on demand, with what it gives away, and hides it', async () => {
    const { fake, user } = await openSettings({
      settings: {
        dataDir: '/d',
        syncServerUrl: 'rediss://cache.example:6380',
        syncServerFromEnvironment: false,
      },
    });
    const code = 'K7QH-2M4X-9DWB-TR6C';
    const qrSvg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><path d="M0 0h1v1H0z"/></svg>';
    fake.handlers.syncPairingCode = () => ok({ code, qrSvg });
    // Not fetched until asked for: the code is the sync key.
    expect(fake.callsTo('syncPairingCode')).toEqual([]);
    expect(screen.queryByText(code, { exact: false })).toBeNull();
    expect(
      screen.getByText(/anyone with this code and access to the server can read your synced tokens/),
    ).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Show pairing code' }));
    const command = await screen.findByText(`signet sync join ${code}`);
    expect(command.closest('p')?.textContent).toBe(
      `Type this on your other machine with: signet sync join ${code}`,
    );
    const qr = screen.getByRole('img', { name: 'QR code of the pairing code' }) as HTMLImageElement;
    // The main process's SVG as an image, never as markup in the page.
    expect(qr.src).toBe(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(qrSvg)}`);
    expect(document.querySelector('svg path[d="M0 0h1v1H0z"]')).toBeNull();
    expect(fake.callsTo('syncPairingCode')).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Hide' }));
    expect(screen.queryByText(code, { exact: false })).toBeNull();
    expect(screen.queryByRole('img', { name: 'QR code of the pairing code' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Show pairing code' })).toBeTruthy();
  });

  it('says why when the pairing code cannot be shown', async () => {
    const { fake, user } = await openSettings({
      settings: {
        dataDir: '/d',
        syncServerUrl: 'rediss://cache.example:6380',
        syncServerFromEnvironment: false,
      },
    });
    fake.handlers.syncPairingCode = () => failure('keychain-unavailable', 'The keychain is locked.');
    await user.click(screen.getByRole('button', { name: 'Show pairing code' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Couldn’t show the pairing code.');
    expect(within(alert).getByText('keychain-unavailable')).toBeTruthy();
  });

  it('validates addresses', () => {
    expect(validateSyncServerUrl('')).toBeNull();
    expect(validateSyncServerUrl('redis://localhost:6379')).toBeNull();
    expect(validateSyncServerUrl('rediss://user:pw@host:6380/0')).toBeNull();
    expect(validateSyncServerUrl('localhost:6379')).toMatch(/must start with/);
    expect(validateSyncServerUrl('https://host')).toMatch(/must start with/);
    expect(validateSyncServerUrl('redis://')).toBe(
      'The address needs a host name, for example redis://localhost:6379.',
    );
  });
});

describe('settings: running in the background', () => {
  it('turns close to tray off and start at login on, each saved by the main process', async () => {
    const { fake, user } = await openSettings();
    const tray = (await screen.findByLabelText(
      'Keep Signet running in the tray when the window closes',
    )) as HTMLInputElement;
    expect(tray.checked).toBe(true);
    await user.click(tray);
    expect(fake.callsTo('appSetPreferences')).toEqual([{ closeToTray: false }]);
    expect(tray.checked).toBe(false);
    expect(screen.getByText('Closing the window quits Signet.').getAttribute('role')).toBe('status');
    const login = screen.getByLabelText('Start Signet when I log in') as HTMLInputElement;
    expect(login.checked).toBe(false);
    await user.click(login);
    expect(fake.callsTo('appSetPreferences')).toEqual([{ closeToTray: false }, { startAtLogin: true }]);
    expect(login.checked).toBe(true);
  });

  it('shows the log file and opens it, and installs the signet command', async () => {
    const { fake, user } = await openSettings();
    const log = (await screen.findByLabelText('Log file')) as HTMLInputElement;
    expect(log.value).toBe('/home/you/.config/Signet/logs/signet.log');
    await user.click(screen.getByRole('button', { name: 'Open logs' }));
    expect(fake.callsTo('appOpenLogs')).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Install the signet command' }));
    expect(fake.callsTo('appInstallCommand')).toHaveLength(1);
    expect(await screen.findByText(/Installed at/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Install the signet command' })).toBeNull();
  });

  it('says why when saving fails, and keeps the box as it was', async () => {
    const { fake, user } = await openSettings();
    fake.handlers.appSetPreferences = () => failure('storage', 'config.json could not be written');
    const tray = (await screen.findByLabelText(
      'Keep Signet running in the tray when the window closes',
    )) as HTMLInputElement;
    await user.click(tray);
    expect(screen.getByRole('alert').textContent).toContain('Couldn’t save the setting.');
    expect(tray.checked).toBe(true);
  });
});
