/**
 * Steps of a sign-in as the renderer tests drive it: the main process's progress events, a
 * device sign-in up to its code, and a `signInStart` that answers only when told to.
 */
import { act, screen, waitFor } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { expect } from 'vitest';
import type { SignInProgress } from '../../src/shared/domain';
import { FLOW_ID, type FakeSignet } from './fake-signet';

export const DEVICE_CODE = 'WDJB-MJHT';
export const DEVICE_URI = 'https://github.com/login/device';

/** Pushes `sign-in-progress` for the test flow; a Google browser sign-in unless `update` says otherwise. */
export function pushProgress(
  fake: FakeSignet,
  update: Partial<SignInProgress> & Pick<SignInProgress, 'stage'>,
): void {
  act(() =>
    fake.emit('sign-in-progress', { flowId: FLOW_ID, provider: 'google', method: 'browser', ...update }),
  );
}

/** Starts GitHub's device sign-in and waits until its panel knows the flow id. */
export async function startDeviceSignIn(fake: FakeSignet, user: UserEvent): Promise<HTMLElement> {
  await user.click(screen.getByRole('button', { name: 'Use a code instead to sign in with GitHub' }));
  const dialog = await screen.findByRole('dialog', { name: 'Sign in to GitHub with a code' });
  await waitFor(() => expect(fake.callsTo('signInStart')).toHaveLength(1));
  // Let the answer to signInStart land before progress for that flow arrives.
  await act(async () => {});
  return dialog;
}

/** The device flow's code arrives, as GitHub hands it out. */
export function pushDeviceCode(fake: FakeSignet, update: Partial<SignInProgress> = {}): void {
  pushProgress(fake, {
    provider: 'github',
    method: 'device',
    stage: 'waiting-for-device',
    userCode: DEVICE_CODE,
    verificationUri: DEVICE_URI,
    ...update,
  });
}

/** Makes `signInStart` wait; the returned function lets it answer with the test flow id. */
export function holdSignInStart(fake: FakeSignet): () => Promise<void> {
  let answer: () => void = () => {};
  fake.handlers.signInStart = () =>
    new Promise((resolve) => (answer = () => resolve({ ok: true, value: { flowId: FLOW_ID } })));
  return () => act(async () => answer());
}
