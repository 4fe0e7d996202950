import { act, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { FLOW_ID, makeAccount } from './fake-signet';
import { renderApp } from './render-app';
import { pushProgress } from './sign-in-flow';

const octo = () =>
  makeAccount({
    provider: 'github',
    displayName: 'Octo',
    login: 'octocat',
    scopes: ['read:user', 'user:email'],
  });

const card = (name: string) =>
  screen.getAllByRole('article').find((article) => within(article).queryByRole('heading', { name }))!;

/** The texts of the list items under `element`, whitespace as rendered. */
const items = (element: HTMLElement) =>
  within(element)
    .getAllByRole('listitem')
    .map((item) => item.textContent?.trim());

async function openDialog(user: ReturnType<typeof import('@testing-library/user-event').default.setup>) {
  await user.click(within(card('Octo')).getByRole('button', { name: 'Add permissions…' }));
  return screen.findByRole('dialog', { name: 'Add permissions for Octo' });
}

describe('adding permissions to an account', () => {
  beforeEach(() => {
    document.documentElement.lang = 'en';
    document.title = 'Signet';
  });

  it('lists what the account has and offers what it lacks, in words with the raw scope', async () => {
    const { user } = await renderApp({
      accounts: [makeAccount({ ...octo(), scopes: ['read:user', 'user:email', 'repo'] })],
    });
    const dialog = await openDialog(user);
    const held = within(dialog).getByRole('region', { name: 'It can already' });
    expect(items(held)).toEqual([
      'Read your profile read:user',
      'See your email addresses user:email',
      'Access private repositories repo',
    ]);
    const offered = within(dialog).getByRole('group', { name: 'Ask GitHub for' });
    const choices = within(offered)
      .getAllByRole('checkbox')
      .map((box) => box.closest('label')?.textContent?.trim());
    expect(choices).toContain('Change GitHub Actions workflows workflow');
    expect(choices).toContain('Create gists gist');
    // Held, or included in what is held (repo covers public_repo on GitHub): not offered again.
    expect(choices.some((text) => text?.endsWith(' repo'))).toBe(false);
    expect(choices.some((text) => text?.endsWith(' public_repo'))).toBe(false);
    expect(choices.some((text) => text?.endsWith(' read:user'))).toBe(false);
  });

  it('asks for the chosen and the typed scopes, then shows the union on the card and names what was declined', async () => {
    const account = octo();
    const { fake, user } = await renderApp({ accounts: [account] });
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('checkbox', { name: /Create gists gist/ }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Another scope' }), 'read:project custom:x');
    await user.click(within(dialog).getByRole('button', { name: 'Continue in browser' }));

    expect(fake.callsTo('accountAddScopes')).toEqual([
      { accountId: account.id, scopes: ['gist', 'read:project', 'custom:x'], method: 'browser' },
    ]);
    expect(fake.callsTo('signInStart')).toEqual([]);
    const panel = await screen.findByRole('dialog', { name: 'Add permissions at GitHub' });
    expect(screen.queryByRole('dialog', { name: 'Add permissions for Octo' })).toBeNull();
    await waitFor(() => expect(fake.openFlows.has(FLOW_ID)).toBe(true));
    await act(async () => {});

    pushProgress(fake, { provider: 'github', stage: 'waiting-for-browser' });
    await within(panel).findByText(/Finish signing in to GitHub in your browser/);
    // GitHub granted gist and read:project; the person's browser never granted custom:x.
    act(() => {
      fake.patchAccount(account.id, { scopes: ['read:user', 'user:email', 'gist', 'read:project'] });
    });
    pushProgress(fake, { provider: 'github', stage: 'done', accountId: account.id });

    await within(panel).findByText(/GitHub granted:/);
    const result = panel.querySelector('.consent-result') as HTMLElement;
    const [granted, declined] = within(result).getAllByRole('list');
    expect(items(granted!)).toEqual(['Create gists gist', 'See your projects read:project']);
    expect(within(result).getByText(/Not granted, so the account still can’t:/)).toBeTruthy();
    expect(items(declined!)).toEqual(['custom:x']);
    expect(within(card('Octo')).getByText('Create gists')).toBeTruthy();
    expect(within(card('Octo')).getByText('See your projects')).toBeTruthy();

    // It stays open to be read, and closes when told.
    await new Promise((resolve) => setTimeout(resolve, 1400));
    expect(screen.getByRole('dialog', { name: 'Add permissions at GitHub' })).toBeTruthy();
    await user.click(within(panel).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('says a consent as a different person changed nothing, and leaves the card as it was', async () => {
    const account = octo();
    const { fake, user } = await renderApp({ accounts: [account] });
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('checkbox', { name: /Access private repositories repo/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Continue in browser' }));
    const panel = await screen.findByRole('dialog', { name: 'Add permissions at GitHub' });
    await waitFor(() => expect(fake.openFlows.has(FLOW_ID)).toBe(true));
    await act(async () => {});

    pushProgress(fake, {
      provider: 'github',
      stage: 'failed',
      error: { code: 'wrong-account', message: 'Signed in as hubot, not octocat.' },
    });
    const alert = await within(panel).findByRole('alert');
    expect(alert.textContent).toContain('No permissions were added.');
    expect(alert.textContent).toContain(
      'The browser signed in as a different account, so nothing was changed.',
    );
    expect(within(card('Octo')).queryByText('Access private repositories')).toBeNull();

    // Trying again asks for the same scopes for the same account.
    await user.click(within(panel).getByRole('button', { name: 'Try again' }));
    expect(fake.callsTo('accountAddScopes')).toHaveLength(2);
    expect(fake.callsTo('accountAddScopes')[1]).toEqual(fake.callsTo('accountAddScopes')[0]);
  });

  it('refuses what is not a scope, and asks for a choice when none is made', async () => {
    const { fake, user } = await renderApp({ accounts: [octo()] });
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Continue in browser' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('Choose a permission, or type a scope.');

    const field = within(dialog).getByRole('textbox', { name: 'Another scope' });
    await user.type(field, 'repo "quoted"');
    await user.click(within(dialog).getByRole('button', { name: 'Continue in browser' }));
    expect(within(dialog).getByRole('alert').textContent).toMatch(/^“"quoted"” is not a scope/);
    expect(field.getAttribute('aria-invalid')).toBe('true');

    await user.clear(field);
    await user.type(field, 'read:user');
    await user.click(within(dialog).getByRole('button', { name: 'Continue in browser' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('Octo already has read:user.');
    expect(fake.callsTo('accountAddScopes')).toEqual([]);

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('has no serious axe violations', async () => {
    const { user } = await renderApp({ accounts: [octo()] });
    const dialog = await openDialog(user);
    const results = await axe.run(dialog, { rules: { 'color-contrast': { enabled: false } } });
    expect(
      results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
    ).toEqual([]);
  });
});

describe('signing in again', () => {
  it('keeps scopes beyond the provider’s defaults by adding them for the same account', async () => {
    const account = makeAccount({
      provider: 'github',
      displayName: 'Octo',
      status: 'needs-reauth',
      scopes: ['read:user', 'user:email', 'repo', 'gist'],
    });
    const { fake, user } = await renderApp({ accounts: [account] });
    await user.click(within(card('Octo')).getByRole('button', { name: 'Sign in again' }));
    expect(fake.callsTo('accountAddScopes')).toEqual([
      { accountId: account.id, scopes: ['repo', 'gist'], method: 'browser' },
    ]);
    expect(fake.callsTo('signInStart')).toEqual([]);
    // Still a sign-in to the person: same title as any other.
    await screen.findByRole('dialog', { name: 'Sign in to GitHub' });
  });

  it('is a plain sign-in for an account holding only the defaults', async () => {
    const { fake, user } = await renderApp({ accounts: [octo()] });
    await user.click(within(card('Octo')).getByRole('button', { name: 'Sign in again' }));
    expect(fake.callsTo('signInStart')).toEqual([{ provider: 'github', method: 'browser' }]);
    expect(fake.callsTo('accountAddScopes')).toEqual([]);
  });
});
