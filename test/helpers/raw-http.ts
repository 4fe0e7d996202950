import net from 'node:net';

/** What came back on one raw connection. Bodies are kept for assertions, never printed. */
export interface RawResponse {
  /** The final (non-1xx) status, or null when the server closed without answering. */
  status: number | null;
  /** Headers of that final response, names lower-cased. */
  headers: Record<string, string>;
  body: string;
  /** The server closed the connection (as opposed to our own deadline ending it). */
  closedByServer: boolean;
  /** The connection could not be made (refused, unreachable). */
  connectError: string | null;
  /** Until the connection ended. */
  ms: number;
  /** Until the head of the final response had arrived; null when none did. */
  answeredMs: number | null;
}

export interface RawRequestOptions {
  /** Connect to this address (default 127.0.0.1). */
  address?: string;
  /** Give up (and destroy the socket) after this long. */
  deadlineMs?: number;
  /** Write the bytes one at a time, this many milliseconds apart (a slow client). */
  trickleMs?: number;
  /** Hang up once the head of the final response is in, rather than wait for the server to. */
  stopWhenAnswered?: boolean;
}

/**
 * Sends exactly these bytes on a fresh TCP connection and reads until the server closes it or the
 * deadline passes. node:http's client validates methods, paths and headers; an attacker does not,
 * so the hostile-input tests write the request themselves.
 */
export function rawExchange(
  port: number,
  bytes: string | Buffer,
  options: RawRequestOptions = {},
): Promise<RawResponse> {
  const started = Date.now();
  const payload = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let connectError: string | null = null;
    let closedByServer = false;
    let done = false;
    let trickle: NodeJS.Timeout | undefined;
    let answeredMs: number | null = null;
    const socket = net.connect({ host: options.address ?? '127.0.0.1', port });
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      clearInterval(trickle);
      socket.destroy();
      resolve({
        ...parseResponse(Buffer.concat(chunks)),
        closedByServer,
        connectError,
        ms: Date.now() - started,
        answeredMs,
      });
    };
    const deadline = setTimeout(finish, options.deadlineMs ?? 2000);
    socket.on('connect', () => {
      if (!options.trickleMs) {
        socket.write(payload);
        return;
      }
      let index = 0;
      trickle = setInterval(() => {
        if (index >= payload.length || socket.destroyed) {
          clearInterval(trickle);
          return;
        }
        socket.write(payload.subarray(index, index + 1));
        index += 1;
      }, options.trickleMs);
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (answeredMs === null && parseResponse(Buffer.concat(chunks), true).status !== null) {
        answeredMs = Date.now() - started;
        if (options.stopWhenAnswered) finish();
      }
    });
    socket.on('end', () => {
      closedByServer = true;
      finish();
    });
    socket.on('close', () => {
      closedByServer = closedByServer || !done;
      finish();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A reset or broken pipe on an open connection is the server hanging up on us (it destroys
      // sockets with unread input); only a failure to connect is a connect error.
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') closedByServer = true;
      else if (chunks.length === 0) connectError = error.code ?? 'error';
      finish();
    });
  });
}

export interface RawRequest {
  method?: string;
  /** The request target exactly as sent (not encoded here). */
  target: string;
  /** The Host header; null sends none. Default `127.0.0.1:<port>`. */
  host?: string | null;
  headers?: [string, string][];
  body?: string;
  httpVersion?: '1.0' | '1.1';
}

/** Builds a request by hand, so anything (foreign Host, no Host, odd methods) can be sent. */
export function buildRequest(port: number, request: RawRequest): string {
  const host = request.host === undefined ? `127.0.0.1:${port}` : request.host;
  const lines = [`${request.method ?? 'GET'} ${request.target} HTTP/${request.httpVersion ?? '1.1'}`];
  if (host !== null) lines.push(`Host: ${host}`);
  for (const [name, value] of request.headers ?? []) lines.push(`${name}: ${value}`);
  if (request.body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(request.body)}`);
  lines.push('Connection: close');
  return `${lines.join('\r\n')}\r\n\r\n${request.body ?? ''}`;
}

export function rawRequest(
  port: number,
  request: RawRequest,
  options: RawRequestOptions = {},
): Promise<RawResponse> {
  return rawExchange(port, buildRequest(port, request), options);
}

function parseResponse(raw: Buffer, wholeHeadOnly = false): Pick<RawResponse, 'status' | 'headers' | 'body'> {
  let rest = raw.toString('latin1');
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end === -1 && wholeHeadOnly) return { status: null, headers: {}, body: '' };
    const head = end === -1 ? rest : rest.slice(0, end);
    const match = /^HTTP\/1\.[01] (\d{3})/.exec(head);
    if (!match) return { status: null, headers: {}, body: '' };
    const status = Number(match[1]);
    const body = end === -1 ? '' : rest.slice(end + 4);
    // 1xx answers (100 Continue) come before the real one.
    if (status >= 100 && status < 200 && end !== -1) {
      rest = body;
      continue;
    }
    const headers: Record<string, string> = {};
    for (const line of head.split('\r\n').slice(1)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    return { status, headers, body };
  }
}

/** Resolves once nothing accepts connections on the port any more (or fails after `withinMs`). */
export async function waitForPortClosed(port: number, withinMs = 3000): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    if (refused) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
