import type { AccountView } from '../../../src/shared/domain.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startDiscordEmulator,
  startGithubEmulator,
  type DiscordEmulator,
  type GithubEmulator,
} from '../../../emulators/index.js';
import { discordEnv, githubEnv, makeTestCore, signIn, type TestCore } from '../../helpers/test-core.js';

describe('token serving and refresh (one process)', () => {
  let github: GithubEmulator;
  let core: TestCore;
  let accountId: string;

  beforeEach(async () => {
    github = await startGithubEmulator({ mode: 'github-app', accessTokenTtlSeconds: 3600, latencyMs: 50 });
    core = await makeTestCore(githubEnv(github));
    accountId = await signIn(core.service, 'github');
    github.resetStats();
  });
  afterEach(async () => {
    await core.close();
    await github.close();
  });

  it('answers from memory, then the cache, without a token request', async () => {
    const first = await core.service.getAccessToken(accountId);
    const second = await core.service.getAccessToken(accountId);
    expect(second.accessToken).toBe(first.accessToken);
    expect(github.stats.tokenRequests).toBe(0);
  });

  it('50 concurrent callers at expiry cause exactly one token request and all get the same token', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () => core.service.getAccessToken(accountId, { minValiditySeconds: 7200 })),
    );
    expect(github.stats.tokenRequests).toBe(1);
    expect(new Set(results.map((r) => r.accessToken)).size).toBe(1);
    expect(github.isAccessTokenValid(results[0]!.accessToken)).toBe(true);
  });

  it('writes the rotated refresh token to the keychain before the new access token is served', async () => {
    const before = await core.secrets.getCredential(accountId);
    const originalSet = core.secrets.setCredential.bind(core.secrets);
    const order: string[] = [];
    core.secrets.setCredential = async (id, credential) => {
      order.push('keychain');
      await originalSet(id, credential);
    };
    core.service.on('accounts-changed', (accounts) => order.push(`event:${accounts[0]?.status}`));
    const token = await core.service.getAccessToken(accountId, { minValiditySeconds: 7200 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const credentialWhenCached = (await core.secrets.getCredential(accountId))?.token;
    expect(credentialWhenCached).not.toBe(before?.token);
    expect(github.isRefreshTokenValid(before!.token)).toBe(false);
    expect(github.isRefreshTokenValid(credentialWhenCached!)).toBe(true);
    // refreshing → the rotated refresh token reaches the keychain → only then the account is active again
    expect(order).toEqual(['event:refreshing', 'keychain', 'event:active']);
    expect(github.isAccessTokenValid(token.accessToken)).toBe(true);
  });

  it('marks the account needs-reauth on invalid_grant, removing the dead credentials but keeping the account', async () => {
    github.revokeAllRefreshTokens();
    await expect(core.service.getAccessToken(accountId, { minValiditySeconds: 7200 })).rejects.toMatchObject({
      code: 'needs-reauth',
    });
    expect(await core.secrets.getCredential(accountId)).toBeNull();
    const [account] = await core.service.listAccounts();
    expect(account).toMatchObject({ id: accountId, status: 'needs-reauth', accessTokenExpiresAt: null });
    await expect(core.service.getAccessToken(accountId)).rejects.toMatchObject({ code: 'needs-reauth' });
    expect(github.stats.refreshRequests).toBe(1);
    // Signing in again brings the same account back.
    expect(await signIn(core.service, 'github')).toBe(accountId);
    expect((await core.service.listAccounts())[0]).toMatchObject({ id: accountId, status: 'active' });
  });

  it('keeps the refresh token and serves the still-valid token when the provider is down, then backs off', async () => {
    const cached = await core.service.getAccessToken(accountId);
    github.pushFault('token', { kind: 'status', status: 503 });
    const served = await core.service.getAccessToken(accountId, { minValiditySeconds: 7200 });
    expect(served.accessToken).toBe(cached.accessToken);
    expect(await core.secrets.getCredential(accountId)).not.toBeNull();
    // Backing off: an immediate second attempt does not hit the provider again.
    await core.service.getAccessToken(accountId, { minValiditySeconds: 7200 });
    expect(github.stats.tokenRequests).toBe(1);
    expect((await core.service.listAccounts())[0]?.status).toBe('error');
    // A forced refresh (the user's button) goes through and restores the account.
    await core.service.refresh(accountId);
    expect((await core.service.listAccounts())[0]?.status).toBe('active');
  });

  it('keeps the keychain credential when a refresh is answered 401 with a Basic invalid_client challenge (regression: needs-reauth deleted it)', async () => {
    const before = await core.secrets.getCredential(accountId);
    github.pushFault('token', {
      kind: 'status',
      status: 401,
      headers: {
        'WWW-Authenticate': 'Basic realm="token", error="invalid_client"',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ error: 'invalid_client' }),
    });
    await expect(core.service.getAccessToken(accountId, { minValiditySeconds: 7200 })).rejects.toMatchObject({
      code: 'config-invalid',
    });
    expect((await core.secrets.getCredential(accountId))?.token).toBe(before?.token);
    expect((await core.service.listAccounts())[0]?.status).not.toBe('needs-reauth');
  });

  it('refreshAll at launch refreshes only what expires soon, with bounded concurrency', async () => {
    const summary = await core.service.refreshAll({ withinSeconds: 60 });
    expect(summary).toEqual({ refreshed: 0, failed: 0, skipped: 1 });
    const due = await core.service.refreshAll({ withinSeconds: 7200 });
    expect(due).toEqual({ refreshed: 1, failed: 0, skipped: 0 });
    expect(github.stats.refreshRequests).toBe(1);
  });

  it('signs out: revokes, and serves no token afterwards', async () => {
    const token = await core.service.getAccessToken(accountId);
    await expect(core.service.signOut(accountId)).resolves.toEqual({ revoked: true });
    expect(github.isAccessTokenValid(token.accessToken)).toBe(false);
    await expect(core.service.getAccessToken(accountId)).rejects.toMatchObject({ code: 'not-found' });
    expect(await core.secrets.getCredential(accountId)).toBeNull();
    expect(await core.service.listAccounts()).toEqual([]);
  });
});

