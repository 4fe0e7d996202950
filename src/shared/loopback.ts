/**
 * Whether a host name is this machine's loopback interface: `localhost`, `127.0.0.0/8`, or
 * `[::1]` (as `URL.hostname` writes it) / `::1`. Plain `http` is allowed only on these, for
 * local servers; everywhere else Signet requires `https`.
 * @see RFC 8252 §7.3, §8.3
 */
export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    hostname === '::1' ||
    /^127(\.\d{1,3}){3}$/.test(hostname)
  );
}

/** An `http:` URL on a loopback host (a local test or demo server). */
export function isLoopbackHttpUrl(value: string): boolean {
  try {
    const { protocol, hostname } = new URL(value);
    return protocol === 'http:' && isLoopbackHost(hostname);
  } catch {
    return false;
  }
}
