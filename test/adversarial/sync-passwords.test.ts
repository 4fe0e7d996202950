// A sync server password in every shape that has leaked before (`@`, `/`, `:`, `%`, as written or
// percent-encoded) goes through everything that shows, logs, reports or stores an address: the
// settings view, Test connection, refusals of a bad address, the logger at debug, the command
// line's stdout and stderr, and every file of the data directory. None of it may hold any part
// of the password. The keychain is the real one (run inside scripts/with-keyring.sh).
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFileName, loadConfig } from '../../src/main/core/config/config.js';
import { createLogger } from '../../src/main/core/logging/logger.js';
import { KeytarSecretStore } from '../../src/main/core/secrets/keytar-secret-store.js';
import { SettingsRepository } from '../../src/main/core/storage/settings-repository.js';
import { SyncSettings } from '../../src/main/core/sync/sync-settings.js';
import { runSignet } from '../helpers/cli.js';
import { makeCoreParts } from '../helpers/core-parts.js';
import { forgetKeychainService } from '../helpers/forget-keychain-service.js';
import { freePort, startRedis, stopAndClean, type RedisProcess } from '../helpers/redis-server.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { leakedParts, passwordShapes } from '../core/redis/password-shapes.js';

function dataDirText(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(path.join(entry.parentPath, entry.name)).toString('latin1'))
    .join('\n');
}

const until = async (predicate: () => boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!predicate() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
};

describe.each(passwordShapes)('a sync server password with %s', (_, password) => {
  const service = `signet-test-syncpw-${randomUUID()}`;
  let guarded: RedisProcess;
  let nowhere: number;
  const written = [
    (port: number) => `redis://:${password}@127.0.0.1:${port}`,
    (port: number) => `redis://:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    (port: number) => `redis-sentinel://signet:${password}@127.0.0.1:${port}/mymaster`,
  ];

  beforeAll(async () => {
    // The server wants a different password: every attempt is refused, and says so.
    guarded = await startRedis(['--requirepass', `other-${randomUUID()}`]);
    nowhere = await freePort();
  });
  afterAll(async () => {
    if (guarded) await stopAndClean(guarded);
    await forgetKeychainService(service);
  });

  it('is in no view, test answer, refusal, log line or data directory file', async () => {
    const lines: string[] = [];
    const logger = createLogger((line) => lines.push(line), 'debug');
    const secrets = new KeytarSecretStore({ service });
    const parts = makeCoreParts({ secrets, logger });
    const shown: string[] = [];
    try {
      const config = loadConfig(parts.dir, {});
      const settings = new SyncSettings(config, new SettingsRepository(parts.db), parts.sync, secrets);
      // Every written form is saved and shown; each is tried once, against a server that refuses
      // it and against a port nobody answers (each try waits out its two seconds).
      for (const [index, make] of written.entries()) {
        const url = make(index % 2 === 0 ? guarded.port : nowhere);
        const view = await settings.setServer(url);
        shown.push(JSON.stringify(view), JSON.stringify(settings.view()));
        shown.push(JSON.stringify(await settings.test(index === 0 ? view.syncServerUrl! : url)));
        logger.warn(`could not use ${url}`, { url, error: new Error(`failed: ${url}`) });
        for (const broken of [url.replace(/:\d+(\/|$)/, ':99999$1'), `${url}?x`]) {
          const error = await settings.setServer(broken).catch((caught: Error) => caught);
          shown.push(error instanceof Error ? error.message : String(error));
        }
      }
      // Whatever ioredis says while it retries against the refusing server went to the logger too.
      await settings.setServer(written[0]!(guarded.port));
      await until(() => lines.some((line) => /sync server/.test(line)), 1500);
      // The password did reach the keychain, which is where it belongs.
      expect(await secrets.getSecret('sync-password')).toContain('"password"');
      for (const text of [...shown, ...lines, dataDirText(parts.dir)]) {
        expect(leakedParts(text, password)).toEqual([]);
      }
      expect(shown.some((text) => text.includes('***'))).toBe(true);
    } finally {
      await parts.close();
    }
  });

  // The command line starts a process per run: two shapes cover `@` alone and all of them together.
  if (password.includes('@')) {
    it('is not in what the command line prints for a bad address, a refused one, or one nobody answers', async () => {
      const home = makeTempDir();
      try {
        const env = { SIGNET_HOME: home.dir, SIGNET_KEYCHAIN_SERVICE: service, SIGNET_LOG_LEVEL: 'debug' };
        const runs = [
          await runSignet(['status'], { ...env, SIGNET_REDIS_URL: `redis://:${password}@127.0.0.1:99999` }),
          await runSignet(['status', '--json'], { ...env, SIGNET_REDIS_URL: written[0]!(guarded.port) }),
          await runSignet(['status', '--json'], { ...env, SIGNET_REDIS_URL: written[2]!(nowhere) }),
          await runSignet(['status'], {
            ...env,
            SIGNET_REDIS_URL: `redis://:${password}@redis.example.test:6379`,
          }),
        ];
        expect(runs[0]).toMatchObject({
          code: 5,
          stderr: 'signet: Configuration SIGNET_REDIS_URL has a bad host or port.\n',
        });
        expect(runs[3]!.stderr).toMatch(
          /^signet: Configuration SIGNET_REDIS_URL: A sync server on another machine needs TLS/,
        );
        for (const { stdout, stderr } of runs) {
          expect(leakedParts(stdout + stderr, password)).toEqual([]);
        }
        expect(leakedParts(dataDirText(home.dir), password)).toEqual([]);
      } finally {
        home.cleanup();
      }
    });
  }
});

describe('config.json with a password', () => {
  it('refuses an address without TLS to another machine without quoting it', async () => {
    const home = makeTempDir();
    try {
      const password = passwordShapes.at(-1)![1];
      writeFileSync(
        path.join(home.dir, configFileName),
        JSON.stringify({ syncServerUrl: `redis://:${password}@10.1.2.3:6379` }),
      );
      const run = await runSignet(['status'], {
        SIGNET_HOME: home.dir,
        SIGNET_KEYCHAIN_SERVICE: `signet-test-${randomUUID()}`,
      });
      expect(run.code).toBe(5);
      expect(run.stderr).toMatch(
        /syncServerUrl: A sync server on another machine needs TLS.*syncServerAllowPlaintext/,
      );
      expect(leakedParts(run.stdout + run.stderr, password)).toEqual([]);
    } finally {
      home.cleanup();
    }
  });
});
