import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { startRedis, stopAndClean, type RedisProcess } from './redis-server.js';

export interface RedisSuite {
  readonly url: string;
  readonly port: number;
  /** A plain client on the server, to read and write it as its operator could. */
  readonly inspector: Redis;
}

/** A real redis-server for the describe block this is called in, with an inspecting client. */
export function redisPerSuite(): RedisSuite {
  let current: { redis: RedisProcess; inspector: Redis } | undefined;
  beforeAll(async () => {
    const redis = await startRedis();
    current = { redis, inspector: new Redis(redis.port, '127.0.0.1') };
  });
  afterAll(async () => {
    if (!current) return;
    current.inspector.disconnect();
    await stopAndClean(current.redis);
    current = undefined;
  });
  const now = () => {
    if (!current) throw new Error('redisPerSuite is used inside a test or hook only');
    return current;
  };
  return {
    get url() {
      return now().redis.url;
    },
    get port() {
      return now().redis.port;
    },
    get inspector() {
      return now().inspector;
    },
  };
}
