import { canonicalScope, parseScopeValue } from '../../../shared/scope-coverage.js';
import type { Account, AccountsRepository } from '../storage/accounts-repository.js';
import type { AuthEventsRepository } from '../storage/auth-events-repository.js';

export interface GrantedScopesDeps {
  accounts: AccountsRepository;
  authEvents: AuthEventsRepository;
  now?: () => Date;
}

/** What a token response did to an account's scopes. */
export interface ScopeChange {
  added: string[];
  removed: string[];
}

/**
 * Takes the scopes a token response says were granted (RFC 6749 §5.1: `scope` is sent when it
 * differs from what was asked, and Google, GitHub and Microsoft always send it) as the account's
 * set. A scope the account held and no longer does is a narrowing: the provider or the person
 * took a permission back. It is kept on the account (`scopesRemoved`, shown on its card) and
 * recorded as a `scopes-narrowed` event. A scope granted again leaves `scopesRemoved`.
 * A response without `scope` says nothing, and changes nothing.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export function applyGrantedScopes(
  deps: GrantedScopesDeps,
  before: Account,
  scopeValue: string | null,
): ScopeChange | null {
  if (scopeValue === null) return null;
  const granted = parseScopeValue(scopeValue);
  const key = (scope: string) => canonicalScope(before.provider, scope);
  const now = new Set(granted.map(key));
  const had = new Set(before.scopes.map(key));
  const added = granted.filter((scope) => !had.has(key(scope)));
  const removed = before.scopes.filter((scope) => !now.has(key(scope)));
  const stillRemoved = [...before.scopesRemoved, ...removed].filter(
    (scope, i, all) => !now.has(key(scope)) && all.findIndex((other) => key(other) === key(scope)) === i,
  );
  const unchanged =
    added.length === 0 && removed.length === 0 && stillRemoved.length === before.scopesRemoved.length;
  if (unchanged && granted.length === before.scopes.length) return null;
  deps.accounts.setScopes(before.id, {
    scopes: granted,
    scopesRemoved: stillRemoved,
    scopesChangedAt: deps.now?.() ?? new Date(),
  });
  if (removed.length > 0) {
    deps.authEvents.record({
      accountId: before.id,
      provider: before.provider,
      kind: 'scopes-narrowed',
      outcome: 'success',
    });
  }
  return { added, removed };
}
