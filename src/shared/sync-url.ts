import { isLoopbackHost } from './loopback.js';

/**
 * The sync server addresses Signet accepts, and the one grammar every part of Signet reads them
 * with (configuration, the settings page, the window's own check, the Redis client):
 * - `redis://[user:password@]host[:port][/db]`, or `rediss://…` for TLS: one server;
 * - `redis-cluster://host:port,host:port` (or `rediss-cluster://`): a Redis Cluster, any seed nodes;
 * - `redis-sentinel://host:port,host:port[/<master>]` (or `rediss-sentinel://`): through Sentinel,
 *   with TLS to the Sentinels and to the master they name.
 *
 * A password may hold `@`, `/`, `:` or `%` written as they are: the user part runs to the last
 * `@`, which no host, database number or master name contains. A lone user part with no `:`
 * (`redis://secret@host`) is the password, as token-only servers are written.
 * Messages never quote the address, which may hold a password.
 */
export interface SyncUrl {
  kind: 'single' | 'cluster' | 'sentinel';
  tls: boolean;
  nodes: { host: string; port: number }[];
  username: string | undefined;
  password: string | undefined;
  db: number;
  masterName: string | undefined;
}

export type SyncUrlParse = { ok: true; url: SyncUrl } | { ok: false; problem: string };

export const syncUrlForms =
  'redis://host:port, rediss://host:port, redis-cluster://h:p,h:p or redis-sentinel://h:p/master';

const schemePattern = /^(rediss?)(-cluster|-sentinel)?:\/\//i;

