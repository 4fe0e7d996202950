import { describe, expect, it } from 'vitest';
import { selectAccount, type SelectableAccount } from '../../src/main/cli/select-account.js';
import type { ErrorCode } from '../../src/shared/errors.js';

const accounts: SelectableAccount[] = [
  { id: 'a1', provider: 'github', login: 'octocat', email: 'octocat@github.test' },
  { id: 'a2', provider: 'google', login: 'dana@example.test', email: 'dana@example.test' },
  { id: 'a3', provider: 'google', login: 'sam@example.test', email: 'Sam.Work@Example.test' },
  { id: 'a4', provider: 'discord', login: 'dana', email: null },
];

describe('selectAccount', () => {
  it.each([
    { selector: 'a3', id: 'a3', why: 'an account id' },
    { selector: 'github', id: 'a1', why: 'a provider with one account' },
    { selector: 'discord', id: 'a4', why: 'a provider with one account and no email' },
    { selector: 'github:octocat', id: 'a1', why: 'provider:login' },
    { selector: 'github:OctoCat', id: 'a1', why: 'provider:login in another case' },
    { selector: 'google:sam.work@example.test', id: 'a3', why: 'provider:email in another case' },
    { selector: 'google:DANA@EXAMPLE.TEST', id: 'a2', why: 'provider:login that is an email' },
    { selector: 'discord:DANA', id: 'a4', why: 'the same login under another provider' },
  ])('finds $id by $why ($selector)', ({ selector, id }) => {
    expect(selectAccount(accounts, selector).id).toBe(id);
  });

  it.each<{ selector: string; code: ErrorCode; why: string }>([
    { selector: 'google', code: 'ambiguous-account', why: 'a provider with two accounts' },
    { selector: 'gitlab', code: 'not-found', why: 'a provider with no account' },
    { selector: 'github:hubot', code: 'not-found', why: 'a login the provider does not have' },
    { selector: 'gitlab:octocat', code: 'not-found', why: 'a login under the wrong provider' },
    { selector: 'a', code: 'not-found', why: 'a prefix of an id' },
    { selector: '', code: 'not-found', why: 'nothing' },
    { selector: 'github:', code: 'not-found', why: 'a provider and an empty login' },
  ])('refuses $why ($selector) with $code', ({ selector, code }) => {
    expect(() => selectAccount(accounts, selector)).toThrow(expect.objectContaining({ code }));
  });

  it('says which form to use when a provider has several accounts', () => {
    expect(() => selectAccount(accounts, 'google')).toThrow(/google:<login or email>/);
  });

  it('refuses a provider:login that names two accounts, rather than picking one', () => {
    const twins: SelectableAccount[] = [
      { id: 'b1', provider: 'oidc', login: 'kim', email: null },
      { id: 'b2', provider: 'oidc', login: 'Kim', email: null },
    ];
    expect(() => selectAccount(twins, 'oidc:kim')).toThrow(
      expect.objectContaining({ code: 'ambiguous-account' }),
    );
    expect(selectAccount(twins, 'b2').id).toBe('b2');
  });

  it('prefers an id over a provider of the same name', () => {
    const clash: SelectableAccount[] = [
      ...accounts,
      { id: 'github', provider: 'oidc', login: 'id-named-github', email: null },
    ];
    expect(selectAccount(clash, 'github').id).toBe('github');
  });

  it('returns the caller’s own object, with every field it had', () => {
    const rich = accounts.map((account) => ({ ...account, status: 'active' as const }));
    expect(selectAccount(rich, 'github')).toBe(rich[0]);
  });
});
