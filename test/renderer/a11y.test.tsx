import { screen, within } from '@testing-library/react';
import axe from 'axe-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeAccount } from './fake-signet';
import { renderApp } from './render-app';
import { DEVICE_CODE, pushDeviceCode, pushProgress, startDeviceSignIn } from './sign-in-flow';

/** Serious and critical axe violations; jsdom cannot compute colour contrast, so that rule is off. */
async function seriousViolations(context: Element | Document): Promise<string[]> {
  const results = await axe.run(context as Element, {
    rules: { 'color-contrast': { enabled: false } },
  });
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.html).join(', ')})`,
    );
}

const HOUR = 3_600_000;

const accounts = () => [
  makeAccount({ provider: 'google', displayName: 'Ada', status: 'needs-reauth' }),
  makeAccount({
    provider: 'github',
    displayName: 'Octo',
    avatar: 'data:image/png;base64,iVBORw0KGgo=',
    accessTokenExpiresAt: new Date(Date.now() + HOUR).toISOString(),
    lastRefreshedAt: new Date(Date.now() - 60_000).toISOString(),
  }),
  makeAccount({ provider: 'github', displayName: 'Hubot', status: 'error', lastErrorCode: 'network' }),
];

describe('accessibility (axe)', () => {
  // What index.html provides in the real window; jsdom's blank document has neither.
  beforeEach(() => {
    document.documentElement.lang = 'en';
    document.title = 'Signet';
  });

  it('the empty state', async () => {
    const { container } = await renderApp();
    expect(await seriousViolations(container)).toEqual([]);
  });

  it('the accounts view', async () => {
    const { container } = await renderApp({ accounts: accounts() });
    expect(await seriousViolations(container)).toEqual([]);
  });

  it('the activity view', async () => {
    const { container, user } = await renderApp({
      accounts: accounts(),
      activity: {
        entries: [
          {
            id: 1,
            accountId: null,
            provider: 'github',
            kind: 'refresh',
            outcome: 'failure',
            errorCode: 'network',
            durationMs: 800,
            at: new Date().toISOString(),
          },
        ],
        buckets: [
          { start: new Date(Date.now() - 2 * HOUR).toISOString(), refreshes: 3, failures: 1 },
          { start: new Date(Date.now() - HOUR).toISOString(), refreshes: 1, failures: 0 },
        ],
      },
    });
    await user.click(screen.getByRole('tab', { name: 'Activity' }));
    await screen.findByRole('table', { name: 'Recent activity, newest first' });
    await screen.findByRole('table', { name: 'Figures per provider' });
    expect(await seriousViolations(container)).toEqual([]);
    // And with the week and one provider chosen.
    await user.click(screen.getByRole('button', { name: 'Last 7 days' }));
    await user.selectOptions(screen.getByLabelText('Provider'), 'github');
    await screen.findByRole('heading', { name: 'GitHub, last 7 days' });
    expect(await seriousViolations(container)).toEqual([]);
  });

  it('the settings view, with a validation error showing', async () => {
    const { container, user } = await renderApp();
    await user.click(screen.getByRole('tab', { name: 'Settings' }));
    await user.type(await screen.findByLabelText('Server address'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await seriousViolations(container)).toEqual([]);
  });

  it('the settings view, with the pairing code and its QR code showing', async () => {
    const { container, user } = await renderApp({
      settings: {
        dataDir: '/d',
        syncServerUrl: 'rediss://cache.example:6380',
        syncServerFromEnvironment: false,
      },
    });
    await user.click(screen.getByRole('tab', { name: 'Settings' }));
    await user.click(await screen.findByRole('button', { name: 'Show pairing code' }));
    await screen.findByRole('img', { name: 'QR code of the pairing code' });
    expect(await seriousViolations(container)).toEqual([]);
  });

  it('the sign-in panel, browser and device', async () => {
    const { fake, user } = await renderApp();
    const dialog = await startDeviceSignIn(fake, user);
    pushDeviceCode(fake, { expiresAt: new Date(Date.now() + 300_000).toISOString() });
    expect(dialog.querySelector('.device-code-value')?.textContent).toBe(DEVICE_CODE);
    expect(await seriousViolations(document)).toEqual([]);

    pushProgress(fake, {
      provider: 'github',
      method: 'device',
      stage: 'failed',
      error: { code: 'access-denied', message: 'denied' },
    });
    expect(await seriousViolations(document)).toEqual([]);
  });

  it('the remove confirmation', async () => {
    const { user } = await renderApp({ accounts: accounts() });
    await user.click(
      within(screen.getByRole('article', { name: 'Octo' })).getByRole('button', { name: 'Remove' }),
    );
    expect(await seriousViolations(document)).toEqual([]);
  });

  it('tabs move with the arrow keys', async () => {
    const { user } = await renderApp();
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((tab) => tab.getAttribute('aria-selected'))).toEqual(['true', 'false', 'false']);
    tabs[0]!.focus();
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Activity' }));
    expect(screen.getByRole('tab', { name: 'Activity' }).getAttribute('aria-selected')).toBe('true');
    // Only the selected tab's panel is shown, and it is the one that tab controls.
    const panel = screen.getByRole('tabpanel');
    expect(panel.id).toBe(screen.getByRole('tab', { name: 'Activity' }).getAttribute('aria-controls'));
    expect(within(panel).getByRole('heading', { level: 2 }).textContent).toBe('Activity');
    await user.keyboard('{End}');
    expect(screen.getByRole('tab', { name: 'Settings' }).getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Accounts' }).getAttribute('aria-selected')).toBe('true');
  });
});
