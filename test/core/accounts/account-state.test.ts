import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountView } from '../../../src/shared/domain.js';
import { addAccount, makeCoreParts, type CoreParts } from '../../helpers/core-parts.js';

/** Lets a batched emission (scheduled with setImmediate) run. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('AccountState', () => {
  let parts: CoreParts;
  let emissions: AccountView[][];

  beforeEach(() => {
    parts = makeCoreParts({ env: { SIGNET_GITHUB_CLIENT_ID: 'client-id' } });
    emissions = [];
    parts.state.on('accounts-changed', (accounts) => emissions.push(accounts));
  });
  afterEach(() => parts.close());

  describe('views', () => {
    it('shows each account with its provider’s name and its access token’s expiry', async () => {
      const octo = addAccount(parts, 1);
      const other = addAccount(parts, 2, 'gitlab');
      const expiresAt = new Date('2030-01-02T03:04:05.000Z');
      await parts.sync.set(
        { accountId: octo.id, provider: 'github' },
        { accessToken: 'gho_view', tokenType: 'bearer', scope: null, expiresAt },
      );
      const views = await parts.state.list();
      expect(views.map((view) => [view.login, view.providerName, view.accessTokenExpiresAt])).toEqual([
        ['person1', 'GitHub', expiresAt.toISOString()],
        // A provider Signet no longer knows shows under its id; no cached token, no expiry.
        ['person2', 'gitlab', null],
      ]);
      expect(views[0]).toEqual({
        id: octo.id,
        provider: 'github',
        providerName: 'GitHub',
        login: 'person1',
        displayName: 'Person 1',
        email: 'person1@example.test',
        avatar: null,
        scopes: [],
        scopesRemoved: [],
        scopesChangedAt: null,
        status: 'active',
        lastErrorCode: null,
        accessTokenExpiresAt: expiresAt.toISOString(),
        lastRefreshedAt: octo.lastRefreshedAt!.toISOString(),
        createdAt: octo.createdAt.toISOString(),
        revokesAtSignOut: true,
      });
      await expect(parts.state.view(other.id)).resolves.toMatchObject({ id: other.id, status: 'active' });
      // Nothing secret in a view.
      expect(JSON.stringify(views)).not.toContain('gho_view');
    });

    it('lists summaries for choosing an account, and remembers the rows it read', () => {
      const account = addAccount(parts, 1);
      expect(parts.state.remembered(account.id)).toBeUndefined();
      expect(parts.state.summaries()).toEqual([
        {
          id: account.id,
          provider: 'github',
          login: 'person1',
          email: 'person1@example.test',
          status: 'active',
          scopes: [],
        },
      ]);
      expect(parts.state.remembered(account.id)).toEqual({
        provider: 'github',
        login: 'person1',
        status: 'active',
      });
    });

    it('require answers not-found for an account removed behind its back, and forgets it', () => {
      const account = addAccount(parts, 1);
      expect(parts.state.require(account.id).login).toBe('person1');
      expect(parts.state.remembered(account.id)).toBeDefined();
      // Another process signs it out.
      parts.accounts.delete(account.id);
      expect(() => parts.state.require(account.id)).toThrow(expect.objectContaining({ code: 'not-found' }));
      expect(parts.state.remembered(account.id)).toBeUndefined();
    });

    it('shows refreshing while a refresh runs, without writing it to the row', async () => {
      const account = addAccount(parts, 1);
      parts.state.setRefreshing(account.id, true);
      expect((await parts.state.view(account.id)).status).toBe('refreshing');
      expect(parts.accounts.get(account.id)?.status).toBe('active');
      parts.state.setRefreshing(account.id, false);
      expect((await parts.state.view(account.id)).status).toBe('active');
      await nextTurn();
      // Both marks fell in one turn: one emission, showing how things ended.
      expect(emissions.map((accounts) => accounts[0]?.status)).toEqual(['active']);
    });
  });

  describe('accounts-changed', () => {
    it('emits once for many changes in one turn, with the rows as they are when it runs', async () => {
      const account = addAccount(parts, 1);
      const waits = Array.from({ length: 50 }, () => parts.state.changed());
      parts.accounts.setStatus(account.id, 'error', 'provider-error');
      await Promise.all(waits);
      expect(emissions).toHaveLength(1);
      expect(emissions[0]).toMatchObject([
        { id: account.id, status: 'error', lastErrorCode: 'provider-error' },
      ]);
    });

    it('emits again for a change that comes after an emission', async () => {
      addAccount(parts, 1);
      await parts.state.changed();
      addAccount(parts, 2);
      await parts.state.changed();
      expect(emissions.map((accounts) => accounts.length)).toEqual([1, 2]);
    });

    it('shows refreshing in the emission while the mark is set', async () => {
      const account = addAccount(parts, 1);
      parts.state.setRefreshing(account.id, true);
      await nextTurn();
      expect(emissions.map((accounts) => accounts[0]?.status)).toEqual(['refreshing']);
    });

    it('emits nothing once closed, not even what was already scheduled', async () => {
      addAccount(parts, 1);
      const scheduled = parts.state.changed();
      parts.state.close();
      await scheduled;
      await parts.state.changed();
      parts.state.setRefreshing('anything', true);
      await nextTurn();
      expect(emissions).toEqual([]);
    });
  });
});
