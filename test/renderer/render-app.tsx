import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../src/renderer/App';
import { installFakeSignet, type FakeState } from './fake-signet';

/** Installs a fake `window.signet`, renders the window and waits for the first load to land. */
export async function renderApp(initial: Partial<FakeState> = {}, options: { user?: boolean } = {}) {
  const fake = installFakeSignet(initial);
  const user = options.user === false ? null : userEvent.setup();
  const view = render(<App />);
  await screen.findByRole('heading', { name: 'Accounts' });
  await screen.findByText(/Keychain (available|unavailable)/);
  if (fake.state.accounts.length === 0) await screen.findByText('No accounts yet');
  else await screen.findAllByRole('article');
  return { fake, user: user ?? userEvent.setup(), ...view };
}
