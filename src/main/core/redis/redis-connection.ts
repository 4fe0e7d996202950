import type { Cluster, ClusterNode, Redis, RedisOptions } from 'ioredis';
import { SignetError } from '../../../shared/errors.js';

export type RedisClient = Redis | Cluster;

/** Connection settings that make an unreachable server fail fast instead of queueing forever. */
const fastFail: RedisOptions = {
  connectTimeout: 1000,
  commandTimeout: 750,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  lazyConnect: false,
  retryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
};

/**
 * Opens the sync server. Accepted forms:
 * - `redis://[user:pass@]host:port[/db]` or `rediss://…` (TLS): one server;
 * - `redis-cluster://host:port,host:port` (or `rediss-cluster://`): a Redis Cluster, any seed nodes;
 * - `redis-sentinel://host:port,host:port/<master-name>` (or `rediss-sentinel://`): through Sentinel.
 */
export async function createRedisClient(url: string): Promise<RedisClient> {
  const parsed = parseRedisUrl(url);
  // Loaded on demand: a process without a sync server never pays for ioredis.
  const { Cluster, Redis } = await import('ioredis');
  const auth = {
    ...(parsed.username ? { username: parsed.username } : {}),
    ...(parsed.password ? { password: parsed.password } : {}),
  };
  const tls = parsed.tls ? { tls: {} } : {};
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
        sentinels: parsed.nodes,
        name: parsed.masterName,
        sentinelRetryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
      });
  }
}

export interface ParsedRedisUrl {
  kind: 'single' | 'cluster' | 'sentinel';
  tls: boolean;
  nodes: { host: string; port: number }[];
  username: string | undefined;
  password: string | undefined;
  db: number;
  masterName: string | undefined;
}

export function parseRedisUrl(url: string): ParsedRedisUrl {
  const match = /^(rediss?)(-cluster|-sentinel)?:\/\/(?:([^@/]*)@)?([^/?#]+)(?:\/([^?#]*))?$/.exec(
    url.trim(),
  );
  if (!match) {
    throw new SignetError(
      'config-invalid',
      'SIGNET_REDIS_URL must look like redis://host:port, rediss://host:port, redis-cluster://h:p,h:p or redis-sentinel://h:p/master.',
    );
  }
  const [, scheme, variant, userinfo, hosts, rest] = match;
  const nodes = hosts!.split(',').map((hostPort) => {
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(hostPort);
    const port = Number(m?.[2] ?? (variant === '-sentinel' ? 26379 : 6379));
    if (!m || port < 1 || port > 65535) {
      throw new SignetError('config-invalid', `SIGNET_REDIS_URL has a bad host or port: ${hostPort}`);
    }
    return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
  });
  let username: string | undefined;
  let password: string | undefined;
  if (userinfo) {
    const [user, pass] = userinfo.includes(':') ? userinfo.split(/:(.*)/s) : ['', userinfo];
    username = user ? decodeURIComponent(user) : undefined;
    password = pass ? decodeURIComponent(pass) : undefined;
  }
  const kind = variant === '-cluster' ? 'cluster' : variant === '-sentinel' ? 'sentinel' : 'single';
  if (kind === 'single' && nodes.length !== 1) {
    throw new SignetError(
      'config-invalid',
      'SIGNET_REDIS_URL names several hosts: use redis-cluster:// or redis-sentinel://.',
    );
  }
  const db = kind === 'single' && rest ? Number(rest) : 0;
  if (!Number.isInteger(db) || db < 0)
    throw new SignetError('config-invalid', 'SIGNET_REDIS_URL has a bad database number.');
  const masterName = kind === 'sentinel' ? rest || 'mymaster' : undefined;
  return { kind, tls: scheme === 'rediss', nodes, username, password, db, masterName };
}

/** The URL with any password replaced, for the settings page, logs and status. */
export function redactRedisUrl(url: string): string {
  return url.replace(/^([a-z-]+:\/\/)([^@/]*)@/i, (_, scheme: string, userinfo: string) =>
    userinfo.includes(':') ? `${scheme}${userinfo.split(':')[0]}:***@` : `${scheme}***@`,
  );
}

export function redisIsReady(client: RedisClient): boolean {
  return client.status === 'ready';
}

/** Resolves true once the client is ready, false after `timeoutMs`. */
export function waitForReady(client: RedisClient, timeoutMs = 1000): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const onReady = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      resolve(false);
    }, timeoutMs);
    client.once('ready', onReady);
  });
}
