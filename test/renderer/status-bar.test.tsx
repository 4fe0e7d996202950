import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { StatusBar } from '../../src/renderer/components/status-bar';
import { makeStatus } from './fake-signet';
import { renderApp } from './render-app';

function bar(): string {
  return screen.getByRole('contentinfo').textContent ?? '';
}

describe('status bar', () => {
  it('says local storage when there is no sync server', () => {
    render(<StatusBar status={makeStatus()} error={null} />);
    expect(bar()).toContain('Keychain available');
    expect(bar()).toContain('Local storage');
    expect(bar()).toContain('Online');
  });

  it('says the sync server is connected when tokens are cached in Redis', () => {
    render(
      <StatusBar
        status={makeStatus({ cache: 'redis', syncServer: { configured: true, connected: true } })}
        error={null}
      />,
    );
    expect(bar()).toContain('Sync server connected');
  });

  it('says when the sync server is configured but unreachable', () => {
    render(
      <StatusBar
        status={makeStatus({ cache: 'sqlite', syncServer: { configured: true, connected: false } })}
        error={null}
      />,
    );
    expect(bar()).toContain('Sync server unreachable — using local storage');
  });

  it('shows an unavailable keychain with its detail, and offline', () => {
    render(
      <StatusBar
        status={makeStatus({
          keychain: { available: false, detail: 'No Secret Service provider is running' },
          online: false,
        })}
        error={null}
      />,
    );
    expect(bar()).toContain('Keychain unavailable — No Secret Service provider is running');
    expect(bar()).toContain('Offline');
  });

  it('follows status-changed events', async () => {
    const { fake } = await renderApp();
    expect(bar()).toContain('Online');
    act(() => fake.emit('status-changed', makeStatus({ online: false })));
    expect(bar()).toContain('Offline');
  });
});
