import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestCertificates } from './redis-tls.js';

/** A free TCP port on loopback (bound and released; good enough for a test server). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RedisProcess {
  port: number;
  url: string;
  /** Stops it (SIGTERM) and waits for exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
  /** SIGSTOP: the server keeps its connections but stops answering. */
  pause(): void;
  resume(): void;
  dir: string;
}

export interface StartRedisOptions {
  /** Serve TLS only, with these certificates, on the port (plain TCP is off); the URL is `rediss://`. */
  tls?: TestCertificates;
}

/** redis-server arguments for a throwaway server: no snapshots, no append-only file, files in `dir`. */
export function noPersistenceIn(dir: string): string[] {
  return ['--save', '', '--appendonly', 'no', '--dir', dir];
}

/** Starts a real redis-server on an ephemeral loopback port, with no persistence. */
export async function startRedis(
  extraArgs: string[] = [],
  options: StartRedisOptions = {},
): Promise<RedisProcess> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'signet-redis-'));
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawn(
      'redis-server',
      [
        ...(options.tls
          ? ['--port', '0', '--tls-port', String(port), ...options.tls.serverArgs]
          : ['--port', String(port)]),
        '--bind',
        '127.0.0.1',
        ...noPersistenceIn(dir),
        ...extraArgs,
      ],
      { stdio: 'ignore' },
    );
    await waitForPort(port, 5000);
  };
  await launch();
  const stop = async () => {
    const current = child;
    if (!current || current.exitCode !== null) return;
    current.kill('SIGCONT');
    const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    current.kill('SIGTERM');
    await exited;
  };
  return {
    port,
    dir,
    url: `${options.tls ? 'rediss' : 'redis'}://127.0.0.1:${port}`,
    stop,
    async restart() {
      await stop();
      await launch();
    },
    pause() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
  };
}

export async function stopAndClean(redis: RedisProcess): Promise<void> {
  await redis.stop();
  rmSync(redis.dir, { recursive: true, force: true });
}

export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
