import type { ConnectionOptions } from 'node:tls';
import type { Cluster, ClusterNode, Redis, RedisOptions } from 'ioredis';
import { SignetError } from '../../../shared/errors.js';
import {
  parseSyncUrl,
  plaintextProblem,
  redactSyncUrl,
  syncUrlForms,
  type SyncUrl,
} from '../../../shared/sync-url.js';

export type RedisClient = Redis | Cluster;

/** How to reach the sync server beyond its address: the CA to trust, and the plaintext opt-out. */
export interface RedisTransport {
  /**
   * PEM of the certificate authority that signs the server's certificate (`syncServerCa` /
   * `SIGNET_REDIS_CA`); without it, Node's bundled public roots. The server is always verified.
   */
  ca?: string | undefined;
  /** `"syncServerAllowPlaintext": true` in config.json: a non-loopback server without TLS. */
  allowPlaintext?: boolean | undefined;
}

/**
 * How long a connection to the sync server may take before it counts as down; also how long a
 * process starting with a server waits for it (`SyncServer.ready`), so a server that is down
 * costs a `signet token` no more than this.
 */
export const syncConnectTimeoutMs = 1000;

/** Connection settings that make an unreachable server fail fast instead of queueing forever. */
export const fastFail: RedisOptions = {
  connectTimeout: syncConnectTimeoutMs,
  commandTimeout: 750,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  lazyConnect: false,
  // ioredis waits this long (2 s by default) for a closed connection's socket to close, with a
  // timer that holds a short-lived process open: a `signet token` done with a server that is
  // down would wait it out before exiting.
  disconnectTimeout: 0,
  retryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
};

/**
 * Opens the sync server (the forms are in `src/shared/sync-url.ts`). With TLS (`rediss*://`)
 * every connection is TLS and verified against `transport.ca` or the public roots, never with
 * verification turned off: the one server; every Cluster node; for Sentinel both the Sentinels
 * and the master they name. ioredis keeps a Sentinel deployment's master connection in plain TCP
 * unless `enableTLSForSentinelMode` is set, and takes the Sentinels' own TLS options from
 * `sentinelTLS` (ioredis pull requests 773 and 1448, https://github.com/redis/ioredis/pull/773,
 * https://github.com/redis/ioredis/pull/1448, read 2026-12-02). No `servername` is set, so each
 * certificate is checked against the address actually dialled, including the master a Sentinel
 * names (https://github.com/redis/ioredis/issues/1832, read 2026-12-02).
 * A non-loopback address without TLS is refused unless `transport.allowPlaintext`.
 */
export async function createRedisClient(url: string, transport: RedisTransport = {}): Promise<RedisClient> {
  const parsed = parseRedisUrl(url);
  const refusal = plaintextProblem(parsed, transport.allowPlaintext === true);
  if (refusal) throw new SignetError('config-invalid', refusal);
  // Loaded on demand: a process without a sync server never pays for ioredis.
  const { Cluster, Redis } = await import('ioredis');
  const auth = {
    ...(parsed.username ? { username: parsed.username } : {}),
    ...(parsed.password ? { password: parsed.password } : {}),
  };
  const tlsOptions: ConnectionOptions = transport.ca ? { ca: transport.ca } : {};
  const tls = parsed.tls ? { tls: tlsOptions } : {};
  switch (parsed.kind) {
    case 'single':
      return new Redis({
        ...fastFail,
        ...auth,
        ...tls,
        host: parsed.nodes[0]!.host,
        port: parsed.nodes[0]!.port,
        db: parsed.db,
      });
    case 'cluster':
      return new Cluster(parsed.nodes as ClusterNode[], {
        enableOfflineQueue: false,
        clusterRetryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
        slotsRefreshTimeout: 1000,
        redisOptions: { ...fastFail, ...auth, ...tls },
      });
    case 'sentinel':
      return new Redis({
        ...fastFail,
        ...auth,
        ...tls,
        ...(parsed.tls ? { enableTLSForSentinelMode: true, sentinelTLS: tlsOptions } : {}),
        sentinels: parsed.nodes,
        name: parsed.masterName!,
        // A Sentinel that takes a connection and never answers (a TLS client on a plain port)
        // must not hold the first connection up.
        sentinelCommandTimeout: 750,
        sentinelRetryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
      });
  }
}

export type ParsedRedisUrl = SyncUrl;

/** The address read by the shared grammar; a bad one is a `config-invalid` that quotes none of it. */
export function parseRedisUrl(url: string): ParsedRedisUrl {
  const parsed = parseSyncUrl(url);
  if (!parsed.ok) {
    const forms = parsed.problem.startsWith('must look like') ? '' : ` (forms: ${syncUrlForms})`;
    throw new SignetError('config-invalid', `The sync server address ${parsed.problem}${forms}.`);
  }
  return parsed.url;
}

/** The URL with any password replaced, for the settings page, logs and status. */
export function redactRedisUrl(url: string): string {
  return redactSyncUrl(url);
}

/**
 * Resolves true once the client is ready; false after `timeoutMs`, or as soon as the connection
 * fails (refused, reset, timed out), so a server that is down is not waited for any longer.
 */
export function waitForReady(client: RedisClient, timeoutMs = syncConnectTimeoutMs): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const settle = (ready: boolean) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('error', onFailure);
      client.off('end', onFailure);
      resolve(ready);
    };
    const onReady = () => settle(true);
    const onFailure = () => settle(false);
    const timer = setTimeout(onFailure, timeoutMs);
    client.once('ready', onReady);
    client.once('error', onFailure);
    client.once('end', onFailure);
  });
}
