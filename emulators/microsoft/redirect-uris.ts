// Which redirect URIs the Microsoft identity platform accepts for a registration.
// https://learn.microsoft.com/en-us/entra/identity-platform/reply-url#localhost-exceptions (read 2026-12-02)

/** An http URL on localhost or 127.0.0.1: the loopback cases where the port is not compared. */
function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
}

/**
 * Whether `requested` matches one of the registered URIs: scheme, host, path and query exactly
 * (paths are case-sensitive), the port too except on http://localhost and http://127.0.0.1, where
 * "the port component … is ignored for the purposes of matching". http is allowed on those hosts
 * only, and "The IPv6 loopback address ([::1]) is not currently supported".
 */
export function matchesRegisteredRedirect(registered: readonly URL[], requestedUri: string): boolean {
  let requested: URL;
  try {
    requested = new URL(requestedUri);
  } catch {
    return false;
  }
  if (requested.hash !== '' || requested.username !== '' || requested.password !== '') return false;
  if (requested.protocol === 'http:' && !isLoopbackHttp(requested)) return false;
  return registered.some(
    (uri) =>
      uri.protocol === requested.protocol &&
      uri.hostname === requested.hostname &&
      uri.pathname === requested.pathname &&
      uri.search === requested.search &&
      (isLoopbackHttp(requested) || uri.port === requested.port),
  );
}
