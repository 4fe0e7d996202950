// Injected faults: a test queues what the next request to an endpoint meets instead of a normal
// answer (an error status, a login page, broken JSON, a 20 MiB body, a reset, a hang, a delay).

import type { IncomingMessage, ServerResponse } from 'node:http';

import { sendBody, sendHtml, sendJson } from './responses.js';

/** Endpoints whose answers can be replaced by an injected fault. */
export type FaultEndpoint = 'token' | 'api' | 'revoke' | 'device';

export type Fault =
  | {
      kind: 'status';
      status: number;
      body?: string;
      contentType?: string;
      headers?: Record<string, string>;
    }
  /** 200 text/html page instead of JSON. */
  | { kind: 'html' }
  /** 200 application/json whose body is not valid JSON. */
  | { kind: 'malformed' }
  /** 200 application/json without the expected fields (no access_token, empty profile). */
  | { kind: 'missing-fields' }
  /** 200 application/json of 20 MiB, streamed in chunks without a Content-Length. */
  | { kind: 'huge' }
  /** Destroy the socket without answering. */
  | { kind: 'reset' }
  /** Never answer (until close()). */
  | { kind: 'hang' }
  /** Answer normally after a delay. */
  | { kind: 'delay'; ms: number };

const HUGE_BODY_BYTES = 20 * 1024 * 1024;

/** Faults queued per endpoint, each consumed once, first in first out. */
export class FaultQueue {
  private readonly queues = new Map<FaultEndpoint, Fault[]>();

  /** @param sleep waits for a 'delay' fault; it rejects when the emulator closes. */
  constructor(private readonly sleep: (ms: number) => Promise<void>) {}

  push(endpoint: FaultEndpoint, fault: Fault): void {
    const queue = this.queues.get(endpoint) ?? [];
    queue.push(fault);
    this.queues.set(endpoint, queue);
  }

  clear(): void {
    this.queues.clear();
  }

  /**
   * Apply the next queued fault for the endpoint. Returns true when the fault answered (or
   * deliberately did not answer) the request; false when the handler should answer normally.
   * `missingFieldsBody` is what a 'missing-fields' fault answers: the endpoint's envelope without
   * the fields a client needs.
   */
  async apply(
    endpoint: FaultEndpoint,
    req: IncomingMessage,
    res: ServerResponse,
    missingFieldsBody: unknown = {},
  ): Promise<boolean> {
    const fault = this.queues.get(endpoint)?.shift();
    if (!fault) return false;
    switch (fault.kind) {
      case 'delay':
        await this.sleep(fault.ms);
        return false;
      case 'status': {
        const body = fault.body ?? defaultFaultBody(fault.status);
        const contentType =
          fault.contentType ?? (looksLikeJson(body) ? 'application/json' : 'text/html; charset=utf-8');
        sendBody(res, fault.status, body, contentType, fault.headers ?? {});
        return true;
      }
      case 'html':
        sendHtml(res, 200, 'Sign in', 'This is a login page, not an API answer.');
        return true;
      case 'malformed':
        sendBody(res, 200, '{"token_type": "bearer", "scope": ', 'application/json; charset=utf-8');
        return true;
      case 'missing-fields':
        sendJson(res, 200, missingFieldsBody);
        return true;
      case 'huge':
        await streamHugeJson(res, HUGE_BODY_BYTES);
        return true;
      case 'reset':
        req.socket.destroy();
        return true;
      case 'hang':
        // Leave the request open; close() destroys the socket.
        return true;
    }
  }
}

function looksLikeJson(body: string): boolean {
  const trimmed = body.trimStart();
  return trimmed.startsWith('{') || trimmed.startsWith('[');
}

/** A 429 looks like Discord's and GitHub's JSON rate-limit answer; anything else like a proxy page. */
function defaultFaultBody(status: number): string {
  if (status === 429) return JSON.stringify({ message: 'You are being rate limited.', retry_after: 1 });
  return `<!doctype html><html><head><title>${status}</title></head><body><h1>Error ${status}</h1></body></html>`;
}

/** Stream `totalBytes` of a valid-but-useless JSON object, honouring backpressure. */
async function streamHugeJson(res: ServerResponse, totalBytes: number): Promise<void> {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  const head = Buffer.from('{"padding":"');
  const tail = Buffer.from('"}');
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  let remaining = totalBytes - head.length - tail.length;
  res.write(head);
  while (remaining > 0) {
    if (res.destroyed) return;
    const piece = remaining >= chunk.length ? chunk : chunk.subarray(0, remaining);
    remaining -= piece.length;
    if (!res.write(piece)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  if (!res.destroyed) res.end(tail);
}
