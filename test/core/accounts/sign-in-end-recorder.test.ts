// Sign-ins that end without an account are recorded too, so the sign-in success rate has its
// failures: a consent the person declined at the provider is a failure (provider-error), a sign-in
// cancelled in Signet is a cancellation. A real core against the Google emulator.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleEmulator, type GoogleEmulator } from '../../../emulators/index.js';
import { googleEnv, makeTestCore, type TestCore } from '../../helpers/test-core.js';

describe('recordSignInEnds', () => {
  let google: GoogleEmulator;
  let core: TestCore;

  beforeAll(async () => {
    google = await startGoogleEmulator();
    core = await makeTestCore(googleEnv(google));
  });
  afterAll(async () => {
    await core?.close();
    await google?.close();
  });

  it('records a declined consent as a failed sign-in, with its code and no account', async () => {
    google.setDeny(true);
    try {
      await expect(core.service.signIn('google', { method: 'browser' }).result).rejects.toMatchObject({
        code: 'access-denied',
      });
    } finally {
      google.setDeny(false);
    }
    expect(core.service.activity().entries).toEqual([
      expect.objectContaining({
        kind: 'sign-in',
        provider: 'google',
        outcome: 'failure',
        errorCode: 'access-denied',
        accountId: null,
      }),
    ]);
    const [day] = core.service.activityFigures().windows;
    expect(day!.overall.signIns).toEqual({ succeeded: 0, failed: 1, cancelled: 0, successRate: 0 });
    expect(day!.overall.failures['provider-error']).toEqual({ signIn: 1, refresh: 0 });
  });

  it('records a cancelled sign-in as cancelled, which leaves the success rate alone', async () => {
    core.opener.follow = false;
    const before = core.opener.opened.length;
    const { flowId, result } = core.service.signIn('google', { method: 'browser' });
    await expect.poll(() => core.opener.opened.length).toBe(before + 1);
    core.service.cancelSignIn(flowId);
    await expect(result).rejects.toMatchObject({ code: 'user-cancelled' });
    core.opener.follow = true;
    await core.service.signIn('google', { method: 'browser' }).result;

    expect(core.service.activity().entries.map((entry) => [entry.kind, entry.outcome])).toEqual([
      ['sign-in', 'success'],
      ['sign-in', 'cancelled'],
      ['sign-in', 'failure'],
    ]);
    const [day] = core.service.activityFigures().windows;
    expect(day!.overall.signIns).toEqual({ succeeded: 1, failed: 1, cancelled: 1, successRate: 0.5 });
  });
});
