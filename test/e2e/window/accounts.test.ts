// The account manager window end to end: the built renderer in Chromium, bridged to a real core
// (real keychain, SQLite, loopback sign-ins) against the GitHub and Google emulators. The tests
// run in order and build on each other, as a person's first session with Signet would.

import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountView, SignInProgress } from '../../../src/shared/domain.js';
import {
  GITHUB_DEFAULT_USER,
  startGithubEmulator,
  startGoogleEmulator,
  type GithubEmulator,
  type GoogleEmulator,
} from '../../../emulators/index.js';
import { githubEnv, googleEnv } from '../../helpers/test-core.js';
import { startWindowSession, type BridgeCore, type WindowBridge, type WindowSession } from './bridge.js';

const HUBOT = { id: 480938, login: 'hubot', name: 'Hubot', primaryEmail: 'hubot@github.test' };

describe('the account manager window', () => {
  let github: GithubEmulator;
  let google: GoogleEmulator;
  let session: WindowSession;
  let core: BridgeCore;
  let win: WindowBridge;
  /** Every access token the accounts held, read in-process: none may ever reach the page. */
  const tokens = new Set<string>();

  const card = (name: string, page = win.page): Locator =>
    page.getByRole('article').filter({ has: page.getByRole('heading', { name, level: 4 }) });
  const panel = (): Locator => win.page.getByRole('dialog', { name: /^Sign in to / });
  const progress = () => win.events('sign-in-progress') as SignInProgress[];
  const accounts = () => core.service.listAccounts();

  async function collectTokens(): Promise<void> {
    for (const account of await accounts()) {
      if (account.status === 'needs-reauth') continue;
      tokens.add((await core.service.getAccessToken(account.id, { minValiditySeconds: 0 })).accessToken);
    }
  }

  beforeAll(async () => {
    github = await startGithubEmulator({
      mode: 'github-app',
      deviceInterval: 1,
      autoApproveDeviceAfterPolls: 2,
    });
    google = await startGoogleEmulator();
    session = await startWindowSession({ ...githubEnv(github), ...googleEnv(google) });
    ({ core, win } = session);
  });

  afterAll(async () => {
    await session?.close();
    await github?.close();
    await google?.close();
  });

  it('shows the empty state on first run', async () => {
    const page = win.page;
    await expect.poll(() => page.getByRole('heading', { name: 'No accounts yet' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Sign in with GitHub', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Sign in with Google', exact: true }).waitFor();
    // Discord has no client id here: its button says so, and cannot be pressed, instead of failing later.
    const discord = page.getByRole('button', { name: /^Discord/ });
    expect(await discord.locator('.provider-button-state').textContent()).toBe('Not configured');
    expect(await discord.isDisabled()).toBe(true);
    // Polled for its text, so that a failure says what the status bar showed instead.
    await expect
      .poll(() => page.getByRole('contentinfo').textContent(), { timeout: 10_000 })
      .toMatch(/^Keychain available — .+Local storage/);
    await win.screenshot('first-run');
  });

  it('adds a GitHub account through the browser', async () => {
    const page = win.page;
    await page.getByRole('button', { name: 'Sign in with GitHub', exact: true }).click();
    const octocat = card(GITHUB_DEFAULT_USER.name!);
    await octocat.waitFor();

    expect(core.opener.opened).toHaveLength(1);
    expect(core.opener.opened[0]).toMatch(new RegExp(`^${github.url}/login/oauth/authorize\\?`));
    const avatar = octocat.locator('img.avatar');
    expect(await avatar.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await octocat.getByText('octocat · octocat@github.test').waitFor();
    await octocat.getByText('Active', { exact: true }).waitFor();
    // A GitHub App's user token lasts eight hours.
    expect(await octocat.locator('.account-card-expiry').textContent()).toMatch(/^expires in (8h|7h 59m)$/);
    expect(progress().map((p) => p.stage)).toEqual(
      expect.arrayContaining(['waiting-for-browser', 'exchanging', 'done']),
    );
    await panel().waitFor({ state: 'detached' });
    await win.screenshot('github-added');
  });

  it('adds a Google account from the Add account dialog', async () => {
    const page = win.page;
    await page.getByRole('button', { name: 'Add account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an account' });
    await dialog.getByRole('button', { name: 'Sign in with Google', exact: true }).click();
    const jane = card('Jane Doe');
    await jane.waitFor();
    expect(await jane.locator('img.avatar').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await jane.getByText('Active', { exact: true }).waitFor();
    expect(await jane.locator('.account-card-expiry').textContent()).toMatch(/^expires in (59m|1h)/);
    await page.getByRole('heading', { name: /^Google/, level: 3 }).waitFor();
    await panel().waitFor({ state: 'detached' });
    expect((await accounts()).map((a) => a.provider).sort()).toEqual(['github', 'google']);
  });

  it('signs in with a code: the panel shows the user code large, then the account', async () => {
    const page = win.page;
    github.setUser(HUBOT);
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByRole('button', { name: 'Use a code instead to sign in with GitHub' }).click();

    const code = panel().locator('.device-code-value');
    await code.waitFor();
    expect(await code.textContent()).toBe(github.lastUserCode);
    const fontSize = await code.evaluate((element) => {
      const view = element.ownerDocument.defaultView as unknown as {
        getComputedStyle(e: unknown): { fontSize: string };
      };
      return Number.parseFloat(view.getComputedStyle(element).fontSize);
    });
    expect(fontSize).toBeGreaterThanOrEqual(24);
    await panel().getByText(`${github.url}/login/device`).waitFor();
    await win.screenshot('device-code');

    await card('Hubot').waitFor({ timeout: 15_000 });
    const device = progress().filter((p) => p.method === 'device');
    expect(device.map((p) => p.stage)).toEqual(expect.arrayContaining(['waiting-for-device', 'done']));
    expect(core.opener.opened).toHaveLength(2);
    await panel().waitFor({ state: 'detached' });
    expect(await accounts()).toHaveLength(3);
    await win.screenshot('three-accounts');
  });

  it('cancels a sign-in the user never finishes', async () => {
    const page = win.page;
    core.opener.follow = false;
    try {
      await page.getByRole('button', { name: 'Add account' }).click();
      await page
        .getByRole('dialog', { name: 'Add an account' })
        .getByRole('button', { name: 'Sign in with Google', exact: true })
        .click();
      await panel().getByText('Finish signing in to Google in your browser').waitFor();
      await panel().getByRole('button', { name: 'Open the browser again' }).waitFor();
      await win.screenshot('sign-in-waiting');
      const flowId = progress().at(-1)!.flowId;

      // The link goes to the clipboard from the main process; the window never sees it.
      await panel().getByRole('button', { name: 'Copy link' }).click();
      await panel().getByText('Link copied. Paste it into the browser you use.').waitFor();
      expect(win.clipboard.at(-1)?.startsWith(`${google.url}/o/oauth2/v2/auth?`)).toBe(true);
      expect(win.clipboard.at(-1)).toBe(core.opener.opened.at(-1));
      const copied = win.crossings.filter((c) => c.name === 'sign-in:copy-link');
      expect(copied.map((c) => JSON.parse(c.payload))).toEqual([{ ok: true, value: null }]);
      const opened = core.opener.opened.length;
      await panel().getByRole('button', { name: 'Open the browser again' }).click();
      await panel().getByText('Opened the sign-in page in your browser again.').waitFor();
      expect(core.opener.opened).toHaveLength(opened + 1);

      await panel().getByRole('button', { name: 'Cancel' }).click();
      await panel().waitFor({ state: 'detached' });
      await expect
        .poll(() =>
          progress()
            .filter((p) => p.flowId === flowId)
            .map((p) => p.stage),
        )
        .toContain('cancelled');
      expect(
        progress()
          .filter((p) => p.flowId === flowId)
          .map((p) => p.stage),
      ).not.toContain('done');
      expect(await accounts()).toHaveLength(3);
    } finally {
      core.opener.follow = true;
    }
  });

  it('refreshes an account on request', async () => {
    const jane = card('Jane Doe');
    const before = (await accounts()).find((a) => a.provider === 'google')!;
    await jane.getByRole('button', { name: 'Refresh now' }).click();
    await expect
      .poll(async () => (await accounts()).find((a) => a.id === before.id)?.lastRefreshedAt)
      .not.toBe(before.lastRefreshedAt);
    await jane.getByRole('button', { name: 'Refresh now' }).waitFor();
    await jane.getByText('Active', { exact: true }).waitFor();
    await collectTokens();
  });

  it('asks for a new sign-in when GitHub stops accepting the refresh token, then recovers the same account', async () => {
    github.setUser({ ...GITHUB_DEFAULT_USER });
    const octocatId = (await accounts()).find((a) => a.login === 'octocat')!.id;
    github.revokeAllRefreshTokens();

    const octocat = card(GITHUB_DEFAULT_USER.name!);
    await octocat.getByRole('button', { name: 'Refresh now' }).click();
    await octocat.getByText('Needs sign-in', { exact: true }).waitFor();
    await octocat.getByText('GitHub no longer accepts Signet’s saved sign-in for this account.').waitFor();
    expect(await octocat.locator('.account-card-expiry').textContent()).toBe('no access token');
    // Said once, in the callout: not repeated as a refresh error.
    expect(await octocat.getByText('Couldn’t refresh.').count()).toBe(0);
    await win.screenshot('needs-sign-in');

    await octocat.getByRole('button', { name: 'Sign in again' }).click();
    await panel().waitFor({ state: 'detached', timeout: 15_000 });
    await octocat.getByText('Active', { exact: true }).waitFor();
    await octocat.getByRole('button', { name: 'Refresh now' }).waitFor();
    expect(await octocat.getByRole('alert').count()).toBe(0);
    const after = (await accounts()).filter((a) => a.provider === 'github');
    expect(after.map((a) => a.login).sort()).toEqual(['hubot', 'octocat']);
    expect(after.find((a) => a.login === 'octocat')!.id).toBe(octocatId);
    expect(after.find((a) => a.login === 'octocat')!.status).toBe('active');
    await collectTokens();
  });

  it('shows sign-ins and refreshes in the activity tab, with the chart', async () => {
    const page = win.page;
    await page.getByRole('tab', { name: 'Activity' }).click();
    const chart = page.getByRole('img', { name: /Refreshes per hour, succeeded and failed/ });
    await chart.waitFor();
    const recent = page.getByRole('table', { name: 'Recent activity, newest first' });
    const rows = recent.locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(5);
    const text = await recent.textContent();
    expect(text).toContain('Sign-in');
    expect(text).toContain('Refresh');
    expect(text).toContain('Sign-in needed');
    expect(await page.locator('.chart-bar--refreshes').count()).toBeGreaterThan(0);
    await win.screenshot('activity');
    await page.getByRole('tab', { name: 'Accounts' }).click();
  });

  it('looks right in dark mode', async () => {
    const dark = await session.openWindow({ colorScheme: 'dark' });
    try {
      await card('Hubot', dark.page).waitFor();
      await dark.page.getByRole('article').nth(2).waitFor();
      await dark.screenshot('dark');
      expect(dark.consoleErrors).toEqual([]);
      expect(dark.findLeaks([...tokens])).toEqual([]);
    } finally {
      await dark.close();
    }
  });

  it('never handed a token to the page, and the page logged no errors', async () => {
    await collectTokens();
    expect(tokens.size).toBeGreaterThanOrEqual(3);
    expect(win.crossings.filter((c) => c.kind === 'result').length).toBeGreaterThan(10);
    expect(win.crossings.filter((c) => c.kind === 'event').length).toBeGreaterThan(10);
    expect(win.findLeaks([...tokens])).toEqual([]);
    // Every account view that crossed held no field beyond the contract's.
    for (const crossing of win.crossings.filter((c) => c.name === 'accounts-changed')) {
      for (const account of JSON.parse(crossing.payload) as AccountView[]) {
        expect(Object.keys(account).sort()).toEqual(
          [
            'accessTokenExpiresAt',
            'avatar',
            'createdAt',
            'displayName',
            'email',
            'id',
            'lastErrorCode',
            'lastRefreshedAt',
            'login',
            'provider',
            'providerName',
            'revokesAtSignOut',
            'scopes',
            'scopesChangedAt',
            'scopesRemoved',
            'status',
          ].sort(),
        );
      }
    }
    expect(win.consoleErrors).toEqual([]);
  });
});
