// What each user has consented to, across authorizations: for providers whose new grant also
// covers the scopes granted before (Google with include_granted_scopes=true, Microsoft's
// accumulated consent). Removing a scope here is the person taking it back.

/** Per user (by a stable key), every scope consented so far. */
export class ConsentedScopes {
  private readonly byUser = new Map<string, Set<string>>();

  /** Adds what this authorization granted and answers everything the user has consented to. */
  grant(userKey: string, scope: string): string {
    const held = this.byUser.get(userKey) ?? new Set<string>();
    for (const item of scope.split(/\s+/)) if (item) held.add(item);
    this.byUser.set(userKey, held);
    return [...held].join(' ');
  }

  /** The user's earlier consent to these is gone. */
  remove(scopes: readonly string[]): void {
    for (const held of this.byUser.values()) for (const scope of scopes) held.delete(scope);
  }
}
