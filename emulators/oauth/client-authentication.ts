// How a client proves who it is at the token endpoint, and how an API request carries its token.

import type { IncomingMessage } from 'node:http';

import { safeEqual } from './secret-values.js';

export type ClientAuthMethod = 'basic' | 'post' | 'none';

export interface ClientCredentials {
  method: ClientAuthMethod;
  clientId: string | null;
  clientSecret: string | null;
  /** The Authorization header was Basic but could not be decoded, or disagreed with the body. */
  malformed: boolean;
}

/** The outcome of checking a token request's client; each provider words the failures its own way. */
export type ClientCheck = 'ok' | 'missing' | 'unknown-client' | 'missing-secret' | 'bad-secret' | 'malformed';

/** The registered client an emulator knows; a null secret makes a public client. */
export interface RegisteredClient {
  clientId: string;
  clientSecret: string | null;
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/**
 * HTTP Basic (form-urlencoded id and secret) or the body's client_id/client_secret.
 * @see RFC 6749 §2.3.1
 */
export function readClientCredentials(req: IncomingMessage, params: Map<string, string>): ClientCredentials {
  const header = req.headers.authorization;
  const bodyId = params.get('client_id') ?? null;
  if (header !== undefined && /^basic\s+/i.test(header)) {
    const decoded = Buffer.from(header.replace(/^basic\s+/i, '').trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { method: 'basic', clientId: null, clientSecret: null, malformed: true };
    const clientId = formDecode(decoded.slice(0, colon));
    const clientSecret = formDecode(decoded.slice(colon + 1));
    const malformed = bodyId !== null && bodyId !== clientId;
    return { method: 'basic', clientId, clientSecret, malformed };
  }
  const bodySecret = params.get('client_secret') ?? null;
  return {
    method: bodySecret !== null ? 'post' : 'none',
    clientId: bodyId,
    clientSecret: bodySecret,
    malformed: false,
  };
}

/**
 * Check client authentication. A public client (clientSecret null) needs only its client_id; so
 * does a grant that needs no secret (`secretRequired: false`, like GitHub's device flow).
 */
export function checkClient(
  credentials: ClientCredentials,
  client: RegisteredClient,
  options: { secretRequired?: boolean } = {},
): ClientCheck {
  if (credentials.malformed) return 'malformed';
  if (credentials.clientId === null) return 'missing';
  if (credentials.clientId !== client.clientId) return 'unknown-client';
  const secretRequired = options.secretRequired ?? client.clientSecret !== null;
  if (!secretRequired || client.clientSecret === null) return 'ok';
  if (credentials.clientSecret === null) return 'missing-secret';
  return safeEqual(credentials.clientSecret, client.clientSecret) ? 'ok' : 'bad-secret';
}

/** The token of `Authorization: <scheme> <token>` for one of the given (lowercase) schemes. */
export function readBearer(req: IncomingMessage, schemes: readonly string[] = ['bearer']): string | null {
  const header = req.headers.authorization;
  if (header === undefined) return null;
  const match = /^(\S+)\s+(\S+)\s*$/.exec(header);
  if (!match || !match[1] || !match[2]) return null;
  return schemes.includes(match[1].toLowerCase()) ? match[2] : null;
}
