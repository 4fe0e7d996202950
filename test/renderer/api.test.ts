import { describe, expect, it } from 'vitest';
import { api, SignetCallError, toErrorDetails } from '../../src/renderer/api';
import { channelNames, functionName } from '../../src/shared/channels';
import { failure, installFakeSignet, makeAccount } from './fake-signet';

describe('api', () => {
  it('has one function per contract channel, plus on', () => {
    expect(Object.keys(api).sort()).toEqual([...channelNames.map(functionName), 'on'].sort());
  });

  it('returns values and passes inputs in the contract shape', async () => {
    const account = makeAccount();
    const fake = installFakeSignet({ accounts: [account] });
    expect(await api.accountsList()).toEqual([account]);
    await api.signInStart({ provider: 'github', method: 'device' });
    await api.activityList({ limit: 100 });
    await api.settingsSetSyncServer({ url: null });
    expect(fake.calls.map((call) => [call.name, call.input])).toEqual([
      ['accountsList', undefined],
      ['signInStart', { provider: 'github', method: 'device' }],
      ['activityList', { limit: 100 }],
      ['settingsSetSyncServer', { url: null }],
    ]);
  });

  it('throws the { code, message } of a failed Result', async () => {
    const fake = installFakeSignet();
    fake.handlers.accountRemove = () => failure('not-found', 'no such account');
    const error = await api
      .accountRemove({ accountId: '00000000-0000-4000-8000-000000000001' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignetCallError);
    expect(toErrorDetails(error)).toEqual({ code: 'not-found', message: 'no such account' });
  });

  it('reports a missing preload as an error, not a crash', async () => {
    expect(toErrorDetails(await api.statusGet().catch((e: unknown) => e)).code).toBe('internal');
    expect(api.on('status-changed', () => {})).toBeTypeOf('function');
  });

  it('turns a rejected IPC call into an internal error', async () => {
    const fake = installFakeSignet();
    fake.handlers.statusGet = () => Promise.reject(new Error('ipc exploded: secret-ish details'));
    expect(toErrorDetails(await api.statusGet().catch((e: unknown) => e))).toEqual({
      code: 'internal',
      message: 'Signet did not answer.',
    });
  });
});
