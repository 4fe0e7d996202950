import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../src/renderer/App';
import { defaultProviders } from '../../src/renderer/dev/memory-signet';
import { failure, installFakeSignet, ok } from './fake-signet';
import { renderApp } from './render-app';

describe('add account', () => {
  it('shows a provider that is not configured as disabled, naming what to set', async () => {
    const { fake, user } = await renderApp({
      providers: [
        {
          id: 'github',
          name: 'GitHub',
          configured: false,
          methods: ['browser', 'device'],
          missing: ['SIGNET_GITHUB_CLIENT_ID'],
        },
        {
          id: 'discord',
          name: 'Discord',
          configured: false,
          methods: ['browser'],
          missing: ['SIGNET_DISCORD_CLIENT_ID', 'SIGNET_DISCORD_CLIENT_SECRET'],
        },
      ],
    });

    const github = screen.getByRole('button', { name: /GitHub/ });
    expect(github.hasAttribute('disabled')).toBe(true);
    expect(github.textContent).toContain('Not configured');
    const hint = document.getElementById(github.getAttribute('aria-describedby') ?? '');
    expect(hint?.textContent).toBe('Set SIGNET_GITHUB_CLIENT_ID and restart Signet.');
    expect(within(hint!).getByText('SIGNET_GITHUB_CLIENT_ID').tagName).toBe('CODE');
    // Device sign-in is not offered for a provider that cannot be used at all.
    expect(screen.queryByRole('button', { name: /Use a code instead/ })).toBeNull();

    const discord = screen.getByRole('button', { name: /Discord/ });
    expect(document.getElementById(discord.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Set SIGNET_DISCORD_CLIENT_ID and SIGNET_DISCORD_CLIENT_SECRET and restart Signet.',
    );

    await user.click(github);
    expect(fake.callsTo('signInStart')).toEqual([]);
  });

  it('offers "Use a code instead" only where the device flow exists', async () => {
    await renderApp();
    expect(
      screen
        .getAllByRole('button', { name: /Use a code instead/ })
        .map((button) => button.getAttribute('aria-label')),
    ).toEqual(['Use a code instead to sign in with GitHub']);
  });

  it('lists the providers from the header too', async () => {
    const { user } = await renderApp();
    await user.click(screen.getByRole('button', { name: 'Add account' }));
    const dialog = screen.getByRole('dialog', { name: 'Add an account' });
    expect(within(dialog).getByRole('button', { name: 'Sign in with Google' }).hasAttribute('disabled')).toBe(
      false,
    );
    expect(
      within(dialog)
        .getByRole('button', { name: /Discord/ })
        .hasAttribute('disabled'),
    ).toBe(true);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Add account' }));
  });

  it('says when the providers cannot be loaded, and loads them on Try again', async () => {
    const fake = installFakeSignet();
    fake.handlers.providersList = () => failure('internal');
    render(<App />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Couldn’t load the providers.');
    expect(screen.queryByRole('button', { name: 'Sign in with Google' })).toBeNull();

    fake.handlers.providersList = () => ok(defaultProviders);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      (await screen.findByRole('button', { name: 'Sign in with Google' })).hasAttribute('disabled'),
    ).toBe(false);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(fake.callsTo('providersList')).toHaveLength(2);
  });
});
