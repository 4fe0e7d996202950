import type { AccountSummary, SignetConfig } from '../../core/index.js';
import { selectAccount } from '../select-account.js';
import type { CredentialRequest } from './credential-protocol.js';
import type { GitHost } from './git-hosts.js';

type Rule = SignetConfig['gitRules'][number];

export type GitAccountChoice =
  /** This account answers; `why` says which rule or default chose it (for `--explain`). */
  | { kind: 'account'; account: AccountSummary; why: string }
  /** Not a host Signet answers for: stay silent so git asks the next helper. */
  | { kind: 'not-ours' }
  /** A provider's host without any account of that provider. */
  | { kind: 'no-account'; host: GitHost }
  /** Several accounts could answer and no rule says which. */
  | { kind: 'ambiguous'; host: string; owner: string | undefined; candidates: AccountSummary[] };

/**
 * Which account answers git for a request: a username in the URL naming one of the host's
 * accounts, then the most specific rule (path prefix, then owner, then host), then the host's
 * only account.
 */
export function chooseGitAccount(
  request: CredentialRequest,
  rules: readonly Rule[],
  accounts: readonly AccountSummary[],
  hosts: readonly GitHost[],
): GitAccountChoice {
  const host = request.host?.toLowerCase();
  if (!host) return { kind: 'not-ours' };
  const path = normalizePath(request.path);
  const owner = path?.split('/')[0];
  const providerHost = hosts.find((candidate) => candidate.host === host);
  const ofHost = providerHost ? accounts.filter((account) => account.provider === providerHost.provider) : [];

  if (request.username) {
    const wanted = request.username.toLowerCase();
    const named = ofHost.find(
      (account) => account.login.toLowerCase() === wanted || account.email?.toLowerCase() === wanted,
    );
    if (named) return { kind: 'account', account: named, why: `the URL names ${request.username}` };
  }

  const rule = bestRule(rules, host, owner, path);
  if (rule) {
    return { kind: 'account', account: selectAccount(accounts, rule.account), why: describeRule(rule) };
  }
  if (!providerHost) return { kind: 'not-ours' };
  if (ofHost.length === 0) return { kind: 'no-account', host: providerHost };
  if (ofHost.length === 1)
    return { kind: 'account', account: ofHost[0]!, why: `the only account for ${host}` };
  return { kind: 'ambiguous', host, owner, candidates: ofHost };
}

function bestRule(
  rules: readonly Rule[],
  host: string,
  owner: string | undefined,
  path: string | undefined,
): Rule | undefined {
  let best: { rule: Rule; score: number } | undefined;
  for (const rule of rules) {
    if (rule.host.toLowerCase() !== host) continue;
    let score = 0;
    if (rule.pathPrefix !== undefined) {
      const prefix = normalizePath(rule.pathPrefix);
      if (!path || !prefix || !(path === prefix || path.startsWith(`${prefix}/`))) continue;
      score = 2000 + prefix.length;
    } else if (rule.owner !== undefined) {
      if (owner === undefined || rule.owner.toLowerCase() !== owner) continue;
      score = 1000;
    }
    // The first of equally specific rules wins, as the person wrote them.
    if (!best || score > best.score) best = { rule, score };
  }
  return best?.rule;
}

/** `/Acme/Widgets.git/` → `acme/widgets`: GitHub's owners and repositories ignore case. */
function normalizePath(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const trimmed = path
    .replace(/^\/+|\/+$/g, '')
    .replace(/\.git$/i, '')
    .toLowerCase();
  return trimmed === '' ? undefined : trimmed;
}

function describeRule(rule: Rule): string {
  if (rule.pathPrefix !== undefined) return `the rule for ${rule.host}/${rule.pathPrefix}`;
  if (rule.owner !== undefined) return `the rule for ${rule.host}/${rule.owner}`;
  return `the rule for ${rule.host}`;
}
