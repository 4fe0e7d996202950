import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { failure, FLOW_ID, makeStatus, ok } from './fake-signet';
import { renderApp } from './render-app';
import {
  DEVICE_CODE,
  DEVICE_URI,
  holdSignInStart,
  pushDeviceCode,
  pushProgress as progress,
  startDeviceSignIn,
} from './sign-in-flow';

function step(label: string): HTMLElement {
  const list = screen.getByRole('dialog').querySelector('ol');
  const item = list && within(list).getByText(label).closest('li');
  if (!item) throw new Error(`no step ${label}`);
  return item;
}

async function startGoogle() {
  const app = await renderApp();
  await app.user.click(screen.getByRole('button', { name: 'Sign in with Google' }));
  const dialog = await screen.findByRole('dialog', { name: 'Sign in to Google' });
  // The flow id arrives asynchronously; wait until the panel can act on it.
  await waitFor(() =>
    expect(within(dialog).getByRole('button', { name: 'Copy link' }).hasAttribute('disabled')).toBe(false),
  );
  return { ...app, dialog };
}

describe('sign-in panel', () => {
  it('walks through the stages as progress events arrive', async () => {
    const { fake, dialog } = await startGoogle();
    expect(fake.callsTo('signInStart')).toEqual([{ provider: 'google', method: 'browser' }]);
    expect(step('Opening the browser').getAttribute('aria-current')).toBe('step');

    progress(fake, { stage: 'opening-browser' });
    progress(fake, { stage: 'waiting-for-browser', expiresAt: new Date(Date.now() + 300_000).toISOString() });
    expect(step('Opening the browser').className).toContain('step--complete');
    expect(step('Waiting for you in the browser').getAttribute('aria-current')).toBe('step');
    expect(within(dialog).getByText(/^Finish signing in/).textContent).toBe(
      'Finish signing in to Google in your browser, then come back here. Nothing happened? Open the browser again, or copy the link into the browser you use.',
    );
    expect(within(dialog).getByText(/^This sign-in stops in/).textContent).toMatch(
      /^This sign-in stops in 4m \d{1,2}s if it isn’t finished\.$/,
    );

    progress(fake, { stage: 'exchanging' });
    expect(step('Exchanging the code').getAttribute('aria-current')).toBe('step');
    progress(fake, { stage: 'fetching-profile' });
    progress(fake, { stage: 'storing' });
    expect(step('Fetching your profile').getAttribute('aria-current')).toBe('step');
    expect(step('Exchanging the code').textContent).toContain('(done)');

    progress(fake, { stage: 'done', accountId: '00000000-0000-4000-8000-000000000999' });
    expect(dialog.querySelector('.sign-in-success')?.textContent?.trim()).toBe('You’re signed in.');
    // Said to screen readers too, not only shown.
    expect(within(dialog).getAllByRole('status')[0]!.textContent).toBe('Signed in to Google.');
    expect(step('Done').className).toContain('step--complete');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull(), { timeout: 3000 });
    expect(fake.callsTo('signInCancel')).toEqual([]);
  });

  it('says in session-only mode that the sign-in is forgotten when Signet quits, and only then', async () => {
    const { fake, dialog } = await startGoogle();
    expect(dialog.querySelector('.sign-in-session-only')).toBeNull();
    act(() => fake.emit('status-changed', makeStatus({ sessionOnly: true })));
    await waitFor(() =>
      expect(dialog.querySelector('.sign-in-session-only')?.textContent).toBe(
        'Session only: this sign-in is kept until Signet quits, then forgotten. Nothing is saved to the keychain.',
      ),
    );
  });

  it('applies progress that arrives before signInStart answers', async () => {
    const app = await renderApp();
    const answer = holdSignInStart(app.fake);
    await app.user.click(screen.getByRole('button', { name: 'Sign in with Google' }));
    progress(app.fake, { stage: 'waiting-for-browser' });
    // Another window's flow must not leak into this panel.
    progress(app.fake, {
      flowId: '11111111-1111-4111-8111-111111111111',
      stage: 'failed',
      error: { code: 'timeout', message: 'x' },
    });
    await answer();
    expect(step('Waiting for you in the browser').getAttribute('aria-current')).toBe('step');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('cancels through signInCancel, also with Escape', async () => {
    const { fake, user, dialog } = await startGoogle();
    progress(fake, { stage: 'waiting-for-browser' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(fake.callsTo('signInCancel')).toEqual([{ flowId: FLOW_ID }]);
    expect(screen.queryByRole('dialog')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Sign in with Google' }));
    await screen.findByRole('dialog', { name: 'Sign in to Google' });
    await waitFor(() => expect(fake.callsTo('signInStart')).toHaveLength(2));
    await act(async () => {});
    await user.keyboard('{Escape}');
    expect(fake.callsTo('signInCancel')).toEqual([{ flowId: FLOW_ID }, { flowId: FLOW_ID }]);
  });

  it('cancels a flow the user abandoned before its id was known', async () => {
    const app = await renderApp();
    const answer = holdSignInStart(app.fake);
    await app.user.click(screen.getByRole('button', { name: 'Sign in with Google' }));
    await app.user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(app.fake.callsTo('signInCancel')).toEqual([]);
    await answer();
    expect(app.fake.callsTo('signInCancel')).toEqual([{ flowId: FLOW_ID }]);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('opens the browser again and copies the link in the main process', async () => {
    const { fake, user, dialog } = await startGoogle();
    progress(fake, { stage: 'waiting-for-browser' });
    await user.click(within(dialog).getByRole('button', { name: 'Open the browser again' }));
    expect(fake.callsTo('signInReopenBrowser')).toEqual([{ flowId: FLOW_ID }]);
    await user.click(within(dialog).getByRole('button', { name: 'Copy link' }));
    expect(fake.callsTo('signInCopyLink')).toEqual([{ flowId: FLOW_ID }]);
    expect(within(dialog).getByText(/Link copied/).textContent).toBe(
      'Link copied. Paste it into the browser you use.',
    );
  });

  it('shows the device code large, with the address and a copy button', async () => {
    const { fake, user } = await renderApp();
    const dialog = await startDeviceSignIn(fake, user);
    expect(fake.callsTo('signInStart')).toEqual([{ provider: 'github', method: 'device' }]);
    expect(fake.listenerCount('sign-in-progress')).toBe(1);
    pushDeviceCode(fake);
    const code = within(dialog).getByText(DEVICE_CODE);
    expect(code.className).toContain('device-code-value');
    expect(within(dialog).getByText(/^On any device, open/).textContent).toBe(
      `On any device, open ${DEVICE_URI} and enter this code:`,
    );
    expect(step('Waiting for you to enter the code').getAttribute('aria-current')).toBe('step');
    expect(within(dialog).queryByRole('button', { name: 'Copy link' })).toBeNull();

    // Through the main process: the window's session may not write the clipboard itself.
    await navigator.clipboard.writeText('untouched');
    await user.click(within(dialog).getByRole('button', { name: 'Copy code' }));
    expect(fake.callsTo('signInCopyCode')).toEqual([{ flowId: FLOW_ID }]);
    expect(await navigator.clipboard.readText()).toBe('untouched');
    expect(within(dialog).getByText('Code copied.').getAttribute('role')).toBe('status');
  });

  it('explains a failure in words and offers to try again', async () => {
    const { fake, user, dialog } = await startGoogle();
    progress(fake, { stage: 'waiting-for-browser' });
    progress(fake, { stage: 'failed', error: { code: 'access-denied', message: 'access_denied' } });

    const alert = within(dialog).getByRole('alert');
    expect(alert.textContent).toContain('Access wasn’t granted in the browser.');
    expect(alert.textContent).toContain('choose Allow or Authorize');
    expect(alert.textContent).toContain('access-denied');
    expect(step('Waiting for you in the browser').className).toContain('step--failed');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Try again' }));

    await user.click(within(dialog).getByRole('button', { name: 'Try again' }));
    expect(fake.callsTo('signInStart')).toHaveLength(2);
    expect(within(dialog).queryByRole('alert')).toBeNull();

    await waitFor(() =>
      expect(within(dialog).getByRole('button', { name: 'Copy link' }).hasAttribute('disabled')).toBe(false),
    );
    progress(fake, { stage: 'failed', error: { code: 'timeout', message: 'timed out' } });
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    // A finished flow is closed, not cancelled.
    expect(fake.callsTo('signInCancel')).toEqual([]);
  });

  it('reports a sign-in that could not start', async () => {
    const { fake, user } = await renderApp();
    fake.handlers.signInStart = () => failure('keychain-unavailable', 'no secret service');
    await user.click(screen.getByRole('button', { name: 'Sign in with Google' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sign in to Google' });
    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      'can’t reach your system keychain',
    );
  });

  it('starts from the header through the Add account dialog', async () => {
    const { fake, user } = await renderApp();
    fake.handlers.signInStart = () => ok({ flowId: FLOW_ID });
    await user.click(screen.getByRole('button', { name: 'Add account' }));
    const picker = screen.getByRole('dialog', { name: 'Add an account' });
    await user.click(within(picker).getByRole('button', { name: 'Sign in with GitHub' }));
    expect(screen.queryByRole('dialog', { name: 'Add an account' })).toBeNull();
    expect(screen.getAllByRole('dialog').map((dialog) => dialog.querySelector('h2')?.textContent)).toEqual([
      'Sign in to GitHub',
    ]);
    expect(fake.callsTo('signInStart')).toEqual([{ provider: 'github', method: 'browser' }]);
  });
});
