/** Field names whose values are secret whatever they hold. */
const secretKey =
  /^(access_?token|refresh_?token|id_?token|token|code|code_?verifier|verifier|state|nonce|client_?secret|secret|password|authorization|cookie|set-cookie|device_?code|assertion|data_?key|sealed_?token)$/i;

/** Secret-looking fragments inside free text: URL parameters, bearer credentials, known token shapes. */
const secretInText: [RegExp, string][] = [
  [
    /([?&#](?:code|state|access_token|refresh_token|id_token|token|code_verifier|client_secret|device_code|nonce|code_challenge)=)[^&#\s"']*/gi,
    '$1[redacted]',
  ],
  [/\b(Bearer|Basic|token)\s+[A-Za-z0-9._~+/=-]{8,}/g, '$1 [redacted]'],
  [/\b(gh[opsur]_|ghu_|ghr_|ya29\.|1\/\/0|dsc_at_|dsc_rt_)[A-Za-z0-9._-]+/g, '$1[redacted]'],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[redacted-jwt]'],
];

/**
 * A sync server URL's user part, which runs to the last `@` before a space: a password may hold
 * `@`, `/`, `:` or `%` as written, so nothing short of the last `@` is safe. What stands before
 * the first `:` is the user name and stays; a lone part is the password and goes.
 */
const syncUrlUserinfo = /\b(rediss?(?:-cluster|-sentinel)?:\/\/)(\S*)@/gi;

export function redactText(text: string): string {
  // The URL first: its password may hold text the other patterns would cut in two.
  let out = text.replace(syncUrlUserinfo, (_, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return colon >= 0 ? `${scheme}${userinfo.slice(0, colon)}:***@` : `${scheme}***@`;
  });
  for (const [pattern, replacement] of secretInText) out = out.replace(pattern, replacement);
  return out;
}

/** A deep copy of `value` with secret fields and secret-looking text replaced. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[…]';
  if (typeof value === 'string') return redactText(value);
  if (value instanceof Error) return redactText(`${value.name}: ${value.message}`);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = secretKey.test(key) && item != null ? '[redacted]' : redact(item, depth + 1);
    }
    return out;
  }
  return value;
}
