import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { StatusBar } from '../../src/renderer/components/status-bar';
import type { StatusView } from '../../src/shared/domain';
import { makeStatus } from './fake-signet';
import { renderApp } from './render-app';

function bar(): string {
  return screen.getByRole('contentinfo').textContent ?? '';
}

/** Renders the bar alone for a status; returns what it says. */
function barFor(status: Partial<StatusView>): string {
  render(<StatusBar status={makeStatus(status)} error={null} />);
  return bar();
}

describe('status bar', () => {
  it('says local storage when there is no sync server', () => {
    const text = barFor({});
    expect(text).toContain('Keychain available');
    expect(text).toContain('Local storage');
    expect(text).toContain('Online');
  });

  it('says session only, instead of the keychain, when the person chose session-only mode', () => {
    const text = barFor({ sessionOnly: true });
    expect(text).toContain('Session only — accounts are forgotten when Signet quits');
    expect(text).not.toContain('Keychain available');
  });

  it('says it is waiting for the keychain while a rotated sign-in is on its way in', () => {
    const text = barFor({ keychain: { available: true, detail: 'Secret Service', waiting: true } });
    expect(text).toContain('Waiting for the keychain — unlock it if it asks');
    expect(text).not.toContain('Keychain available');
  });

  it('says the sync server is connected when tokens are cached in Redis', () => {
    expect(
      barFor({ cache: 'redis', syncServer: { configured: true, connected: true, paired: true } }),
    ).toContain('Sync server connected');
  });

  it('says when the sync server is configured but unreachable', () => {
    expect(
      barFor({ cache: 'sqlite', syncServer: { configured: true, connected: false, paired: true } }),
    ).toContain('Sync server unreachable — using local storage');
  });

  it('shows an unavailable keychain with its detail, and offline', () => {
    const text = barFor({
      keychain: { available: false, detail: 'No Secret Service provider is running' },
      online: false,
    });
    expect(text).toContain('Keychain unavailable — No Secret Service provider is running');
    expect(text).toContain('Offline');
  });

  it('follows status-changed events', async () => {
    const { fake } = await renderApp();
    expect(bar()).toContain('Online');
    act(() => fake.emit('status-changed', makeStatus({ online: false })));
    expect(bar()).toContain('Offline');
  });
});
