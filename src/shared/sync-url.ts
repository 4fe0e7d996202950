/**
 * The sync server addresses Signet accepts: one Redis (`redis://`), a Redis Cluster
 * (`redis-cluster://h:p,h:p`) or Sentinels (`redis-sentinel://h:p,h:p/<master>`), each with an
 * `s` for TLS (`rediss://`). The one place that says so: configuration, the settings page and
 * the main process all check with it.
 */
export const syncUrlPattern = /^rediss?(-cluster|-sentinel)?:\/\/\S+$/;

export function isSyncServerUrl(value: string): boolean {
  return syncUrlPattern.test(value);
}
