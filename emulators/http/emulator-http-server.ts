// The server under every emulator: a real node:http server on 127.0.0.1 (an ephemeral port unless
// told otherwise) whose close() destroys open sockets, so a hanging request never keeps a test
// alive, and whose sleeps end when it closes.

import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleepTimer } from 'node:timers/promises';

import { BodyTooLargeError } from './request-body.js';
import { sendJson } from './responses.js';

/** Answers one request; a thrown error is answered 500 (413 for a body over the limit). */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

export class EmulatorHttpServer {
  /** Base URL, http://127.0.0.1:PORT (no trailing slash); '' until started. */
  url = '';
  private readonly sockets = new Set<Socket>();
  private readonly closing = new AbortController();
  private server: Server | null = null;
  private closePromise: Promise<void> | null = null;

  /** @param name names the emulator in the one line printed for an internal error. */
  constructor(
    private readonly name: string,
    private readonly handler: RequestHandler,
  ) {}

  async listen(port = 0): Promise<string> {
    const server = createServer((req, res) => this.onRequest(req, res));
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('clientError', (_err, socket: Socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  close(): Promise<void> {
    if (this.closePromise) return this.closePromise;
    this.closing.abort();
    const server = this.server;
    if (!server) {
      this.closePromise = Promise.resolve();
      return this.closePromise;
    }
    const socketsClosed = [...this.sockets].map(
      (socket) =>
        new Promise<void>((resolve) =>
          socket.destroyed ? resolve() : socket.once('close', () => resolve()),
        ),
    );
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    server.closeAllConnections();
    this.closePromise = Promise.all([serverClosed, ...socketsClosed])
      // Let the aborted responses emit 'close' (which settles stats.inFlight) before resolving.
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)));
    return this.closePromise;
  }

  get closed(): boolean {
    return this.closing.signal.aborted;
  }

  /** Sleep that ends early (rejects) when the server closes. */
  async sleep(ms: number): Promise<void> {
    await sleepTimer(ms, undefined, { signal: this.closing.signal });
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url || 'http://127.0.0.1');
    this.handler(req, res, url).catch((error: unknown) => {
      if (this.closed) return;
      if (error instanceof BodyTooLargeError) {
        sendJson(res, 413, { error: 'invalid_request', error_description: 'Request body too large.' });
        return;
      }
      // Our own error messages never contain request values, so this line is safe to print.
      const message = error instanceof Error ? error.message : 'unknown error';
      process.stderr.write(
        `[${this.name}-emulator] internal error on ${req.method} ${url.pathname}: ${message}\n`,
      );
      if (!res.headersSent)
        sendJson(res, 500, { error: 'server_error', error_description: 'Emulator error.' });
      else res.destroy();
    });
  }
}
