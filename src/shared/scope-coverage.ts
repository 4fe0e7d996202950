/**
 * Whether an account's granted scopes cover the ones a script or a person asks for, in each
 * provider's own terms: a scope a provider documents as included in a broader one counts as held,
 * and a short name a provider answers in its long form is the same scope.
 */

/**
 * GitHub: a broader scope includes these narrower ones.
 * @see https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps (read 2026-12-02)
 */
const githubIncludes: Record<string, readonly string[]> = {
  repo: ['repo:status', 'repo_deployment', 'public_repo', 'repo:invite', 'security_events'],
  'admin:repo_hook': ['write:repo_hook', 'read:repo_hook'],
  'write:repo_hook': ['read:repo_hook'],
  'admin:org': ['write:org', 'read:org'],
  'write:org': ['read:org'],
  'admin:public_key': ['write:public_key', 'read:public_key'],
  'write:public_key': ['read:public_key'],
  user: ['read:user', 'user:email', 'user:follow'],
  'write:packages': ['read:packages'],
  'write:discussion': ['read:discussion'],
  'admin:gpg_key': ['write:gpg_key', 'read:gpg_key'],
  'write:gpg_key': ['read:gpg_key'],
  'admin:ssh_signing_key': ['write:ssh_signing_key', 'read:ssh_signing_key'],
  'write:ssh_signing_key': ['read:ssh_signing_key'],
  project: ['read:project'],
  'admin:enterprise': ['manage_runners:enterprise', 'manage_billing:enterprise', 'read:enterprise'],
  'manage_billing:enterprise': ['read:enterprise'],
};

/**
 * Google answers the OpenID Connect short scopes in their long form.
 * @see https://developers.google.com/identity/protocols/oauth2/scopes#oauth2 (read 2026-12-02)
 */
const googleLongForms: Record<string, string> = {
  email: 'https://www.googleapis.com/auth/userinfo.email',
  profile: 'https://www.googleapis.com/auth/userinfo.profile',
};

/**
 * Microsoft Graph scopes may come back with the resource in front, and Microsoft compares them
 * without regard to case.
 * @see https://learn.microsoft.com/en-us/entra/identity-platform/scopes-oidc (read 2026-12-02)
 */
const graphResource = 'https://graph.microsoft.com/';

/** One scope in the form it is compared in, for this provider. */
export function canonicalScope(provider: string, scope: string): string {
  if (provider === 'google') {
    const long = googleLongForms[scope];
    return long ?? scope;
  }
  if (provider === 'microsoft') {
    const lower = scope.toLowerCase();
    return lower.startsWith(graphResource) ? lower.slice(graphResource.length) : lower;
  }
  return scope;
}

/** Every scope `granted` gives, including what each one includes (GitHub's hierarchy). */
export function effectiveScopes(provider: string, granted: readonly string[]): Set<string> {
  const held = new Set<string>();
  const add = (scope: string): void => {
    const canonical = canonicalScope(provider, scope);
    if (held.has(canonical)) return;
    held.add(canonical);
    if (provider === 'github') for (const included of githubIncludes[canonical] ?? []) add(included);
  };
  for (const scope of granted) add(scope);
  return held;
}

/** The scopes of `wanted` that `granted` does not cover, in the order asked, each once. */
export function missingScopes(
  provider: string,
  granted: readonly string[],
  wanted: readonly string[],
): string[] {
  const held = effectiveScopes(provider, granted);
  const missing: string[] = [];
  for (const scope of wanted) {
    if (!held.has(canonicalScope(provider, scope)) && !missing.includes(scope)) missing.push(scope);
  }
  return missing;
}

/** Splits a `scope` value (space-separated per RFC 6749 §3.3; GitHub also uses commas). */
export function parseScopeValue(value: string | null | undefined): string[] {
  return [...new Set((value ?? '').split(/[\s,]+/).filter(Boolean))];
}
