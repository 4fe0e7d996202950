// axe-core on the real window, in light and dark, over every view a person reaches: first run,
// accounts (active and needing sign-in), the add-account dialog, both sign-in panels, activity and
// settings. No `serious` or `critical` violation is allowed.
//
// axe is injected as an inline script, so these windows are opened with `bypassCSP`; every other
// window test runs under the renderer's real CSP.

import type { Locator } from 'playwright-core';
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

describe('accessibility of the window (axe-core)', () => {
  let github: GithubEmulator;
  let google: GoogleEmulator;
  let session: WindowSession;
  let core: BridgeCore;
  let win: WindowBridge;

  const expectNoSeriousViolations = async (where: string, page = win.page) => {
    const violations = await seriousAxeViolations(page);
    expect(violations, `${where}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
  };

  /** Checks a sign-in panel, then cancels it, whatever the check found. */
  const checkThenCancel = async (panel: Locator, where: string) => {
    try {
      await expectNoSeriousViolations(where);
    } finally {
      await panel.getByRole('button', { name: 'Cancel' }).click();
      await panel.waitFor({ state: 'detached' });
    }
  };

  beforeAll(async () => {
    // A device code that is never approved, so its panel stays up to be checked.
    github = await startGithubEmulator({ mode: 'github-app', deviceInterval: 1 });
    google = await startGoogleEmulator();
    session = await startWindowSession({ ...githubEnv(github), ...googleEnv(google) }, { bypassCSP: true });
    ({ core, win } = session);
  });

  afterAll(async () => {
    await session?.close();
    await github?.close();
    await google?.close();
  });

  it('first run', async () => {
    await win.page.getByRole('heading', { name: 'No accounts yet' }).waitFor();
    await expectNoSeriousViolations('empty state');
  });

  it('accounts, one of them needing a new sign-in', async () => {
    const page = win.page;
    await signIn(core.service, 'google');
    const octocat = await signIn(core.service, 'github');
    github.revokeAllRefreshTokens();
    await core.service.refresh(octocat).catch(() => undefined);
    await page.getByText('Needs sign-in', { exact: true }).waitFor();
    await page.getByText('Jane Doe').waitFor();
    await expectNoSeriousViolations('accounts');
  });

  it('the add-account dialog', async () => {
    const page = win.page;
    await page.getByRole('button', { name: 'Add account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an account' });
    await dialog.waitFor();
    try {
      await expectNoSeriousViolations('add-account dialog');
    } finally {
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    }
  });

  it('the browser sign-in panel', async () => {
    const page = win.page;
    core.opener.follow = false;
    try {
      await page.getByRole('button', { name: 'Add account' }).click();
      await page.getByRole('button', { name: 'Sign in with Google', exact: true }).click();
      const panel = page.getByRole('dialog', { name: 'Sign in to Google' });
      await panel.getByText('Finish signing in to Google in your browser').waitFor();
      await checkThenCancel(panel, 'browser sign-in panel');
    } finally {
      core.opener.follow = true;
    }
  });

  it('the device sign-in panel', async () => {
    const page = win.page;
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByRole('button', { name: 'Use a code instead to sign in with GitHub' }).click();
    const panel = page.getByRole('dialog', { name: 'Sign in to GitHub with a code' });
    expect(await panel.locator('.device-code-value').textContent()).toBe(github.lastUserCode);
    await checkThenCancel(panel, 'device sign-in panel');
  });

  it('activity', async () => {
    const page = win.page;
    await page.getByRole('tab', { name: 'Activity' }).click();
    await page.getByRole('img', { name: /Refreshes per hour, succeeded and failed/ }).waitFor();
    await page.locator('table tbody tr').first().waitFor();
    await expectNoSeriousViolations('activity');
  });

  it('settings', async () => {
    const page = win.page;
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByLabel('Server address').waitFor();
    await expectNoSeriousViolations('settings');
    await page.getByRole('tab', { name: 'Accounts' }).click();
  });

  it('every view in dark mode', async () => {
    const dark = await session.openWindow({ colorScheme: 'dark', bypassCSP: true });
    try {
      const page = dark.page;
      await page.getByText('Needs sign-in', { exact: true }).waitFor();
      await expectNoSeriousViolations('accounts (dark)', page);
      await page.getByRole('tab', { name: 'Activity' }).click();
      await page.locator('table tbody tr').first().waitFor();
      await expectNoSeriousViolations('activity (dark)', page);
      await page.getByRole('tab', { name: 'Settings' }).click();
      await page.getByLabel('Server address').waitFor();
      await expectNoSeriousViolations('settings (dark)', page);
      expect(dark.consoleErrors).toEqual([]);
    } finally {
      await dark.close();
    }
  });

  it('logged no errors', () => {
    expect(win.consoleErrors).toEqual([]);
    expect(win.findLeaks()).toEqual([]);
  });
});
