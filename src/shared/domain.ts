/** Domain types shared by the core, both fronts and the window. None of them ever holds a token. */

export const builtInProviderIds = ['google', 'github', 'discord', 'microsoft'] as const;
export type BuiltInProviderId = (typeof builtInProviderIds)[number];
/** A built-in provider or a generic OIDC provider declared in config.json. */
export type ProviderId = string;

export const accountStatuses = ['active', 'refreshing', 'offline', 'needs-reauth', 'error'] as const;
export type AccountStatus = (typeof accountStatuses)[number];

export const signInMethods = ['browser', 'device'] as const;
export type SignInMethod = (typeof signInMethods)[number];

export interface AccountView {
  id: string;
  provider: ProviderId;
  providerName: string;
  login: string;
  displayName: string | null;
  email: string | null;
  /** A `data:` URL of the cached avatar, so the window works offline. */
  avatar: string | null;
  scopes: string[];
  /** Scopes the account held and lost since: the provider or the person took them back. Absent: none. */
  scopesRemoved?: string[];
  /** ISO-8601: when the granted scopes last changed after the first sign-in. Absent or null: never. */
  scopesChangedAt?: string | null;
  status: AccountStatus;
  lastErrorCode: string | null;
  /** ISO-8601, or null when the provider's token does not expire or none is cached. */
  accessTokenExpiresAt: string | null;
  lastRefreshedAt: string | null;
  createdAt: string;
  /** False where the provider documents no revocation for Signet (Microsoft): sign-out only forgets. */
  revokesAtSignOut: boolean;
}

export interface ProviderView {
  id: ProviderId;
  name: string;
  configured: boolean;
  methods: SignInMethod[];
  /** What to set to configure it, when it is not. */
  missing: string[];
  /**
   * The scopes a sign-in asks for unless more are named: an account holding more than these
   * signs in again by adding scopes, so providers that grant only what is asked keep the rest.
   */
  scopes?: string[];
}

export const signInStages = [
  'starting',
  'opening-browser',
  'waiting-for-browser',
  'waiting-for-device',
  'exchanging',
  'fetching-profile',
  'storing',
  'done',
  'failed',
  'cancelled',
] as const;
export type SignInStage = (typeof signInStages)[number];

export interface SignInProgress {
  flowId: string;
  provider: ProviderId;
  method: SignInMethod;
  stage: SignInStage;
  /** Device flow: what the user types, and where. */
  userCode?: string;
  verificationUri?: string;
  /** ISO-8601: when the pending sign-in gives up. */
  expiresAt?: string;
  accountId?: string;
  error?: { code: string; message: string };
}

export interface StatusView {
  dataDir: string;
  /** `waiting`: a rotated refresh token's write is waiting on the keychain (locked, prompting). */
  keychain: { available: boolean; detail: string; waiting?: boolean };
  cache: 'sqlite' | 'redis';
  /**
   * `paired`: this machine holds a sync key (made here, or joined with a pairing code); only
   * machines with the same key read each other's entries on the server.
   */
  syncServer: { configured: boolean; connected: boolean; paired: boolean };
  online: boolean;
  /**
   * True in session-only mode, which the person chose (`SIGNET_SECRET_STORE=memory`): credentials
   * live in the running process only and are gone when it ends. Absent otherwise.
   */
  sessionOnly?: boolean;
}

/** `scopes-narrowed`: a token response granted less than the account held (a permission taken back). */
export const authEventKinds = [
  'sign-in',
  'refresh',
  'revoke',
  'sign-out',
  'reauth-required',
  'scopes-narrowed',
] as const;
export type AuthEventKind = (typeof authEventKinds)[number];
/** `cancelled`: a sign-in the person (or Signet quitting) ended, which is no failure. */
export const authEventOutcomes = ['success', 'failure', 'cancelled'] as const;
export type AuthEventOutcome = (typeof authEventOutcomes)[number];

export interface ActivityEntry {
  id: number;
  accountId: string | null;
  provider: ProviderId;
  kind: AuthEventKind;
  outcome: AuthEventOutcome;
  errorCode: string | null;
  durationMs: number | null;
  at: string;
}

export interface ActivityBucket {
  /** ISO-8601 start of the hour. */
  start: string;
  refreshes: number;
  failures: number;
}

export interface ActivityView {
  entries: ActivityEntry[];
  buckets: ActivityBucket[];
}

export interface SettingsView {
  dataDir: string;
  /** Redacted: a password in the URL is shown as `***`. */
  syncServerUrl: string | null;
  /** Whether the URL comes from SIGNET_REDIS_URL, which the settings page cannot change. */
  syncServerFromEnvironment: boolean;
  /**
   * Whether `"syncServerAllowPlaintext": true` in config.json lets a sync server on another
   * machine run without TLS, so the window can say the password and data cross the network in clear.
   */
  syncServerPlaintextAllowed?: boolean;
}

export interface SyncServerTestResult {
  ok: boolean;
  detail: string;
}
