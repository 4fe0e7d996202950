import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGoogleEmulator, type GoogleEmulator } from '../../../emulators/index.js';
import { googleEnv, makeTestCore, type TestCore } from '../../helpers/test-core.js';

describe('a second account is really a second account', () => {
  let google: GoogleEmulator;
  let core: TestCore;

  beforeEach(async () => {
    google = await startGoogleEmulator({ accessTokenTtlSeconds: 600 });
    core = await makeTestCore(googleEnv(google));
  });
  afterEach(async () => {
    await core.close();
    await google.close();
  });

  it('asks the provider to let the person choose once an account of it exists, and says when the sign-in was a known account', async () => {
    const first = await core.service.signIn('google').result;
    expect(first.created).toBe(true);
    expect(google.lastAuthorizationRequest?.get('prompt')).toBe('consent');

    const second = await core.service.signIn('google').result;
    expect(google.lastAuthorizationRequest?.get('prompt')?.split(' ').sort()).toEqual([
      'consent',
      'select_account',
    ]);
    // The same person chose in the browser: the account is updated, not duplicated.
    expect(second).toEqual({ accountId: first.accountId, created: false });
    expect(await core.service.listAccounts()).toHaveLength(1);
  });

  it('regression: a refresh whose ID token names another person is refused, and the account keeps its sign-in', async () => {
    const { accountId } = await core.service.signIn('google').result;
    const before = await core.secrets.getCredential(accountId);
    google.idTokenOverrides({ sub: 'someone-else' });
    await expect(core.service.refresh(accountId)).rejects.toMatchObject({ code: 'id-token-invalid' });
    expect((await core.secrets.getCredential(accountId))?.token).toBe(before?.token);
    expect((await core.service.getAccount(accountId)).status).toBe('error');
  });
});
