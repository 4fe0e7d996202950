import http from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SignetError } from '../../../src/shared/errors.js';
import { createHttpClient } from '../../../src/main/core/http/http-client.js';
import { signetFailure } from '../../helpers/signet-failure.js';

/** A local server with one route per misbehaviour. */
function startServer(): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    switch (path) {
      case '/ok':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ok: true }));
        return;
      case '/hang':
        return; // never answers
      case '/stall-body':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"ok":');
        return; // never finishes the body
      case '/big-declared':
        response.writeHead(200, {
          'content-type': 'application/json',
          'content-length': String(4 * 1024 * 1024),
        });
        response.write('{"padding":"');
        return; // the cap must refuse it on the header alone
      case '/big-streamed': {
        response.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        let sent = 0;
        const pump = () => {
          while (sent < 20 * 1024 * 1024) {
            sent += chunk.length;
            if (!response.write(chunk)) {
              response.once('drain', pump);
              return;
            }
          }
          response.end();
        };
        response.on('close', () => (sent = Number.POSITIVE_INFINITY));
        pump();
        return;
      }
      case '/exactly-cap':
        response.writeHead(200, { 'content-type': 'application/octet-stream' });
        response.end(Buffer.alloc(1024, 0x62));
        return;
      case '/reset':
        request.socket.destroy();
        return;
      case '/no-content':
        response.writeHead(204);
        response.end();
        return;
      case '/reset-content':
        response.writeHead(205);
        response.end();
        return;
      default:
        response.writeHead(404);
        response.end();
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** A port nothing listens on (bound, then released). */
async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const secretQuery = '?code=c0de-that-must-not-leak&state=st4te-that-must-not-leak';

describe('createHttpClient against a local server', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers a plain request with a readable Response', async () => {
    const fetch = createHttpClient({ timeoutMs: 2000 });
    const response = await fetch(`${server.url}/ok`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('no headers in time → timeout, naming the host and never the path or query', async () => {
    const fetch = createHttpClient({ timeoutMs: 300 });
    const started = Date.now();
    const error = await signetFailure(fetch(`${server.url}/hang${secretQuery}`));
    expect(error.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.message).toContain(`127.0.0.1:${server.port}`);
    expect(error.message).not.toMatch(/must-not-leak|\/hang/);
  });

  it('a body that stops halfway → timeout', async () => {
    const fetch = createHttpClient({ timeoutMs: 300 });
    const error = await signetFailure(fetch(`${server.url}/stall-body`));
    expect(error.code).toBe('timeout');
  });

  it('connection refused → network, naming the host and never the path or query', async () => {
    const port = await freePort();
    const fetch = createHttpClient({ timeoutMs: 2000 });
    const error = await signetFailure(fetch(`http://127.0.0.1:${port}/token${secretQuery}`));
    expect(error.code).toBe('network');
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).not.toMatch(/must-not-leak|\/token/);
  });

  it('a connection reset → network', async () => {
    const fetch = createHttpClient({ timeoutMs: 2000 });
    const error = await signetFailure(fetch(`${server.url}/reset${secretQuery}`));
    expect(error.code).toBe('network');
    expect(error.message).not.toMatch(/must-not-leak/);
  });

  it('a declared Content-Length over the cap → provider-error before reading it', async () => {
    const fetch = createHttpClient({ timeoutMs: 2000, maxBodyBytes: 1024 * 1024 });
    const started = Date.now();
    const error = await signetFailure(fetch(`${server.url}/big-declared`));
    expect(error.code).toBe('provider-error');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a 20 MB body without Content-Length → provider-error at the cap, quickly', async () => {
    const fetch = createHttpClient({ timeoutMs: 5000 });
    const started = Date.now();
    const error = await signetFailure(fetch(`${server.url}/big-streamed`));
    expect(error.code).toBe('provider-error');
    expect(error.message).toContain(`127.0.0.1:${server.port}`);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a body of exactly the cap is accepted', async () => {
    const fetch = createHttpClient({ timeoutMs: 2000, maxBodyBytes: 1024 });
    const response = await fetch(`${server.url}/exactly-cap`);
    expect((await response.arrayBuffer()).byteLength).toBe(1024);
  });

  it('204 and 205 answers come back without a body', async () => {
    const fetch = createHttpClient({ timeoutMs: 2000 });
    expect((await fetch(`${server.url}/no-content`)).status).toBe(204);
    expect((await fetch(`${server.url}/reset-content`)).status).toBe(205);
  });

  it('a status outside 200–599 → provider-error (regression: an untyped RangeError escaped)', async () => {
    const raw = net.createServer((socket) => {
      socket.once('data', () =>
        socket.end('HTTP/1.1 600 Weird\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}'),
      );
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = raw.address() as AddressInfo;
      const fetch = createHttpClient({ timeoutMs: 2000 });
      const error = await signetFailure(fetch(`http://127.0.0.1:${port}/token${secretQuery}`));
      expect(error.code).toBe('provider-error');
      expect(error.message).not.toMatch(/must-not-leak/);
    } finally {
      await new Promise<void>((resolve) => raw.close(() => resolve()));
    }
  });

  it("the caller's abort ends the request: user-cancelled, or the caller's own SignetError", async () => {
    const fetch = createHttpClient({ timeoutMs: 5000 });
    const plain = new AbortController();
    setTimeout(() => plain.abort(), 50);
    expect((await signetFailure(fetch(`${server.url}/hang`, { signal: plain.signal }))).code).toBe(
      'user-cancelled',
    );
    const typed = new AbortController();
    setTimeout(() => typed.abort(new SignetError('timeout', 'The sign-in timed out.')), 50);
    expect((await signetFailure(fetch(`${server.url}/hang`, { signal: typed.signal }))).code).toBe('timeout');
  });

  it('a URL that does not parse → a typed error, not a crash', async () => {
    const fetch = createHttpClient({ timeoutMs: 500 });
    const error = await signetFailure(fetch('http://[not-a-host/x?code=secret-value'));
    expect(error.code).toBe('network');
    expect(error.message).not.toContain('secret-value');
  });

  describe('with a proxy in the environment', () => {
    const names = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'];
    const saved = new Map<string, string | undefined>();
    let deadProxy: string;

    beforeAll(async () => {
      for (const name of names) saved.set(name, process.env[name]);
      deadProxy = `http://127.0.0.1:${await freePort()}`;
    });
    afterEach(() => {
      for (const name of names) {
        const value = saved.get(name);
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    function setProxyEnv(noProxy: string | null): void {
      for (const name of names) delete process.env[name];
      process.env['HTTP_PROXY'] = deadProxy;
      process.env['HTTPS_PROXY'] = deadProxy;
      if (noProxy !== null) process.env['NO_PROXY'] = noProxy;
    }

    it('goes direct to 127.0.0.1 when NO_PROXY names it, though HTTPS_PROXY/HTTP_PROXY are set', async () => {
      setProxyEnv('127.0.0.1');
      const fetch = createHttpClient({ timeoutMs: 2000 });
      const response = await fetch(`${server.url}/ok`);
      expect(response.status).toBe(200);
    });

    it('uses the proxy otherwise (so the environment is really read): a dead proxy is a network error', async () => {
      setProxyEnv(null);
      const fetch = createHttpClient({ timeoutMs: 2000 });
      const error = await signetFailure(fetch(`${server.url}/ok${secretQuery}`));
      expect(error.code).toBe('network');
      expect(error.message).not.toMatch(/must-not-leak/);
    });
  });
});
