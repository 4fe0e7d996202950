import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SignetError } from '../../../shared/errors.js';

export const callbackPath = '/callback';

/** What the flow decides about a callback request that reached the right path. */
export type CallbackVerdict<T> =
  | { kind: 'accept'; value: T }
  /** Not for this flow (wrong state, malformed): answered and ignored; the real one can still come. */
  | { kind: 'ignore'; status: number; message: string }
  /** For this flow, and final: the flow ends with this error (access denied, issuer mismatch). */
  | { kind: 'fail'; error: SignetError };

/** The loopback interface a redirect names: IPv4 by default, IPv6 where the redirect uses `[::1]`. */
export type LoopbackHost = '127.0.0.1' | '::1';

export interface LoopbackServerOptions<T> {
  /** A fixed port for providers that need an exact redirect URI; 0 for an ephemeral one. */
  port?: number;
  /**
   * The interface to listen on, the one the redirect URI names: a server on 127.0.0.1 never
   * sees a browser sent to `[::1]`, so the server listens where the redirect points.
   * @see RFC 8252 §7.3
   */
  host?: LoopbackHost;
  /**
   * At most this many connections at once (default 16); more are closed on arrival, so a local
   * process cannot hold the port's sockets and starve the browser's request.
   */
  maxConnections?: number;
  judge(params: URLSearchParams): CallbackVerdict<T>;
  /** The page the browser lands on after the callback, once the flow is over. */
  resultPage(): Promise<{ ok: boolean; title: string; detail: string }>;
  maxUrlBytes?: number;
  requestTimeoutMs?: number;
}

/**
 * The redirect target of one pending sign-in: `http://127.0.0.1:<port>/callback` (or `[::1]`),
 * bound to that loopback interface only, one path, the `Host` checked (DNS rebinding), requests capped in
 * size and time, one good callback accepted and everything else answered and ignored.
 * @see RFC 8252 §7.3, §8.3
 */
export class LoopbackServer<T> {
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private settled = false;
  private resolveCallback!: (value: T) => void;
  private rejectCallback!: (error: SignetError) => void;
  readonly callback: Promise<T>;
  private port = 0;
  private readonly host: LoopbackHost;

