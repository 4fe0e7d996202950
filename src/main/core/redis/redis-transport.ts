import { readFileSync } from 'node:fs';
import { SignetError } from '../../../shared/errors.js';
import type { SignetConfig } from '../config/config.js';
import type { RedisTransport } from './redis-connection.js';

/**
 * The transport settings of `config` for `createRedisClient`: the CA file's PEM, read now (so a
 * renewed CA is picked up at the next connection), and the plaintext opt-out.
 */
export function redisTransportFrom(
  config: Pick<SignetConfig, 'syncServerCa' | 'syncServerAllowPlaintext'>,
): RedisTransport {
  let ca: string | undefined;
  if (config.syncServerCa) {
    try {
      ca = readFileSync(config.syncServerCa, 'utf8');
    } catch {
      throw new SignetError(
        'config-invalid',
        'The sync server CA file (syncServerCa or SIGNET_REDIS_CA) cannot be read: fix the path.',
      );
    }
  }
  return { ca, allowPlaintext: config.syncServerAllowPlaintext };
}
