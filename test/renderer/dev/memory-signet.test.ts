import { describe, expect, it } from 'vitest';
import { createFakeSignet, FLOW_ID, makeAccount } from '../fake-signet';

describe('the memory Signet', () => {
  it('starts sign-ins only for configured providers, and knows which flows are open', async () => {
    const fake = createFakeSignet();
    expect(await fake.api.signInStart({ provider: 'discord', method: 'browser' })).toEqual({
      ok: false,
      error: { code: 'provider-not-configured', message: 'Discord is not configured.' },
    });
    expect(await fake.api.signInStart({ provider: 'gitlab', method: 'browser' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(await fake.api.signInStart({ provider: 'github', method: 'device' })).toEqual({
      ok: true,
      value: { flowId: FLOW_ID },
    });
    expect(await fake.api.signInCopyLink({ flowId: FLOW_ID })).toEqual({ ok: true, value: null });
    expect(await fake.api.signInCancel({ flowId: FLOW_ID })).toEqual({ ok: true, value: null });
    expect(await fake.api.signInReopenBrowser({ flowId: FLOW_ID })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });

  it('pushes accounts-changed and status-changed as the main process does', async () => {
    const account = makeAccount();
    const fake = createFakeSignet({ accounts: [account] });
    const pushed: unknown[] = [];
    const stop = fake.api.on('accounts-changed', (accounts) => pushed.push(accounts.map((a) => a.status)));
    fake.api.on('status-changed', (status) => pushed.push(status.syncServer));

    const refreshed = await fake.api.accountRefresh({ accountId: account.id });
    expect(refreshed.ok && refreshed.value.lastRefreshedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    await fake.api.settingsSetSyncServer({ url: 'redis://cache:6379' });
    await fake.api.accountRemove({ accountId: account.id });
    expect(pushed).toEqual([['active'], { configured: true, connected: false, paired: true }, []]);

    stop();
    expect(fake.listenerCount('accounts-changed')).toBe(0);
    expect(fake.callsTo('accountRemove')).toEqual([{ accountId: account.id }]);
  });

  it('refuses to refresh an account that needs a new sign-in', async () => {
    const account = makeAccount({ status: 'needs-reauth' });
    const fake = createFakeSignet({ accounts: [account] });
    expect(await fake.api.accountRefresh({ accountId: account.id })).toMatchObject({
      ok: false,
      error: { code: 'needs-reauth' },
    });
  });
});
