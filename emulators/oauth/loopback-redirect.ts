// Which redirect URIs a native app may use without registering each one.

/**
 * Loopback redirect: http, 127.0.0.1 or [::1], any port, no fragment, no user info.
 * @see RFC 8252 §7.3
 */
export function isLoopbackRedirectUri(raw: string): boolean {
  if (raw.includes('#')) return false;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'http:' &&
    (parsed.hostname === '127.0.0.1' || parsed.hostname === '[::1]') &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
