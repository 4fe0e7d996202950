import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  KeytarSecretStore,
  translateKeytarError,
} from '../../../src/main/core/secrets/keytar-secret-store.js';

const run = promisify(execFile);
const service = `signet-test-${randomUUID()}`;
const store = new KeytarSecretStore({ service });

describe('KeytarSecretStore against the real Secret Service (gnome-keyring)', () => {
  afterAll(async () => {
    await store.deleteCredential('acc-1').catch(() => undefined);
  });

  it('reports the keychain as available', async () => {
    expect(await store.availability()).toEqual({ available: true, detail: 'Secret Service (libsecret)' });
  });

  it('stores, reads, replaces and deletes an account credential', async () => {
    expect(await store.getCredential('acc-1')).toBeNull();
    await store.setCredential('acc-1', { kind: 'refresh_token', token: 'ghr_first', expiresAt: null });
    expect(await store.getCredential('acc-1')).toEqual({
      kind: 'refresh_token',
      token: 'ghr_first',
      expiresAt: null,
    });
    await store.setCredential('acc-1', { kind: 'access_token', token: 'gho_second' });
    expect(await store.getCredential('acc-1')).toEqual({ kind: 'access_token', token: 'gho_second' });
    await store.deleteCredential('acc-1');
    expect(await store.getCredential('acc-1')).toBeNull();
  });

  it('lists the account credentials of its service, with their identity, and nothing else', async () => {
    const listing = new KeytarSecretStore({ service: `${service}-list` });
    const identity = {
      provider: 'github',
      issuer: 'https://github.com',
      providerUserId: '1',
      login: 'octocat',
    };
    await listing.setCredential('acc-a', { kind: 'refresh_token', token: 'ghr_a', identity });
    await listing.setDataKey('a2V5');
    expect(await listing.listCredentials()).toEqual([
      { accountId: 'acc-a', credential: { kind: 'refresh_token', token: 'ghr_a', identity } },
    ]);
    await listing.deleteCredential('acc-a');
    expect(await listing.listCredentials()).toEqual([]);
  });

  it('keeps the data key in its own entry', async () => {
    const other = new KeytarSecretStore({ service: `${service}-key` });
    expect(await other.getDataKey()).toBeNull();
    await other.setDataKey('a2V5');
    expect(await new KeytarSecretStore({ service: `${service}-key` }).getDataKey()).toBe('a2V5');
  });

  it('separates services: another service name sees nothing', async () => {
    await store.setCredential('acc-2', { kind: 'refresh_token', token: 't' });
    expect(await new KeytarSecretStore({ service: `${service}-other` }).getCredential('acc-2')).toBeNull();
    await store.deleteCredential('acc-2');
  });

  it('fails with keychain-unavailable within 2 s when there is no Secret Service, and writes nothing in plaintext', async () => {
    const started = Date.now();
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'test/helpers/keychain-probe.ts'], {
      env: {
        ...process.env,
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/signet-no-bus',
        SIGNET_KEYCHAIN_SERVICE: service,
      },
      timeout: 10_000,
    });
    const result = JSON.parse(stdout) as {
      availability: { available: boolean; detail: string };
      error: { name: string; code: string; message: string } | null;
      ms: number;
    };
    expect(result.availability.available).toBe(false);
    expect(result.error).toMatchObject({ name: 'SignetError', code: 'keychain-unavailable' });
    expect(result.error?.message).toMatch(/keychain|Secret Service/i);
    expect(result.ms).toBeLessThan(2000);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('times out instead of hanging when the keychain never answers', async () => {
    const hanging = new KeytarSecretStore({
      service,
      timeoutMs: 200,
      load: async () =>
        ({
          getPassword: () => new Promise<string | null>(() => undefined),
        }) as unknown as typeof import('keytar'),
    });
    await expect(hanging.getCredential('x')).rejects.toMatchObject({ code: 'keychain-unavailable' });
  });

  it.each([
    ['Cannot autolaunch D-Bus without X11 $DISPLAY', /No keychain is running/],
    ['The name org.freedesktop.secrets was not provided by any .service files', /No keychain is running/],
    ['Cannot create an item in a locked collection', /locked/],
    ['The module was compiled against a different Node.js version', /could not be loaded/],
  ])('explains "%s" in words a person can act on', (message, expected) => {
    const error = translateKeytarError(new Error(message));
    expect(error.code).toBe('keychain-unavailable');
    expect(error.message).toMatch(expected);
  });
});
