/**
 * Named crash points for the crash-consistency tests: with `SIGNET_TEST_CRASH_AT=<name>` the
 * process kills itself (SIGKILL, no cleanup) when it reaches that step, so a test can restart it
 * and check that nothing was half-written. Unset — always, outside those tests — it does nothing.
 */
export type CrashPoint =
  | 'sign-in:after-exchange'
  | 'sign-in:after-keychain'
  | 'sign-in:after-database'
  | 'refresh:after-response'
  | 'refresh:after-keychain'
  | 'refresh:after-cache'
  | 'sign-out:after-local-forget'
  | 'sign-out:after-revoke';

const armed = process.env['SIGNET_TEST_CRASH_AT'];

export function crashPoint(name: CrashPoint): void {
  if (armed === name) process.kill(process.pid, 'SIGKILL');
}
