import { act, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../../src/renderer/App';
import { failure, installFakeSignet, makeAccount } from './fake-signet';
import { renderApp } from './render-app';

const NOW = new Date('2025-06-01T12:00:00.000Z');

function card(name: string): HTMLElement {
  return screen.getByRole('article', { name });
}

/** A card's status badge, in words. */
function badge(name: string): string | null | undefined {
  return card(name).querySelector('.badge')?.textContent;
}

/** What a card says about its access: the token's expiry, then the last refresh. */
function facts(name: string): (string | null)[] {
  return [...card(name).querySelectorAll('dd')].map((fact) => fact.textContent);
}

/** The accounts on screen, by name, in order. */
function shownAccounts(): (string | null)[] {
  return screen
    .queryAllByRole('article')
    .map((article) => within(article).getByRole('heading', { level: 4 }).textContent);
}

const callout = (provider: string) =>
  `${provider} no longer accepts Signet’s saved sign-in for this account. Sign in again to keep it working.`;

describe('accounts', () => {
  it('explains Signet and offers the providers on first run', async () => {
    await renderApp();
    expect(screen.getByRole('heading', { level: 3 }).textContent).toBe('No accounts yet');
    expect(screen.getByText(/keeps you signed in/).textContent).toMatch(
      /^Sign in once in your browser and Signet keeps you signed in\. .* hands fresh tokens to your scripts\.$/,
    );
    expect(screen.getByRole('button', { name: 'Sign in with Google' }).hasAttribute('disabled')).toBe(false);
    expect(screen.getByRole('button', { name: 'Sign in with GitHub' }).hasAttribute('disabled')).toBe(false);
  });

  it('groups accounts by provider, each with a status badge in words', async () => {
    await renderApp({
      accounts: [
        makeAccount({ provider: 'github', displayName: 'Octo Cat', status: 'active' }),
        makeAccount({ provider: 'google', displayName: 'Ada', status: 'needs-reauth' }),
        makeAccount({ provider: 'google', displayName: 'Ada Work', status: 'offline' }),
        makeAccount({ provider: 'github', displayName: 'Hubot', status: 'error', lastErrorCode: 'network' }),
        makeAccount({ provider: 'github', displayName: 'Mona', status: 'refreshing' }),
      ],
    });

    const sections = screen
      .getAllByRole('region')
      .filter((region) => region.classList.contains('provider-section'));
    // Providers come in the order providersList gives: Google before GitHub.
    expect(sections.map((section) => within(section).getByRole('heading', { level: 3 }).textContent)).toEqual(
      ['Google2 accounts', 'GitHub3 accounts'],
    );
    const google = sections[0]!;
    expect(
      within(google)
        .getAllByRole('article')
        .map((article) => within(article).getByRole('heading', { level: 4 }).textContent),
    ).toEqual(['Ada', 'Ada Work']);

    expect(['Octo Cat', 'Ada', 'Ada Work', 'Hubot', 'Mona'].map(badge)).toEqual([
      'Active',
      'Needs sign-in',
      'Offline',
      'Error',
      'Refreshing',
    ]);
    const note = within(card('Hubot')).getByText(/couldn’t reach the provider/);
    expect(note.className).toContain('account-card-note--danger');
  });

  it('counts the access token down every second and says when it has expired', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(NOW);
    await renderApp(
      {
        accounts: [
          makeAccount({
            displayName: 'Ticking',
            accessTokenExpiresAt: new Date(NOW.getTime() + (41 * 60 + 3) * 1000).toISOString(),
            lastRefreshedAt: new Date(NOW.getTime() - 5 * 60 * 1000).toISOString(),
          }),
          makeAccount({ displayName: 'Forever', accessTokenExpiresAt: null, status: 'active' }),
          makeAccount({
            displayName: 'Soon',
            accessTokenExpiresAt: new Date(NOW.getTime() + 2000).toISOString(),
          }),
        ],
      },
      { user: false },
    );

    expect(facts('Ticking')).toEqual(['expires in 41m 3s', '5 min ago']);
    expect(facts('Forever')).toEqual(['no expiry', 'never']);

    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(facts('Ticking')[0]).toBe('expires in 41m 2s');

    act(() => {
      vi.advanceTimersByTime(2000);
    });
    expect(facts('Soon')[0]).toBe('expired');
  });

  it('removes an account only after the user confirms', async () => {
    const account = makeAccount({ displayName: 'Leaving Soon' });
    const { fake, user } = await renderApp({ accounts: [account] });

    await user.click(within(card('Leaving Soon')).getByRole('button', { name: 'Remove' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Remove Leaving Soon?' });
    expect(fake.callsTo('accountRemove')).toEqual([]);

    // Cancel first: nothing happens.
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fake.callsTo('accountRemove')).toEqual([]);

    await user.click(within(card('Leaving Soon')).getByRole('button', { name: 'Remove' }));
    await user.click(screen.getByRole('button', { name: 'Remove account' }));
    expect(fake.callsTo('accountRemove')).toEqual([{ accountId: account.id }]);
    await screen.findByText('No accounts yet');
  });

  it('says a Microsoft account is only forgotten here, as Microsoft offers desktop apps no revocation', async () => {
    const { user } = await renderApp({
      accounts: [
        makeAccount({ displayName: 'Work', provider: 'microsoft', providerName: 'Microsoft' }),
        makeAccount({ displayName: 'Code', provider: 'github' }),
      ],
    });
    await user.click(within(card('Work')).getByRole('button', { name: 'Remove' }));
    expect(screen.getByRole('alertdialog', { name: 'Remove Work?' }).textContent).toContain(
      'Microsoft offers desktop apps no way to revoke a sign-in, so Signet will forget this account on this computer only.',
    );
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await user.click(within(card('Code')).getByRole('button', { name: 'Remove' }));
    expect(screen.getByRole('alertdialog', { name: 'Remove Code?' }).textContent).toContain(
      'revoking its access where GitHub allows it',
    );
  });

  it('closes the remove confirmation with Escape and keeps focus inside it', async () => {
    const { fake, user } = await renderApp({ accounts: [makeAccount({ displayName: 'Kept' })] });
    await user.click(within(card('Kept')).getByRole('button', { name: 'Remove' }));
    const dialog = screen.getByRole('alertdialog');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    await user.tab();
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Remove account' }));
    await user.tab();
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fake.callsTo('accountRemove')).toEqual([]);
  });

  it('shows why a removal failed and stays open', async () => {
    const { fake, user } = await renderApp({ accounts: [makeAccount({ displayName: 'Stuck' })] });
    fake.handlers.accountRemove = () => failure('keychain-unavailable');
    await user.click(within(card('Stuck')).getByRole('button', { name: 'Remove' }));
    await user.click(screen.getByRole('button', { name: 'Remove account' }));
    const dialog = screen.getByRole('alertdialog');
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('can’t reach your system keychain');
    expect(alert.textContent).toContain('keychain-unavailable');
  });

  it('refreshes on demand and shows a failure in words', async () => {
    const account = makeAccount({ displayName: 'Fresh' });
    const { fake, user } = await renderApp({ accounts: [account] });
    await user.click(within(card('Fresh')).getByRole('button', { name: 'Refresh now' }));
    expect(fake.callsTo('accountRefresh')).toEqual([{ accountId: account.id }]);

    fake.handlers.accountRefresh = () => failure('network', 'ECONNRESET');
    await user.click(within(card('Fresh')).getByRole('button', { name: 'Refresh now' }));
    const alert = await within(card('Fresh')).findByRole('alert');
    expect(alert.textContent).toContain('Couldn’t refresh. Signet couldn’t reach the provider.');
    expect(alert.textContent).toContain('network');
  });

  it('says a revoked sign-in once, in the callout, not again as a refresh error', async () => {
    const account = makeAccount({ provider: 'github', displayName: 'Revoked' });
    const { fake, user } = await renderApp({ accounts: [account] });
    fake.handlers.accountRefresh = () => failure('needs-reauth', 'octocat needs to sign in again.');
    await user.click(within(card('Revoked')).getByRole('button', { name: 'Refresh now' }));
    act(() =>
      fake.emit('accounts-changed', [{ ...account, status: 'needs-reauth', lastErrorCode: 'needs-reauth' }]),
    );
    const revoked = card('Revoked');
    expect(within(revoked).getByText(/no longer accepts/).textContent).toBe(callout('GitHub'));
    expect(within(revoked).queryByText(/Couldn’t refresh/)).toBeNull();
  });

  it('clears a refresh error once the account is signed in again', async () => {
    const account = makeAccount({ displayName: 'Recovered', lastRefreshedAt: '2025-06-01T11:00:00.000Z' });
    const { fake, user } = await renderApp({ accounts: [account] });
    fake.handlers.accountRefresh = () => failure('network', 'ECONNRESET');
    await user.click(within(card('Recovered')).getByRole('button', { name: 'Refresh now' }));
    expect((await within(card('Recovered')).findByRole('alert')).textContent).toContain('Couldn’t refresh.');
    act(() => fake.emit('accounts-changed', [{ ...account, lastRefreshedAt: '2025-06-01T11:30:00.000Z' }]));
    expect(within(card('Recovered')).queryByText(/Couldn’t refresh/)).toBeNull();
  });

  it('asks prominently to sign in again when the account needs it', async () => {
    const { fake, user } = await renderApp({
      accounts: [makeAccount({ provider: 'google', displayName: 'Expired', status: 'needs-reauth' })],
    });
    const expired = card('Expired');
    expect(within(expired).queryByRole('button', { name: 'Refresh now' })).toBeNull();
    expect(within(expired).getByText(/no longer accepts/).textContent).toBe(callout('Google'));
    await user.click(within(expired).getByRole('button', { name: 'Sign in again' }));
    expect(fake.callsTo('signInStart')).toEqual([{ provider: 'google', method: 'browser' }]);
    const panel = await screen.findByRole('dialog');
    expect(within(panel).getByRole('heading', { level: 2 }).textContent).toBe('Sign in to Google');
  });

  it('replaces the list on accounts-changed and unsubscribes on unmount', async () => {
    const { fake, unmount } = await renderApp({ accounts: [makeAccount({ displayName: 'Before' })] });
    expect(fake.listenerCount('accounts-changed')).toBeGreaterThan(0);
    expect(fake.listenerCount('status-changed')).toBe(1);
    expect(fake.listenerCount('sign-in-progress')).toBe(1);

    act(() => fake.emit('accounts-changed', [makeAccount({ displayName: 'After' })]));
    expect(shownAccounts()).toEqual(['After']);

    unmount();
    expect(fake.listenerCount()).toBe(0);
  });

  it('lets a pushed list win over a slower initial load', async () => {
    const fake = installFakeSignet();
    let answer: (value: { ok: true; value: ReturnType<typeof makeAccount>[] }) => void = () => {};
    fake.handlers.accountsList = () => new Promise((resolve) => (answer = resolve));
    render(<App />);
    act(() => fake.emit('accounts-changed', [makeAccount({ displayName: 'Pushed' })]));
    await act(async () => answer({ ok: true, value: [makeAccount({ displayName: 'Stale' })] }));
    expect(shownAccounts()).toEqual(['Pushed']);
  });

  it('renders untrusted profile fields as text, never as markup', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const { container } = await renderApp({
      accounts: [
        makeAccount({
          displayName: hostile,
          login: '<script>alert(2)</script>',
          email: '"><svg onload=alert(3)>',
          avatar: 'javascript:alert(4)',
        }),
      ],
    });
    expect(screen.getByRole('heading', { name: hostile }).textContent).toBe(hostile);
    expect(screen.getByText(/<script>/).textContent).toBe(
      '<script>alert(2)</script> · "><svg onload=alert(3)>',
    );
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('svg[onload]')).toBeNull();
    expect(document.body.querySelector('[onerror]')).toBeNull();
  });

  it('shows a data: avatar and falls back to initials otherwise', async () => {
    const dataUrl = 'data:image/png;base64,iVBORw0KGgo=';
    const { container } = await renderApp({
      accounts: [
        makeAccount({ displayName: 'Pictured', avatar: dataUrl }),
        makeAccount({ displayName: 'Grace Hopper', avatar: 'https://example.com/me.png' }),
      ],
    });
    const images = container.querySelectorAll('img');
    expect(images).toHaveLength(1);
    expect(images[0]!.getAttribute('src')).toBe(dataUrl);
    expect(card('Grace Hopper').querySelector('.avatar--initials')?.textContent).toBe('GH');
  });

  it('offers a retry when the accounts cannot be loaded', async () => {
    const fake = installFakeSignet();
    fake.handlers.accountsList = () => failure('storage', 'SQLITE_BUSY');
    render(<App />);
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Couldn’t load your accounts. Signet couldn’t read or write its data on this computer.',
    );
    fake.handlers.accountsList = () =>
      Promise.resolve({ ok: true, value: [makeAccount({ displayName: 'Back' })] });
    await act(async () => screen.getByRole('button', { name: 'Try again' }).click());
    await screen.findByRole('article', { name: 'Back' });
    expect(shownAccounts()).toEqual(['Back']);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
