// Scopes in the window end to end: the built renderer in Chromium, bridged to a real core against
// the GitHub emulator as an OAuth app (whose tokens carry the scopes of the request they answer).
// The card lists what the account may do; "Add permissions…" runs an incremental consent through
// to the updated card, naming what was declined; a consent as someone else changes nothing;
// "Sign in again" keeps the added scopes; all of it axe-clean in light and dark.

import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GITHUB_DEFAULT_USER, startGithubEmulator, type GithubEmulator } from '../../../emulators/index.js';
import { githubEnv } from '../../helpers/test-core.js';
import { seriousAxeViolations, startWindowSession, type WindowBridge, type WindowSession } from './bridge.js';

const NAME = GITHUB_DEFAULT_USER.name!;

describe('adding permissions in the window', () => {
  let github: GithubEmulator;
  let session: WindowSession;
  let win: WindowBridge;
  const tokens = new Set<string>();

  const card = (page: Page = win.page): Locator =>
    page.getByRole('article').filter({ has: page.getByRole('heading', { name: NAME, level: 4 }) });
  const chooser = (page: Page = win.page) =>
    page.getByRole('dialog', { name: `Add permissions for ${NAME}` });
  const panel = () => win.page.getByRole('dialog', { name: 'Add permissions at GitHub' });
  const account = async () => {
    const [only, ...others] = await session.core.service.listAccounts();
    expect(others).toEqual([]);
    return only!;
  };
  const scopeTexts = (within: Locator) =>
    within.locator('.account-card-scopes li').evaluateAll((items) => items.map((item) => item.textContent));
  const collectToken = async () =>
    tokens.add((await session.core.service.getAccessToken((await account()).id)).accessToken);

  beforeAll(async () => {
    github = await startGithubEmulator({ mode: 'oauth-app' });
    session = await startWindowSession(githubEnv(github));
    win = session.win;
  });

  afterAll(async () => {
    await session?.close();
    await github?.close();
  });

  it('shows the scopes on the card, in words with the raw scope', async () => {
    await win.page.getByRole('button', { name: 'Sign in with GitHub', exact: true }).click();
    await card().getByText('Active', { exact: true }).waitFor();
    await win.page.getByRole('dialog', { name: 'Sign in to GitHub' }).waitFor({ state: 'detached' });
    expect(await scopeTexts(card())).toEqual([
      'Read your profile read:user',
      'See your email addresses user:email',
    ]);
    expect((await account()).scopes).toEqual(['read:user', 'user:email']);
    await collectToken();
    await win.screenshot('accounts-scopes');
  });

  it('adds permissions through to the updated card, and names what GitHub did not grant', async () => {
    const { core } = session;
    const before = await account();
    await card().getByRole('button', { name: 'Add permissions…' }).click();
    const dialog = chooser();
    await dialog.getByRole('region', { name: 'It can already' }).getByText('Read your profile').waitFor();
    await dialog.getByRole('checkbox', { name: /Access private repositories repo/ }).check();
    await dialog.getByRole('checkbox', { name: /Create gists gist/ }).check();
    await dialog.getByRole('textbox', { name: 'Another scope' }).fill('workflow');
    await win.screenshot('add-permissions');

    // The person unticks "workflow" on GitHub's page.
    github.setDeclinedScopes(['workflow']);
    try {
      await dialog.getByRole('button', { name: 'Continue in browser' }).click();
      await panel().getByText('GitHub granted:').waitFor();
    } finally {
      github.setDeclinedScopes([]);
    }
    // GitHub was asked for the combined list (its tokens carry only what the request names).
    expect(github.lastAuthorizationRequest?.get('scope')?.split(' ')).toEqual([
      'read:user',
      'user:email',
      'repo',
      'gist',
      'workflow',
    ]);
    const result = panel().locator('.consent-result');
    expect(await result.locator('.scope-list').first().locator('li').allTextContents()).toEqual([
      'Access private repositories repo',
      'Create gists gist',
    ]);
    await result.getByText('Not granted, so the account still can’t:').waitFor();
    expect((await result.locator('.callout li').allTextContents()).map((text) => text.trim())).toEqual([
      'Change GitHub Actions workflows workflow',
    ]);
    await win.screenshot('add-permissions-result');
    await panel().getByRole('button', { name: 'Close' }).click();
    await panel().waitFor({ state: 'detached' });

    // The same account, not a second one, with the union on its card.
    const after = await account();
    expect(after.id).toBe(before.id);
    expect(after.scopes).toEqual(['read:user', 'user:email', 'repo', 'gist']);
    await expect
      .poll(() => scopeTexts(card()))
      .toEqual([
        'Read your profile read:user',
        'See your email addresses user:email',
        'Access private repositories repo',
        'Create gists gist',
      ]);
    // The token is the new grant's, and it carries the union.
    const token = (await core.service.getAccessToken(after.id)).accessToken;
    tokens.add(token);
    expect(github.isAccessTokenValid(token)).toBe(true);
    await win.screenshot('accounts-added-scopes');
  });

  it('refuses a consent that comes back as someone else, and changes nothing', async () => {
    const before = await account();
    github.setUser({ id: 999, login: 'hubot', name: 'Hubot', primaryEmail: 'hubot@github.test' });
    try {
      await card().getByRole('button', { name: 'Add permissions…' }).click();
      await chooser()
        .getByRole('checkbox', { name: /Read your notifications notifications/ })
        .check();
      await chooser().getByRole('button', { name: 'Continue in browser' }).click();
      const alert = panel().getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain(
        'No permissions were added. The browser signed in as a different account, so nothing was changed.',
      );
      await win.screenshot('add-permissions-wrong-account');
      await panel().getByRole('button', { name: 'Close' }).click();
    } finally {
      github.setUser({});
    }
    const after = await account();
    expect(after).toEqual({ ...before, accessTokenExpiresAt: after.accessTokenExpiresAt });
    expect(await card().getByText('Read your notifications').count()).toBe(0);
    expect(await win.page.getByRole('heading', { name: 'Hubot', level: 4 }).count()).toBe(0);
  });

  it('signs in again asking for every scope the account holds, so none is lost', async () => {
    const before = await account();
    await card().getByRole('button', { name: 'Sign in again' }).click();
    await win.page.getByRole('dialog', { name: 'Sign in to GitHub' }).waitFor({ state: 'detached' });
    expect(github.lastAuthorizationRequest?.get('scope')?.split(' ')).toEqual([
      'read:user',
      'user:email',
      'repo',
      'gist',
    ]);
    const after = await account();
    expect(after.id).toBe(before.id);
    expect(after.scopes).toEqual(['read:user', 'user:email', 'repo', 'gist']);
    await collectToken();
  });

  it('is axe-clean in light and dark, the card and the dialog', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const checked = await session.openWindow({ colorScheme, bypassCSP: true });
      try {
        await card(checked.page).getByText('Access private repositories').waitFor();
        expect(await seriousAxeViolations(checked.page), `${colorScheme}, accounts`).toEqual([]);
        await card(checked.page).getByRole('button', { name: 'Add permissions…' }).click();
        await chooser(checked.page)
          .getByRole('checkbox', { name: /Create gists/ })
          .waitFor({
            state: 'detached',
          });
        await chooser(checked.page)
          .getByRole('checkbox', { name: /Read your notifications/ })
          .check();
        expect(await seriousAxeViolations(checked.page), `${colorScheme}, dialog`).toEqual([]);
        if (colorScheme === 'dark') await checked.screenshot('add-permissions-dark');
        expect(checked.consoleErrors).toEqual([]);
      } finally {
        await checked.close();
      }
    }
  });

  it('never handed a token to the page, and the page logged no errors', () => {
    expect(tokens.size).toBeGreaterThanOrEqual(2);
    expect(win.findLeaks([...tokens])).toEqual([]);
    expect(win.consoleErrors).toEqual([]);
  });
});
