/** One thing `signet doctor` found, with what to do about it. `code` is stable: scripts match on it. */
export interface Finding {
  code: FindingCode;
  severity: 'error' | 'warning' | 'info';
  message: string;
  fix: string;
}

/** Every code `signet doctor --json` may report; the README lists them. */
export const findingCodes = [
  'no-session-bus',
  'ssh-without-session-bus',
  'no-secret-service',
  'keepassxc-secret-service-off',
  'keyring-locked',
  'no-default-keyring',
  'keychain-unavailable',
  'config-invalid',
  'data-dir-not-writable',
  'database-unavailable',
  'no-provider-configured',
  'sync-server-unreachable',
  'sync-server-not-paired',
  'session-only',
] as const;

export type FindingCode = (typeof findingCodes)[number];