describe('refreshAll with many accounts', () => {
  let discord: DiscordEmulator;
  let core: TestCore;
  beforeEach(async () => {
    discord = await startDiscordEmulator({ latencyMs: 100 });
    core = await makeTestCore(discordEnv(discord));
  });
  afterEach(async () => {
    await core.close();
    await discord.close();
  });

  const signInDiscordUsers = async (count: number) => {
    for (let i = 0; i < count; i += 1) {
      discord.setUser({ id: String(800000000000000 + i), username: `user${i}` });
      await signIn(core.service, 'discord');
    }
  };

  it('never has more token requests in flight than the concurrency bound', async () => {
    await signInDiscordUsers(8);
    expect(await core.service.listAccounts()).toHaveLength(8);
    discord.resetStats();
    const summary = await core.service.refreshAll({ force: true, concurrency: 3 });
    expect(summary.refreshed).toBe(8);
    expect(discord.stats.refreshRequests).toBe(8);
    expect(discord.stats.maxInFlight).toBeLessThanOrEqual(3);
    expect(discord.stats.maxInFlight).toBeGreaterThan(1);
  });

  it('lists the accounts a few times, not twice per refresh, and ends with every account active', async () => {
    await signInDiscordUsers(8);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const events: AccountView[][] = [];
    core.service.on('accounts-changed', (accounts) => events.push(accounts));
    const summary = await core.service.refreshAll({ force: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(summary.refreshed).toBe(8);
    expect(discord.stats.maxInFlight).toBe(8);
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.length).toBeLessThanOrEqual(8);
    expect(events[0]!.every((account) => account.status === 'refreshing')).toBe(true);
    expect(events.at(-1)!.every((account) => account.status === 'active')).toBe(true);
  });
});