/** Reads a sync server address; `problem` says what is wrong without quoting any of it. */
export function parseSyncUrl(value: string): SyncUrlParse {
  const text = value.trim();
  const scheme = schemePattern.exec(text);
  if (!scheme) return problem(`must look like ${syncUrlForms}`);
  if (/\s/.test(text)) return problem('must not contain spaces');
  const variant = scheme[2]?.toLowerCase();
  const kind = variant === '-cluster' ? 'cluster' : variant === '-sentinel' ? 'sentinel' : 'single';
  const afterScheme = text.slice(scheme[0].length);
  const at = afterScheme.lastIndexOf('@');
  const userinfo = at >= 0 ? afterScheme.slice(0, at) : undefined;
  const location = at >= 0 ? afterScheme.slice(at + 1) : afterScheme;
  if (/[?#]/.test(location)) return problem('takes no ?query or #fragment after the host');
  const slash = location.indexOf('/');
  const hostList = slash >= 0 ? location.slice(0, slash) : location;
  const path = slash >= 0 ? location.slice(slash + 1) : '';
  if (hostList === '') return problem('needs a host, for example redis://localhost:6379');

  const nodes: SyncUrl['nodes'] = [];
  const hosts = hostList.split(',');
  for (const [index, hostPort] of hosts.entries()) {
    const m = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?$/.exec(hostPort);
    const port = Number(m?.[2] ?? (kind === 'sentinel' ? 26379 : 6379));
    if (!m || port < 1 || port > 65535) {
      const which = hosts.length > 1 ? ` (host ${index + 1} of ${hosts.length})` : '';
      const hint = (hostPort.match(/:/g)?.length ?? 0) > 1 ? '; write an IPv6 address in [brackets]' : '';
      return problem(`has a bad host or port${which}${hint}`);
    }
    nodes.push({ host: m[1]!.replace(/^\[|\]$/g, ''), port });
  }
  if (kind === 'single' && nodes.length !== 1) {
    return problem('names several hosts: use redis-cluster:// or redis-sentinel://');
  }

  let username: string | undefined;
  let password: string | undefined;
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(':');
    const [user, pass] = colon >= 0 ? [userinfo.slice(0, colon), userinfo.slice(colon + 1)] : ['', userinfo];
    username = user ? decodeLeniently(user) : undefined;
    password = pass ? decodeLeniently(pass) : undefined;
  }

  let db = 0;
  let masterName: string | undefined;
  if (kind === 'sentinel') {
    masterName = path ? decodeLeniently(path) : 'mymaster';
  } else if (path !== '') {
    if (!/^\d{1,5}$/.test(path)) return problem('has a bad database number');
    db = Number(path);
    if (kind === 'cluster' && db !== 0)
      return problem('names a database, which a Redis Cluster does not have');
  }
  return {
    ok: true,
    url: { kind, tls: scheme[1]!.toLowerCase() === 'rediss', nodes, username, password, db, masterName },
  };
}

export function isSyncServerUrl(value: string): boolean {
  return parseSyncUrl(value).ok;
}

/**
 * Why this address may not be used as it stands, or null. A sync server on another machine needs
 * TLS: the password, and every value and key name, would otherwise cross the network readable by
 * anyone on the path. Loopback (127.0.0.0/8, ::1, localhost) may use plain `redis://`, as may
 * anything when the person has set the loudly named opt-out in `config.json`.
 */
export function plaintextProblem(url: SyncUrl, allowPlaintext: boolean): string | null {
  if (url.tls || allowPlaintext) return null;
  if (url.nodes.every((node) => isLoopbackHost(node.host))) return null;
  return plaintextRefusal;
}

export const allowPlaintextKey = 'syncServerAllowPlaintext';

export const plaintextRefusal =
  `A sync server on another machine needs TLS: use rediss://, rediss-cluster:// or rediss-sentinel:// ` +
  `(or, to send the password and data unencrypted, set "${allowPlaintextKey}": true in config.json).`;

/**
 * The address with its password shown as `***`, for the window, logs, status and errors. Works on
 * any text, parseable or not, and on every shape of password: the user part runs to the last `@`.
 */
export function redactSyncUrl(value: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(value)?.[0] ?? '';
  const rest = value.slice(scheme.length);
  const at = rest.lastIndexOf('@');
  if (at < 0) return value;
  return `${scheme}${redactedUserinfo(rest.slice(0, at))}@${rest.slice(at + 1)}`;
}

/** `user:***` when a user name stands before the first `:`, else `***` (the lone part is the password). */
export function redactedUserinfo(userinfo: string): string {
  const colon = userinfo.indexOf(':');
  return colon >= 0 ? `${userinfo.slice(0, colon)}:${passwordMark}` : passwordMark;
}

/**
 * What stands in for the password in a stored address, whose password is in the keychain: the
 * stored form is exactly what the window shows.
 */
export const passwordMark = '***';

/**
 * Splits an address into what may be stored (the password replaced by `***`) and the password
 * (null when there is none). `joinSyncPassword(url, password)` puts it back.
 */
export function splitSyncPassword(value: string): { url: string; password: string | null } {
  const text = value.trim();
  const parsed = parseSyncUrl(text);
  if (!parsed.ok || parsed.url.password === undefined) return { url: text, password: null };
  return { url: redactSyncUrl(text), password: parsed.url.password };
}

/** The stored address with its `***` replaced by `password`, percent-encoded so it reads back the same. */
export function joinSyncPassword(storedUrl: string, password: string): string {
  const scheme = schemePattern.exec(storedUrl)?.[0] ?? '';
  const rest = storedUrl.slice(scheme.length);
  const at = rest.lastIndexOf('@');
  const userinfo = at >= 0 ? rest.slice(0, at) : '';
  const location = at >= 0 ? rest.slice(at + 1) : rest;
  const colon = userinfo.indexOf(':');
  const user = colon >= 0 ? userinfo.slice(0, colon) : '';
  return `${scheme}${user}:${encodeURIComponent(password)}@${location}`;
}

/** The address without its user part (nothing secret left), for where only the host matters. */
export function syncUrlWithoutUserinfo(value: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(value)?.[0] ?? '';
  const rest = value.slice(scheme.length);
  return scheme + rest.slice(rest.lastIndexOf('@') + 1);
}

function decodeLeniently(part: string): string {
  // A `%` that starts no escape (`p%zz`) is part of the password as written.
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function problem(text: string): SyncUrlParse {
  return { ok: false, problem: text };
}
