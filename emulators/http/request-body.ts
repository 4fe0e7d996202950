// Reading request bodies the way an authorization server does: form or JSON, with a size limit and
// a record of parameters that came twice.

import type { IncomingMessage } from 'node:http';

/** Bodies larger than this are refused with 413 (no provider endpoint takes more). */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super('request body too large');
    this.name = 'BodyTooLargeError';
  }
}

export interface ParsedBody {
  /** form: x-www-form-urlencoded; json: a JSON object; invalid-json: JSON content type, unparsable. */
  type: 'form' | 'json' | 'invalid-json' | 'empty' | 'other';
  /** First value of each parameter (JSON: top-level strings, numbers and booleans as strings). */
  params: Map<string, string>;
  /** Parameters that appeared more than once (RFC 6749 §3.1 forbids it). */
  duplicates: string[];
  /** The parsed JSON value, when type is json. */
  json: unknown;
}

/** The media type of the request, lower case, without parameters ('' when absent). */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > limit) throw new BodyTooLargeError();
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export async function parseBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<ParsedBody> {
  const raw = (await readBody(req, limit)).toString('utf8');
  const type = mediaType(req);
  const params = new Map<string, string>();
  const duplicates: string[] = [];
  const put = (key: string, value: string): void => {
    if (params.has(key)) duplicates.push(key);
    else params.set(key, value);
  };
  if (type === 'application/x-www-form-urlencoded') {
    for (const [key, value] of new URLSearchParams(raw)) put(key, value);
    return { type: 'form', params, duplicates, json: undefined };
  }
  if (type === 'application/json' || type.endsWith('+json')) {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return { type: 'invalid-json', params, duplicates, json: undefined };
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      return { type: 'invalid-json', params, duplicates, json };
    }
    for (const [key, value] of Object.entries(json)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        put(key, String(value));
      }
    }
    return { type: 'json', params, duplicates, json };
  }
  return { type: raw.length === 0 ? 'empty' : 'other', params, duplicates, json: undefined };
}

/** Adds the query's parameters that the body lacks (for endpoints that read both, like GitHub's). */
export function withQueryParams(body: ParsedBody, query: URLSearchParams): ParsedBody {
  for (const [key, value] of query) if (!body.params.has(key)) body.params.set(key, value);
  return body;
}