  private constructor(private readonly options: LoopbackServerOptions<T>) {
    this.callback = new Promise<T>((resolve, reject) => {
      this.resolveCallback = resolve;
      this.rejectCallback = reject;
    });
    this.callback.catch(() => undefined);
    this.host = options.host ?? '127.0.0.1';
    const requestTimeout = options.requestTimeoutMs ?? 10_000;
    this.server = http.createServer(
      {
        maxHeaderSize: 8 * 1024,
        requestTimeout,
        headersTimeout: Math.min(requestTimeout, 5_000),
        // Node checks those two timeouts only every 30 s by default, so a client trickling its
        // headers byte by byte (or sending nothing) held a socket for up to 30 s past them.
        connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(requestTimeout / 4))),
        keepAliveTimeout: 1000,
      },
      (request, response) => this.handle(request, response),
    );
    // Node closes connections beyond this on arrival; the browser's one request needs one or two.
    this.server.maxConnections = options.maxConnections ?? 16;
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
      if (!socket.writable) {
        socket.destroy();
        return;
      }
      // Answer what went wrong, as Node's default handler would: too large, too slow, or malformed.
      const status =
        error.code === 'HPE_HEADER_OVERFLOW'
          ? '431 Request Header Fields Too Large'
          : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? '408 Request Timeout'
            : '400 Bad Request';
      socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    });
    // CONNECT is handed to a 'connect' listener, and without one Node drops the socket unanswered.
    this.server.on('connect', (_request, socket) => {
      socket.end(
        'HTTP/1.1 405 Method Not Allowed\r\nAllow: GET\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
      );
    });
  }

  static async start<T>(options: LoopbackServerOptions<T>): Promise<LoopbackServer<T>> {
    const server = new LoopbackServer(options);
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', (error: NodeJS.ErrnoException) => {
        reject(
          error.code === 'EADDRINUSE'
            ? new SignetError(
                'config-invalid',
                `Port ${options.port} on ${server.host} is in use by another program: close it, or change the redirect port.`,
              )
            : new SignetError('internal', `Cannot listen on ${server.host}: ${error.code ?? error.message}`),
        );
      });
      // `exclusive` only keeps cluster workers from sharing the handle. On Windows, RFC 8252
      // Appendix B.3 asks for SO_EXCLUSIVEADDRUSE so that no other process can bind the same
      // port; Node cannot set it, and libuv deliberately sets neither SO_REUSEADDR nor
      // SO_EXCLUSIVEADDRUSE there (src/win/tcp.c, uv__tcp_try_bind; libuv issue #1360), so a
      // local process that binds the port with SO_REUSEADDR could receive the callback. PKCE
      // makes a code taken that way useless without the verifier; SECURITY.md says so.
      server.server.listen({ host: server.host, port: options.port ?? 0, exclusive: true }, resolve);
    });
    server.port = (server.server.address() as AddressInfo).port;
    return server;
  }

  get redirectUri(): string {
    return `http://${this.authority}${callbackPath}`;
  }

  /** `127.0.0.1:<port>` or `[::1]:<port>`: the redirect's authority, and the one Host accepted. */
  private get authority(): string {
    return `${this.host === '::1' ? '[::1]' : this.host}:${this.port}`;
  }

  /** Ends the wait with an error (cancel, timeout); the server stays up until `close()`. */
  abort(error: SignetError): void {
    if (this.settled) return;
    this.settled = true;
    this.rejectCallback(error);
  }

  async close(): Promise<void> {
    this.abort(new SignetError('user-cancelled', 'The sign-in was cancelled.'));
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    request.resume();
    const send = (status: number, title: string, detail: string, ok = false) => {
      if (response.headersSent) return;
      response.writeHead(status, pageHeaders);
      response.end(page(title, detail, ok));
    };
    if (request.headers.host !== this.authority) {
      send(421, 'Wrong address', 'This page is only served on the address Signet opened.');
      return;
    }
    const rawUrl = request.url ?? '';
    if (rawUrl.length > (this.options.maxUrlBytes ?? 4096)) {
      send(414, 'Request too long', 'This is not a sign-in response.');
      return;
    }
    if (request.method !== 'GET') {
      response.setHeader('allow', 'GET');
      send(405, 'Not allowed', 'This is not a sign-in response.');
      return;
    }
    const queryIndex = rawUrl.indexOf('?');
    const path = queryIndex === -1 ? rawUrl : rawUrl.slice(0, queryIndex);
    if (path !== callbackPath) {
      send(404, 'Not found', 'Signet serves nothing here.');
      return;
    }
    if (queryIndex === -1) {
      // Before a callback settled the flow there is no result to show, and waiting for one would
      // hold this request (and its socket) open until the flow ends: it is not a sign-in response.
      if (!this.settled) {
        send(400, 'Not a sign-in response for Signet', 'This is not a valid sign-in response.');
        return;
      }
      // The clean page the browser is sent to after the callback: no code left in its history.
      void this.options.resultPage().then(
        (result) => send(result.ok ? 200 : 400, result.title, result.detail, result.ok),
        () => send(500, 'Sign-in failed', 'Return to Signet for details.'),
      );
      return;
    }
    if (this.settled) {
      send(409, 'Already finished', 'This sign-in is over. Return to Signet.');
      return;
    }
    let verdict: CallbackVerdict<T>;
    try {
      verdict = this.options.judge(new URLSearchParams(rawUrl.slice(queryIndex + 1)));
    } catch {
      verdict = { kind: 'ignore', status: 400, message: 'This is not a valid sign-in response.' };
    }
    switch (verdict.kind) {
      case 'ignore':
        send(verdict.status, 'Not a sign-in response for Signet', verdict.message);
        return;
      case 'accept':
        this.settled = true;
        this.resolveCallback(verdict.value);
        break;
      case 'fail':
        this.settled = true;
        this.rejectCallback(verdict.error);
        break;
    }
    response.writeHead(302, { ...pageHeaders, location: callbackPath });
    response.end();
  }
}

const pageHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
  connection: 'close',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, detail: string, ok: boolean): string {
  const colour = ok ? '#1a7f37' : '#cf222e';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signet: ${escapeHtml(title)}</title>
<style>body{font:16px system-ui,sans-serif;display:grid;place-items:center;min-height:90vh;margin:0;color:#1f2328;background:#f6f8fa}
main{background:#fff;border:1px solid #d0d7de;border-radius:12px;padding:32px 40px;max-width:460px;text-align:center}
h1{font-size:20px;color:${colour};margin:0 0 8px}p{margin:0;color:#57606a}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}main{background:#161b22;border-color:#30363d}p{color:#8d96a0}}</style>
</head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p></main></body></html>`;
}
