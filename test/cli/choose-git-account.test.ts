import { describe, expect, it } from 'vitest';
import { chooseGitAccount } from '../../src/main/cli/git/choose-git-account.js';
import type { CredentialRequest } from '../../src/main/cli/git/credential-protocol.js';
import type { GitHost } from '../../src/main/cli/git/git-hosts.js';
import type { AccountSummary, SignetConfig } from '../../src/main/core/index.js';

const hosts: GitHost[] = [
  { host: 'github.com', origin: 'https://github.com', provider: 'github', providerName: 'GitHub' },
];
const account = (id: string, login: string, provider = 'github'): AccountSummary => ({
  id,
  provider,
  login,
  email: `${login}@example.test`,
  status: 'active',
  scopes: [],
});
const alice = account('a1', 'alice');
const bob = account('b1', 'bob');
const gitea = account('g1', 'carol', 'gitea');
const request = (parts: Partial<CredentialRequest>): CredentialRequest => ({
  protocol: 'https',
  host: 'github.com',
  path: undefined,
  username: undefined,
  password: undefined,
  ...parts,
});
const rules: SignetConfig['gitRules'] = [
  { host: 'github.com', account: 'github:bob' },
  { host: 'github.com', owner: 'acme', account: 'github:alice' },
  { host: 'GitHub.com', pathPrefix: 'acme/secret-project', account: 'github:bob' },
  { host: 'git.example.com:3000', account: 'gitea' },
];
const chosen = (req: CredentialRequest, withRules = rules, accounts = [alice, bob, gitea]) => {
  const choice = chooseGitAccount(req, withRules, accounts, hosts);
  return choice.kind === 'account' ? choice.account.id : choice.kind;
};

describe('chooseGitAccount', () => {
  it.each([
    { why: 'the host rule without a path', req: request({}), id: 'b1' },
    { why: 'an owner rule', req: request({ path: 'acme/widgets.git' }), id: 'a1' },
    { why: 'an owner rule, in another case', req: request({ path: 'ACME/Widgets' }), id: 'a1' },
    { why: 'a path prefix beats the owner', req: request({ path: 'acme/secret-project.git' }), id: 'b1' },
    {
      why: 'a prefix matches whole segments only',
      req: request({ path: 'acme/secret-project-2.git' }),
      id: 'a1',
    },
    { why: 'another owner falls to the host rule', req: request({ path: 'other/repo.git' }), id: 'b1' },
    {
      why: 'a username in the URL beats the rules',
      req: request({ path: 'acme/w.git', username: 'bob' }),
      id: 'b1',
    },
    {
      why: 'an unknown username is ignored',
      req: request({ path: 'acme/w.git', username: 'zed' }),
      id: 'a1',
    },
    { why: 'a rule for a host of no provider', req: request({ host: 'git.example.com:3000' }), id: 'g1' },
    { why: 'a host of no provider, no rule', req: request({ host: 'gitlab.com' }), id: 'not-ours' },
    { why: 'no host at all', req: request({ host: undefined }), id: 'not-ours' },
  ])('$why', ({ req, id }) => {
    expect(chosen(req)).toBe(id);
  });

  it('answers with the only account of the host when there is no rule', () => {
    expect(chosen(request({ path: 'acme/w.git' }), [], [alice, gitea])).toBe('a1');
  });

  it('says no-account for a provider host without accounts, and ambiguous with several and no rule', () => {
    expect(chosen(request({}), [], [gitea])).toBe('no-account');
    const choice = chooseGitAccount(request({ path: 'acme/w.git' }), [], [alice, bob], hosts);
    expect(choice).toEqual({
      kind: 'ambiguous',
      host: 'github.com',
      owner: 'acme',
      candidates: [alice, bob],
    });
  });

  it('refuses a rule whose account matches nothing, with the selector error', () => {
    expect(() => chosen(request({}), [{ host: 'github.com', account: 'github:nobody' }])).toThrow(
      expect.objectContaining({ code: 'not-found' }),
    );
  });
});
