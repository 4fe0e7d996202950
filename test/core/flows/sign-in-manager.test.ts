import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGithubEmulator, type GithubEmulator } from '../../../emulators/index.js';
import type { TokenSet } from '../../../src/main/core/flows/oauth-operations.js';
import {
  SignInManager,
  type CompletedSignIn,
  type SignInStore,
} from '../../../src/main/core/flows/sign-in-manager.js';
import type { Provider, ProviderProfile } from '../../../src/main/core/providers/provider.js';
import type { SignInMethod, SignInProgress, SignInStage } from '../../../src/shared/domain.js';
import { SignetError } from '../../../src/shared/errors.js';
import { makeCoreParts, type CoreParts } from '../../helpers/core-parts.js';
import { FollowingOpener } from '../../helpers/following-opener.js';
import { githubEnv } from '../../helpers/test-core.js';

/** Keeps what it is given in memory, as the real store would keep it in the keychain and SQLite. */
class RecordingStore implements SignInStore {
  readonly records: { provider: Provider; tokens: TokenSet; profile: ProviderProfile }[] = [];
  failWith: SignetError | undefined;

  async record(provider: Provider, tokens: TokenSet, profile: ProviderProfile): Promise<CompletedSignIn> {
    if (this.failWith) throw this.failWith;
    this.records.push({ provider, tokens, profile });
    return { accountId: `account-${this.records.length}`, created: true };
  }
}

