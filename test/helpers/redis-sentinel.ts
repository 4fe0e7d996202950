import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startRedis, waitForPort, type RedisProcess } from './redis-server.js';
import type { TestCertificates } from './redis-tls.js';

export interface RedisSentinelProcess {
  master: RedisProcess;
  sentinelPort: number;
  masterName: string;
  /** `redis-sentinel://127.0.0.1:<sentinel port>/<master name>` (`rediss-sentinel://` with TLS), as Signet takes it. */
  url: string;
  cleanup(): Promise<void>;
}

/**
 * One master and one Sentinel watching it (`redis-server <conf> --sentinel`), on loopback ports.
 * The Sentinel rewrites its config file, so it gets one of its own in a temporary folder.
 * With `tls`, both serve TLS only, and the Sentinel reaches the master over TLS as well
 * (`tls-replication yes`, which Sentinel also uses for its own connections to masters).
 */
export async function startRedisSentinel(
  masterName = 'signet',
  options: { tls?: TestCertificates } = {},
): Promise<RedisSentinelProcess> {
  const tls = options.tls;
  const master = await startRedis(tls ? ['--tls-replication', 'yes'] : [], tls ? { tls } : {});
  const sentinelPort = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'signet-redis-sentinel-'));
  const config = path.join(dir, 'sentinel.conf');
  writeFileSync(
    config,
    [
      ...(tls
        ? [
            'port 0',
            `tls-port ${sentinelPort}`,
            `tls-cert-file ${tls.certFile}`,
            `tls-key-file ${tls.keyFile}`,
            `tls-ca-cert-file ${tls.caFile}`,
            'tls-auth-clients no',
            'tls-replication yes',
          ]
        : [`port ${sentinelPort}`]),
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor ${masterName} 127.0.0.1 ${master.port} 1`,
      `sentinel down-after-milliseconds ${masterName} 1000`,
      `sentinel failover-timeout ${masterName} 2000`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('redis-server', [config, '--sentinel'], { stdio: 'ignore' });
  const stopSentinel = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitForPort(sentinelPort, 5000);
  } catch (error) {
    await stopSentinel();
    await master.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    master,
    sentinelPort,
    masterName,
    url: `${tls ? 'rediss' : 'redis'}-sentinel://127.0.0.1:${sentinelPort}/${masterName}`,
    async cleanup() {
      await stopSentinel();
      await master.stop();
      rmSync(dir, { recursive: true, force: true });
      rmSync(master.dir, { recursive: true, force: true });
    },
  };
}
