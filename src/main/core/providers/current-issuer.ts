import { githubIssuer } from './github-provider.js';

/**
 * The issuer that an account identity stored by an older Signet has today. GitHub accounts were
 * stored under the bare web URL (`https://github.com`) before GitHub's RFC 9207 issuer
 * (`https://github.com/login/oauth`); migration `0001_github-issuer` carries the database rows,
 * and this carries identities read back from anywhere else — the keychain's credentials when the
 * accounts are rebuilt from them — with the same rule, so both end up equal.
 */
export function currentIssuer(providerId: string, issuer: string): string {
  if (providerId !== 'github' || issuer.endsWith('/login/oauth')) return issuer;
  return githubIssuer(issuer.replace(/\/+$/, ''));
}
