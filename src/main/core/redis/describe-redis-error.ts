import { redactText } from '../logging/redact.js';

/**
 * One line a person can act on for a Redis, TLS or socket error, with nothing secret in it: the
 * password the address holds (as written and percent-encoded) is removed, and so is any Redis
 * URL's user part. ioredis repeats a Sentinel's last error inside "All sentinels are unreachable",
 * so that is read first.
 */
export function describeRedisError(error: unknown, password?: string): string {
  const raw = error instanceof Error ? error.message : String(error);
  const text = raw.split('\n')[0] ?? '';
  const sentinels = /All sentinels are unreachable/i.test(text);
  const where = sentinels ? 'No Sentinel could be used' : 'The sync server could not be used';
  const known = knownCause(text);
  if (known) return `${where}: ${known}`;
  return `${where}: ${scrub(text, password)}`;
}

function knownCause(text: string): string | null {
  if (
    /wrong version number|WRONG_VERSION_NUMBER|packet length too long|unknown protocol|EPROTO|socket disconnected before secure TLS connection/i.test(
      text,
    )
  ) {
    return 'it does not speak TLS on that port. Use a TLS port, or redis:// only on this machine.';
  }
  if (
    /self[- ]signed|unable to verify|unable to get (local )?issuer|UNABLE_TO_VERIFY|certificate chain|CERT_UNTRUSTED/i.test(
      text,
    )
  ) {
    return 'its certificate is not signed by a CA Signet trusts. Set "syncServerCa" in config.json (or SIGNET_REDIS_CA) to the CA certificate file.';
  }
  if (/altnames|Hostname\/IP does not match|ERR_TLS_CERT_ALTNAME_INVALID/i.test(text)) {
    return 'its certificate does not name the address Signet dialled.';
  }
  if (/certificate has expired|CERT_HAS_EXPIRED|not yet valid/i.test(text)) {
    return 'its certificate has expired or is not yet valid.';
  }
  if (/WRONGPASS|invalid username-password|invalid password|NOAUTH|NOPERM/i.test(text)) {
    return 'it refused the user name or password.';
  }
  if (/ECONNREFUSED/.test(text)) return 'nothing answers at that address.';
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return 'the host name does not resolve.';
  if (/ETIMEDOUT|timed? ?out|no answer/i.test(text)) return 'it did not answer in time.';
  if (/ECONNRESET|Connection is closed|EPIPE/i.test(text)) return 'it closed the connection.';
  return null;
}

function scrub(text: string, password: string | undefined): string {
  let out = redactText(text);
  if (password) {
    for (const form of new Set([password, encodeURIComponent(password)])) out = out.split(form).join('***');
  }
  return out;
}
