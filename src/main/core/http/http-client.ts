import type { Dispatcher, fetch as UndiciFetch } from 'undici';
import { SignetError } from '../../../shared/errors.js';

export interface HttpClientOptions {
  /** Whole request, connect to last body byte. */
  timeoutMs?: number;
  /** Responses larger than this are refused: providers never send megabytes. */
  maxBodyBytes?: number;
  dispatcher?: Dispatcher;
  /**
   * The transport to use instead of undici, given by the front that composes the core: the app
   * passes Electron's `net.fetch`, which follows the system's proxy settings and trust store.
   * Timeouts, the body cap and error translation apply to it all the same.
   */
  fetch?: FetchLike;
}

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * The one way Signet talks HTTP: undici with connect/header/body timeouts, a body-size cap, and
 * the proxy from `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY`. Network failures become
 * `SignetError('network' | 'timeout')` with the host named and never the query string.
 */
export function createHttpClient(options: HttpClientOptions = {}): FetchLike {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  // undici is loaded on the first request: serving a cached token never needs it.
  let transport: Promise<{ fetch: typeof UndiciFetch; dispatcher: Dispatcher }> | undefined;
  const load = () =>
    (transport ??= import('undici').then((undici) => ({
      fetch: undici.fetch,
      dispatcher:
        options.dispatcher ??
        new undici.EnvHttpProxyAgent({
          connectTimeout: Math.min(timeoutMs, 10_000),
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        }),
    })));

  const send = async (url: string, init: RequestInit, signal: AbortSignal): Promise<Response> => {
    if (options.fetch) return options.fetch(url, { ...init, signal });
    const { fetch: undiciFetch, dispatcher } = await load();
    const response = await undiciFetch(url, {
      ...(init as Parameters<typeof undiciFetch>[1]),
      signal,
      dispatcher,
    });
    return response as unknown as Response;
  };

  return async (url, init = {}) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    const host = safeHost(url);
    let response: Response;
    try {
      response = await send(url, init, signal);
    } catch (error) {
      throw translateFetchError(error, host, timeout.aborted);
    }
    if (response.status < 200 || response.status > 599) {
      // A Response cannot carry such a status (its constructor throws a RangeError), and no
      // provider sends one: only a broken server or proxy does.
      await response.body?.cancel().catch(() => undefined);
      throw new SignetError(
        'provider-error',
        `${host} answered with an invalid HTTP status (${response.status}).`,
      );
    }
    const body = await readCapped(response, maxBodyBytes, host, timeout);
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

async function readCapped(
  response: Response,
  maxBytes: number,
  host: string,
  timeout: AbortSignal,
): Promise<Uint8Array | null> {
  if (!response.body || response.status === 204 || response.status === 304) return null;
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body.cancel().catch(() => undefined);
    throw new SignetError('provider-error', `${host} sent a response larger than ${maxBytes} bytes.`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.byteLength;
      if (total > maxBytes) {
        await response.body.cancel().catch(() => undefined);
        throw new SignetError('provider-error', `${host} sent a response larger than ${maxBytes} bytes.`);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof SignetError) throw error;
    throw translateFetchError(error, host, timeout.aborted);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

export function translateFetchError(error: unknown, host: string, timedOut: boolean): SignetError {
  if (error instanceof SignetError) return error;
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause;
  const code = cause?.code ?? (error as { code?: string } | undefined)?.code;
  if (
    timedOut ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT'
  ) {
    return new SignetError('timeout', `${host} did not answer in time.`);
  }
  if ((error as { name?: string } | undefined)?.name === 'AbortError') {
    return new SignetError('user-cancelled', 'The request was cancelled.');
  }
  const detail = code ? ` (${code})` : '';
  return new SignetError('network', `Cannot reach ${host}${detail}. Check the network connection.`);
}
