// The Activity figures in the real window (the built renderer in Debian's Chromium, on a real core
// with the Google and GitHub emulators): two sign-ins, one cancelled in the window, refreshes that
// succeed, one rate limited and one GitHub no longer accepts. The tiles, the chart and the table
// must say what the core's own figures say; screenshots of each view go to test-results/ (the
// README's come from there), and axe-core finds nothing serious in light or dark.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startGithubEmulator,
  startGoogleEmulator,
  type GithubEmulator,
  type GoogleEmulator,
} from '../../../emulators/index.js';
import { githubEnv, googleEnv, signIn } from '../../helpers/test-core.js';
import {
  seriousAxeViolations,
  startWindowSession,
  type BridgeCore,
  type WindowBridge,
  type WindowSession,
} from './bridge.js';

describe('the Activity figures in the window', () => {
  let github: GithubEmulator;
  let google: GoogleEmulator;
  let session: WindowSession;
  let core: BridgeCore;
  let win: WindowBridge;
  const tokens = new Set<string>();

  /** A tile's value and note, as the page shows them. */
  const tile = async (name: string, page = win.page) => {
    const box = page.locator('.figure-tile', { has: page.locator('dt', { hasText: name }) });
    return [
      await box.locator('.figure-value').textContent(),
      await box.locator('.figure-note').textContent(),
    ];
  };

  beforeAll(async () => {
    github = await startGithubEmulator({ mode: 'github-app' });
    google = await startGoogleEmulator();
    session = await startWindowSession(
      { ...githubEnv(github), ...googleEnv(google) },
      {
        beforeOpen: async ({ service }) => {
          const googleId = await signIn(service, 'google');
          const githubId = await signIn(service, 'github');
          await service.refresh(googleId);
          await service.refresh(googleId);
          google.pushFault('token', { kind: 'status', status: 429, headers: { 'retry-after': '1' } });
          await expect(service.refresh(googleId)).rejects.toMatchObject({ code: 'rate-limited' });
          github.revokeAllRefreshTokens();
          await expect(service.refresh(githubId)).rejects.toMatchObject({ code: 'needs-reauth' });
          for (const id of [googleId]) tokens.add((await service.getAccessToken(id)).accessToken);
        },
      },
    );
    ({ core, win } = session);
  }, 60_000);

  afterAll(async () => {
    await session?.close();
    await github?.close();
    await google?.close();
  });

  it('counts a sign-in cancelled in the window as cancelled, not failed', async () => {
    const page = win.page;
    core.opener.follow = false;
    try {
      await page.getByRole('button', { name: 'Add account' }).click();
      await page.getByRole('button', { name: 'Sign in with Google', exact: true }).click();
      const panel = page.getByRole('dialog', { name: 'Sign in to Google' });
      await panel.getByText('Finish signing in to Google in your browser').waitFor();
      await panel.getByRole('button', { name: 'Cancel' }).click();
      await panel.waitFor({ state: 'detached' });
    } finally {
      core.opener.follow = true;
    }
    await expect.poll(() => core.service.activityFigures().windows[0]!.overall.signIns.cancelled).toBe(1);
  });

  it('shows the last 24 hours for all providers, as the core counts them', async () => {
    const page = win.page;
    await page.getByRole('tab', { name: 'Activity' }).click();
    await page.getByRole('heading', { name: 'All providers, last 24 hours' }).waitFor();
    const [day] = core.service.activityFigures().windows;
    expect(day!.overall.refreshes).toMatchObject({ succeeded: 2, failed: 2 });

    await expect.poll(() => tile('Sign-in success')).toEqual(['100%', '2 of 2 sign-ins, 1 cancelled']);
    expect(day!.overall.refreshes.successRate).toBe(0.5);
    expect(await tile('Refresh success')).toEqual(['50%', '2 of 4 refreshes']);
    expect((await tile('Refreshes per hour'))[0]).toBe('0.17');
    const [median, note] = await tile('Time to refresh');
    expect(median).toMatch(/^\d+ ms$/);
    expect(note).toMatch(/^median; slowest \d+ ms$/);

    const chart = page.getByRole('img', { name: /Refreshes per hour, succeeded and failed/ });
    expect(await chart.locator('desc').textContent()).toMatch(
      /^Over the last 24 hours: 4 refreshes, 2 of them failed\./,
    );
    expect(await chart.locator('rect.chart-bar--failures').count()).toBeGreaterThan(0);
    const failures = page.getByRole('list', { name: 'Failures by type, last 24 hours' });
    expect(await failures.getByRole('listitem').allTextContents()).toEqual([
      'Rate limited1 (1 refresh)',
      'Needs sign-in1 (1 refresh)',
    ]);
    const rows = page.getByRole('table', { name: 'Figures per provider' }).locator('tbody tr');
    expect(await rows.locator('th').allTextContents()).toEqual(['All providers', 'GitHub', 'Google']);
    expect(await rows.nth(1).locator('td').nth(1).textContent()).toBe('0% (0/1)');
    expect(await rows.nth(2).locator('td').nth(1).textContent()).toBe('66.7% (2/3)');
    await win.screenshot('activity-figures');
  });

  it('shows the last 7 days for one provider', async () => {
    const page = win.page;
    await page.getByRole('button', { name: 'Last 7 days' }).click();
    await page.getByLabel('Provider', { exact: true }).selectOption('google');
    await page.getByRole('heading', { name: 'Google, last 7 days' }).waitFor();
    expect(await tile('Refresh success')).toEqual(['66.7%', '2 of 3 refreshes']);
    expect(await tile('Sign-in success')).toEqual(['100%', '1 of 1 sign-in, 1 cancelled']);
    await page.getByRole('img', { name: /Refreshes per 6 hours/ }).waitFor();
    await win.screenshot('activity-week-google');
  });

  it('is axe-clean in light and dark, and reads well in dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const checked = await session.openWindow({ colorScheme, bypassCSP: true });
      try {
        const page = checked.page;
        await page.getByRole('tab', { name: 'Activity' }).click();
        await page.getByRole('heading', { name: 'All providers, last 24 hours' }).waitFor();
        await page.locator('.figure-tile').first().waitFor();
        expect(await seriousAxeViolations(page), `${colorScheme}, 24 h`).toEqual([]);
        if (colorScheme === 'dark') await checked.screenshot('activity-dark');
        await page.getByRole('button', { name: 'Last 7 days' }).click();
        await page.getByLabel('Provider', { exact: true }).selectOption('github');
        await page.getByRole('heading', { name: 'GitHub, last 7 days' }).waitFor();
        expect(await seriousAxeViolations(page), `${colorScheme}, 7 d, GitHub`).toEqual([]);
        expect(checked.consoleErrors).toEqual([]);
      } finally {
        await checked.close();
      }
    }
  });

  it('never handed a token to the page, and the page logged no errors', () => {
    expect(tokens.size).toBe(1);
    expect(win.crossings.some((crossing) => crossing.name === 'activity:figures')).toBe(true);
    expect(win.findLeaks([...tokens])).toEqual([]);
    expect(win.consoleErrors).toEqual([]);
  });
});
