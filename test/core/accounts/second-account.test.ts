import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startGoogleEmulator,
  startMicrosoftEmulator,
  type GoogleEmulator,
} from '../../../emulators/index.js';
import { googleEnv, makeTestCore, microsoftEnv, type TestCore } from '../../helpers/test-core.js';

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
    // Microsoft documents prompt=select_account; its discovery document lists no prompt values.
    const ms = await startMicrosoftEmulator({ redirectUris: ['http://127.0.0.1/callback'] });
    const withMicrosoft = await makeTestCore(microsoftEnv(ms, 'common'));
    try {
      const first = await withMicrosoft.service.signIn('microsoft').result;
      expect(first.created).toBe(true);
      expect(ms.lastAuthorizationRequest?.get('prompt')).toBeNull();

      const second = await withMicrosoft.service.signIn('microsoft').result;
      expect(ms.lastAuthorizationRequest?.get('prompt')).toBe('select_account');
      // The same person chose in the browser: the account is updated, not duplicated.
      expect(second).toEqual({ accountId: first.accountId, created: false });
      expect(await withMicrosoft.service.listAccounts()).toHaveLength(1);
    } finally {
      await withMicrosoft.close();
      await ms.close();
    }
  });

  it('sends no prompt a discovered provider neither documents nor declares (Google’s chooser on another issuer)', async () => {
    await core.service.signIn('google').result;
    await core.service.signIn('google').result;
    expect(google.lastAuthorizationRequest?.get('prompt')).toBe('consent');
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
