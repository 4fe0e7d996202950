import { connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { SyncServerTestResult } from '../../../shared/domain.js';
import { SignetError } from '../../../shared/errors.js';
import { parseSyncUrl } from '../../../shared/sync-url.js';
import { describeRedisError } from './describe-redis-error.js';
import { createRedisClient, type RedisClient, type RedisTransport } from './redis-connection.js';

/**
 * Tries a sync server address without adopting it (the settings page's "Test connection"): one
 * PING within `timeoutMs`, answered with one line that never holds the password, whatever shape
 * it has and whatever the error quotes.
 */
export async function probeRedis(
  url: string,
  transport: RedisTransport = {},
  timeoutMs = 2000,
): Promise<SyncServerTestResult> {
  const parsed = parseSyncUrl(url);
  const password = parsed.ok ? parsed.url.password : undefined;
  let client: RedisClient;
  try {
    client = await createRedisClient(url, transport);
  } catch (error) {
    // Refusals are already one line that quotes nothing of the address.
    return {
      ok: false,
      detail: error instanceof SignetError ? error.message : describeRedisError(error, password),
    };
  }
  let lastError: unknown = null;
  client.on('error', (error: unknown) => {
    lastError = error;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const pong = await Promise.race([
      new Promise<string>((resolve, reject) => {
        const attempt = () => client.ping().then(resolve, reject);
        if (client.status === 'ready') attempt();
        else client.once('ready', attempt);
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(lastError ?? new Error('no answer')), timeoutMs);
      }),
    ]);
    return pong === 'PONG'
      ? { ok: true, detail: 'Connected' }
      : { ok: false, detail: 'The sync server answered, but not as Redis does.' };
  } catch (error) {
    client.disconnect(false);
    // ioredis reports a Sentinel's failed TLS handshake as "Connection is closed": one handshake
    // of our own says why (a plain port, an unknown CA, a certificate for another name).
    const handshake = parsed.ok && parsed.url.tls ? await diagnoseTls(parsed.url.nodes[0]!, transport) : null;
    const cause = handshake ?? error;
    const detail = describeRedisError(cause, password);
    return {
      ok: false,
      detail:
        parsed.ok && parsed.url.kind === 'sentinel'
          ? detail.replace(/^The sync server could not/, 'No Sentinel could')
          : detail,
    };
  } finally {
    clearTimeout(timer);
    client.disconnect(false);
  }
}

/**
 * Why TLS to `node` fails, or null if a handshake succeeds. A plain Redis port does not answer a
 * TLS hello at all, so a handshake that times out is followed by a plain PING: an answer in
 * Redis's protocol means the port speaks plain TCP.
 */
async function diagnoseTls(
  node: { host: string; port: number },
  transport: RedisTransport,
): Promise<Error | null> {
  const handshake = await tlsHandshake(node, transport);
  if (handshake === null || handshake.message !== 'no answer') return handshake;
  return (await answersPlainRedis(node))
    ? new Error('wrong version number: the port speaks plain TCP')
    : handshake;
}

function answersPlainRedis(node: { host: string; port: number }): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = netConnect({ host: node.host, port: node.port });
    const done = (result: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(false), 500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(/^[+-]/.test(data.toString('latin1'))));
    socket.once('error', () => done(false));
  });
}

/** The error of a TLS handshake with `node`, verified as the client verifies it; null if it succeeds. */
function tlsHandshake(
  node: { host: string; port: number },
  transport: RedisTransport,
): Promise<Error | null> {
  return new Promise((resolve) => {
    const socket = tlsConnect({
      host: node.host,
      port: node.port,
      ...(transport.ca ? { ca: transport.ca } : {}),
    });
    const done = (result: Error | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(new Error('no answer')), 1000);
    socket.once('secureConnect', () => done(null));
    socket.once('error', (error) => done(error));
    socket.once('close', () =>
      done(new Error('socket disconnected before secure TLS connection was established')),
    );
  });
}
