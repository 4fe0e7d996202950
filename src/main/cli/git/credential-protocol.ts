/**
 * Git's credential-helper protocol: `key=value` lines, ended by a blank line or end of input.
 * Values are taken as they are (no quoting); keys git does not know are ignored, as git does.
 * @see https://git-scm.com/docs/git-credential#IOFMT (read 2026-12-02)
 */
export interface CredentialRequest {
  protocol: string | undefined;
  /** With `:port` when the URL has one, as git sends it. */
  host: string | undefined;
  /** The repository path, only when git's `credential.useHttpPath` is set. */
  path: string | undefined;
  username: string | undefined;
  password: string | undefined;
}

export function parseCredentialRequest(text: string): CredentialRequest {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const trimmed = line.replace(/\r$/, '');
    if (trimmed === '') break;
    const at = trimmed.indexOf('=');
    if (at <= 0) continue;
    const key = trimmed.slice(0, at);
    // `url=` stands for its parts; an attribute given on its own wins over the URL's.
    if (key === 'url') {
      for (const [part, value] of urlParts(trimmed.slice(at + 1))) {
        if (!values.has(part)) values.set(part, value);
      }
    } else values.set(key, trimmed.slice(at + 1));
  }
  return {
    protocol: values.get('protocol'),
    host: values.get('host'),
    path: values.get('path'),
    username: values.get('username'),
    password: values.get('password'),
  };
}

function urlParts(raw: string): [string, string][] {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return [];
  }
  const parts: [string, string][] = [
    ['protocol', url.protocol.replace(/:$/, '')],
    ['host', url.host],
  ];
  if (url.pathname.length > 1) parts.push(['path', decodeURIComponent(url.pathname.slice(1))]);
  if (url.username) parts.push(['username', decodeURIComponent(url.username)]);
  return parts;
}

/** The answer to `get`: one `key=value` line each, in git's order. A value never holds a newline. */
export function formatCredential(attributes: [string, string][]): string {
  return attributes
    .map(([key, value]) => {
      if (/[\n\0]/.test(value)) throw new Error(`git credential ${key} holds a newline or NUL`);
      return `${key}=${value}\n`;
    })
    .join('');
}
