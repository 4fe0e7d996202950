import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AccountScopes } from '../../src/renderer/components/account-scopes';
import { makeAccount } from './fake-signet';

describe('the scopes on an account card', () => {
  it('lists each granted scope in words with the raw scope beside it, and an unknown one raw', () => {
    render(
      <AccountScopes
        account={makeAccount({ provider: 'github', scopes: ['read:user', 'repo', 'custom:thing'] })}
      />,
    );
    const list = within(screen.getByRole('region', { name: 'Permissions' }));
    expect(list.getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'Read your profile read:user',
      'Access private repositories repo',
      ' custom:thing',
    ]);
  });

  it('knows Google’s long forms and shows the scopes the provider or the person took back', () => {
    render(
      <AccountScopes
        account={makeAccount({
          provider: 'google',
          providerName: 'Google',
          scopes: ['openid', 'https://www.googleapis.com/auth/userinfo.email'],
          scopesRemoved: ['https://www.googleapis.com/auth/drive.readonly'],
        })}
      />,
    );
    expect(screen.getByText('See your email address')).toBeTruthy();
    expect(screen.getByText(/Removed by Google or you:/).textContent).toBe(
      'Removed by Google or you: See and download all your Google Drive files https://www.googleapis.com/auth/drive.readonly',
    );
  });

  it('shows nothing for an account with no scopes recorded', () => {
    const { container } = render(<AccountScopes account={makeAccount({ scopes: [] })} />);
    expect(container.textContent).toBe('');
  });
});