describe('SignInManager', () => {
  let github: GithubEmulator;
  let parts: CoreParts;
  let opener: FollowingOpener;
  let store: RecordingStore;
  let progress: SignInProgress[];

  beforeEach(async () => {
    github = await startGithubEmulator({ deviceInterval: 1 });
    // Discord is configured (never reached) for what it lacks: the device flow.
    parts = makeCoreParts({ env: { ...githubEnv(github), SIGNET_DISCORD_CLIENT_ID: 'discord-client' } });
    opener = new FollowingOpener();
    store = new RecordingStore();
    progress = [];
  });
  afterEach(async () => {
    await parts.close();
    await github.close();
  });

  function manager(options: { timeoutMs?: number; preflight?: () => Promise<void> } = {}): SignInManager {
    const signIns = new SignInManager({
      providers: parts.providers,
      opener,
      store,
      logger: parts.logger,
      ...options,
    });
    signIns.on('sign-in-progress', (event) => progress.push(event));
    return signIns;
  }
  const stages = () => progress.map((event) => event.stage);
  /** Resolves at the first progress event of `stage`. */
  const reached = (signIns: SignInManager, stage: SignInStage) =>
    new Promise<SignInProgress>((resolve) => {
      const stop = signIns.on('sign-in-progress', (event) => {
        if (event.stage !== stage) return;
        stop();
        resolve(event);
      });
    });

  it('runs a browser sign-in through each stage in order and hands the result to the store', async () => {
    const signIns = manager();
    const { flowId, result } = signIns.start('github', 'browser');
    await expect(result).resolves.toEqual({ accountId: 'account-1', created: true });
    expect(stages()).toEqual([
      'opening-browser',
      'waiting-for-browser',
      'exchanging',
      'fetching-profile',
      'storing',
      'done',
    ]);
    expect(
      progress.every(
        (event) => event.flowId === flowId && event.provider === 'github' && event.method === 'browser',
      ),
    ).toBe(true);
    expect(progress.at(-1)).toMatchObject({ stage: 'done', accountId: 'account-1' });
    expect(opener.opened).toHaveLength(1);
    const opened = new URL(opener.opened[0]!);
    expect(opened.origin).toBe(github.url);
    expect(opened.searchParams.get('code_challenge_method')).toBe('S256');
    expect(store.records).toHaveLength(1);
    expect(store.records[0]!.provider.id).toBe('github');
    expect(store.records[0]!.profile.login).toBe('octocat');
    expect(github.isAccessTokenValid(store.records[0]!.tokens.accessToken)).toBe(true);
    expect(signIns.pending()).toEqual([]);
  });

  it('runs a device sign-in through its stages, showing the code to type and where', async () => {
    const signIns = manager();
    const { result } = signIns.start('github', 'device');
    const waiting = await reached(signIns, 'waiting-for-device');
    expect(waiting.userCode).toBe(github.lastUserCode);
    expect(waiting.verificationUri).toBe(`${github.url}/login/device`);
    expect(signIns.pending()).toEqual([waiting]);
    github.approveDevice();
    await expect(result).resolves.toEqual({ accountId: 'account-1', created: true });
    expect(stages()).toEqual(['waiting-for-device', 'exchanging', 'fetching-profile', 'storing', 'done']);
    expect(opener.opened).toEqual([]);
  });

  it('stops before anything opens or is asked when the preflight fails', async () => {
    const signIns = manager({
      preflight: () => Promise.reject(new SignetError('keychain-unavailable', 'The keychain is locked')),
    });
    const { result } = signIns.start('github', 'browser');
    await expect(result).rejects.toMatchObject({ code: 'keychain-unavailable' });
    expect(opener.opened).toEqual([]);
    expect(
      github.stats.authorizeRequests + github.stats.tokenRequests + github.stats.deviceCodeRequests,
    ).toBe(0);
    expect(store.records).toEqual([]);
    expect(progress).toMatchObject([
      { stage: 'failed', error: { code: 'keychain-unavailable', message: 'The keychain is locked' } },
    ]);
  });

  it('cancels a sign-in waiting for the browser, and lets its loopback port go', async () => {
    opener.follow = false;
    const signIns = manager();
    const { flowId, result } = signIns.start('github', 'browser');
    await reached(signIns, 'waiting-for-browser');
    const redirectUri = new URL(signIns.authorizationUrl(flowId)).searchParams.get('redirect_uri')!;
    signIns.cancel(flowId);
    await expect(result).rejects.toMatchObject({ code: 'user-cancelled' });
    expect(stages()).toEqual(['opening-browser', 'waiting-for-browser', 'cancelled']);
    expect(signIns.pending()).toEqual([]);
    expect(() => signIns.cancel(flowId)).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(store.records).toEqual([]);
    // The result page gets a moment to load, then nothing listens there any more.
    await expect
      .poll(
        () =>
          fetch(redirectUri).then(
            () => 'listening',
            () => 'closed',
          ),
        { timeout: 3000 },
      )
      .toBe('closed');
  });

  it('cancels every pending sign-in at once when Signet closes', async () => {
    opener.follow = false;
    const signIns = manager();
    const first = signIns.start('github', 'browser');
    const second = signIns.start('github', 'device');
    await reached(signIns, 'waiting-for-device');
    signIns.cancelAll();
    await expect(first.result).rejects.toMatchObject({ code: 'user-cancelled' });
    await expect(second.result).rejects.toMatchObject({ code: 'user-cancelled' });
    expect(signIns.pending()).toEqual([]);
  });

  it('gives up after timeoutMs with timeout', async () => {
    opener.follow = false;
    const signIns = manager({ timeoutMs: 300 });
    const started = Date.now();
    const { result } = signIns.start('github', 'browser');
    expect(Date.parse(signIns.pending()[0]!.expiresAt!)).toBeLessThanOrEqual(started + 300 + 50);
    await expect(result).rejects.toMatchObject({ code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(progress.at(-1)).toMatchObject({ stage: 'failed', error: { code: 'timeout' } });
    expect(store.records).toEqual([]);
  });

  it('reports a store that cannot keep the sign-in as failed, with its code', async () => {
    store.failWith = new SignetError('storage', 'The database is read-only');
    const signIns = manager();
    await expect(signIns.start('github', 'browser').result).rejects.toMatchObject({ code: 'storage' });
    expect(stages().slice(-2)).toEqual(['storing', 'failed']);
  });

  it('opens the same page again on request, and has none once the sign-in is over', async () => {
    opener.follow = false;
    const signIns = manager();
    const { flowId, result } = signIns.start('github', 'browser');
    await reached(signIns, 'waiting-for-browser');
    await signIns.reopenBrowser(flowId);
    expect(opener.opened).toHaveLength(2);
    expect(opener.opened[1]).toBe(opener.opened[0]);
    expect(signIns.authorizationUrl(flowId)).toBe(opener.opened[0]);
    signIns.cancel(flowId);
    await result.catch(() => undefined);
    expect(() => signIns.authorizationUrl(flowId)).toThrow(expect.objectContaining({ code: 'not-found' }));
  });

  describe('refuses to start, before anything happens', () => {
    it.each<[string, string, string]>([
      ['a method the provider does not offer', 'discord', 'device'],
      ['a method Signet does not know', 'github', 'magic-link'],
    ])('%s', (_why, providerId, method) => {
      const signIns = manager();
      expect(() => signIns.start(providerId, method as SignInMethod)).toThrow(
        expect.objectContaining({ code: 'invalid-input' }),
      );
      expect(signIns.pending()).toEqual([]);
      expect(progress).toEqual([]);
    });

    it('an unknown provider', () => {
      expect(() => manager().start('myspace', 'browser')).toThrow(
        expect.objectContaining({ code: 'not-found' }),
      );
    });

    it('a provider that is not configured, naming what to set', () => {
      expect(() => manager().start('google', 'browser')).toThrow(
        expect.objectContaining({
          code: 'provider-not-configured',
          message: expect.stringContaining('SIGNET_GOOGLE_CLIENT_ID'),
        }),
      );
    });
  });
});
