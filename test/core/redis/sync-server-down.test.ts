// A sync server that is down costs a process no more than the connect timeout: the first wait
// ends as soon as the connection fails, and a silent server is given up on at the timeout.
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createRedisClient,
  fastFail,
  syncConnectTimeoutMs,
  waitForReady,
} from '../../../src/main/core/redis/redis-connection.js';

describe('a sync server that is down', () => {
  const silent = net.createServer(() => undefined);
  const sockets = new Set<net.Socket>();
  silent.on('connection', (socket) => sockets.add(socket));
  afterAll(() => {
    for (const socket of sockets) socket.destroy();
    silent.close();
  });

  it('connects with the connect timeout and lets go of a closed socket at once', () => {
    expect(syncConnectTimeoutMs).toBeLessThanOrEqual(1000);
    expect(fastFail.connectTimeout).toBe(syncConnectTimeoutMs);
    expect(fastFail.disconnectTimeout).toBe(0);
    expect(fastFail.enableOfflineQueue).toBe(false);
  });

  it('ends the first wait when the connection is refused, not at the timeout', async () => {
    const client = await createRedisClient('redis://127.0.0.1:9/0');
    client.on('error', () => undefined);
    try {
      // A wait that ran to its timeout would outlast the test's own (5 s).
      await expect(waitForReady(client, 60_000)).resolves.toBe(false);
    } finally {
      client.disconnect(false);
    }
  });

  it('gives up on a server that accepts and never answers after the timeout given', async () => {
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const client = await createRedisClient(`redis://127.0.0.1:${port}/0`);
    client.on('error', () => undefined);
    try {
      await expect(waitForReady(client, 200)).resolves.toBe(false);
      expect(sockets.size).toBe(1);
      expect(client.status).not.toBe('ready');
    } finally {
      client.disconnect(false);
    }
  });
});
