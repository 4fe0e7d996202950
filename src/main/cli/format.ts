import type { AccountView, ProviderView, StatusView } from '../../shared/domain.js';

/** The `--json` shape of an account (docs/ARCHITECTURE.md §6): stable, documented in the README. */
export function accountJson(account: AccountView) {
  return {
    id: account.id,
    provider: account.provider,
    login: account.login,
    displayName: account.displayName,
    email: account.email,
    status: account.status,
    accessTokenExpiresAt: account.accessTokenExpiresAt,
    scopes: account.scopes,
    scopesRemoved: account.scopesRemoved ?? [],
  };
}

export function providerJson(provider: ProviderView) {
  return { id: provider.id, name: provider.name, configured: provider.configured, methods: provider.methods };
}

export function statusJson(status: StatusView) {
  return {
    dataDir: status.dataDir,
    keychain: status.keychain,
    cache: status.cache,
    syncServer: status.syncServer,
    // Only in session-only mode, so the documented shape of a normal status stays as it was.
    ...(status.sessionOnly ? { sessionOnly: true } : {}),
  };
}

export function describeExpiry(iso: string | null, now = Date.now()): string {
  if (iso === null) return 'no expiry';
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  if (seconds <= 0) return 'expired';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (h > 0) return `expires in ${h}h ${m}m`;
  if (m > 0) return `expires in ${m}m ${seconds % 60}s`;
  return `expires in ${seconds}s`;
}

/** Plain text columns, padded to the widest cell. */
export function table(rows: string[][]): string {
  const widths = rows.reduce<number[]>(
    (acc, row) => row.map((cell, i) => Math.max(acc[i] ?? 0, cell.length)),
    [],
  );
  return rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '))
    .join('\n');
}

export function accountLine(account: AccountView): string {
  const who =
    account.email && account.email !== account.login ? `${account.login} <${account.email}>` : account.login;
  return `${account.providerName} ${who} (${account.id})`;
}
