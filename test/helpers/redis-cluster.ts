import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, noPersistenceIn, waitForPort } from './redis-server.js';
import { cliTlsArgs, type TestCertificates } from './redis-tls.js';

const run = promisify(execFile);

export interface RedisClusterProcess {
  /** Client ports of the masters. */
  ports: number[];
  /** `redis-cluster://127.0.0.1:p1,127.0.0.1:p2,…` (`rediss-cluster://` with TLS), as Signet takes it. */
  url: string;
  /** Stops every node (SIGTERM) and waits: the cluster is unreachable. */
  stop(): Promise<void>;
  /** Starts every node again on the same ports; they rejoin from their saved cluster config. */
  start(): Promise<void>;
  /** Stops every node and removes its files. */
  cleanup(): Promise<void>;
}

/**
 * A Redis Cluster of real redis-server processes on loopback: `masters` masters, no replicas,
 * every slot covered, ready when every node reports `cluster_state:ok`. Each node's cluster bus
 * gets its own free port (`--cluster-port`), so nothing depends on port + 10000 being free.
 * With `tls`, every node serves TLS only, the cluster bus too (`tls-cluster yes`), so the node
 * addresses the Cluster hands out are TLS ports.
 */
export async function startRedisCluster(
  masters = 3,
  timeoutMs = 20_000,
  options: { tls?: TestCertificates } = {},
): Promise<RedisClusterProcess> {
  const tls = options.tls;
  const cli = tls ? cliTlsArgs(tls) : [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'signet-redis-cluster-'));
  const nodes: { port: number; busPort: number; child?: ChildProcess }[] = [];
  for (let i = 0; i < masters; i += 1) nodes.push({ port: await freePort(), busPort: await freePort() });

  const launch = async () => {
    for (const node of nodes) {
      node.child = spawn(
        'redis-server',
        [
          ...(tls
            ? [
                '--port',
                '0',
                '--tls-port',
                String(node.port),
                '--tls-cluster',
                'yes',
                '--tls-replication',
                'yes',
                ...tls.serverArgs,
              ]
            : ['--port', String(node.port)]),
          '--cluster-port',
          String(node.busPort),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          path.join(dir, `nodes-${node.port}.conf`),
          '--cluster-node-timeout',
          '2000',
          ...noPersistenceIn(dir),
        ],
        { stdio: 'ignore' },
      );
    }
    await Promise.all(nodes.map((node) => waitForPort(node.port, 5000)));
  };
  const stop = async () => {
    await Promise.all(
      nodes.map(async (node) => {
        const child = node.child;
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await exited;
      }),
    );
  };
  const waitForOk = async () => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const states = await Promise.all(
        nodes.map((node) =>
          run('redis-cli', [...cli, '-p', String(node.port), 'cluster', 'info']).then(
            ({ stdout }) => /cluster_state:ok/.test(stdout),
            () => false,
          ),
        ),
      );
      if (states.every(Boolean)) return;
      if (Date.now() > deadline) throw new Error('the Redis Cluster did not reach cluster_state:ok in time');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  try {
    await launch();
    await run(
      'redis-cli',
      [
        ...cli,
        '--cluster',
        'create',
        ...nodes.map((node) => `127.0.0.1:${node.port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { timeout: timeoutMs },
    );
    await waitForOk();
  } catch (error) {
    await stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    ports: nodes.map((node) => node.port),
    url: `${tls ? 'rediss' : 'redis'}-cluster://${nodes.map((node) => `127.0.0.1:${node.port}`).join(',')}`,
    stop,
    async start() {
      await launch();
      await waitForOk();
    },
    async cleanup() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
