import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogFileSink, logFilePath } from '../../../src/main/core/logging/log-file-sink.js';
import { createLogger } from '../../../src/main/core/logging/logger.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir('signet-logs-');
});
afterEach(() => temp.cleanup());

describe('the log file sink', () => {
  it('writes JSON lines to <dataDir>/logs/signet.log, readable by this user only', () => {
    const file = logFilePath(temp.dir);
    expect(file).toBe(path.join(temp.dir, 'logs', 'signet.log'));
    const logger = createLogger(createLogFileSink({ file }), 'info');
    logger.info('refreshed', { accountId: 'a1' });
    logger.debug('not at this level');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', message: 'refreshed', accountId: 'a1' });
    if (process.platform !== 'win32') {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    }
  });

  it('redacts what a caller hands it raw, not only what the logger redacted', () => {
    const file = logFilePath(temp.dir);
    const sink = createLogFileSink({ file });
    sink('GET https://example.test/cb?code=abc123&state=xyz Authorization: Bearer gho_0123456789abcdef');
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('abc123');
    expect(text).not.toContain('xyz');
    expect(text).not.toContain('gho_0123456789abcdef');
    expect(text).toContain('code=[redacted]');
  });

  it('rotates by size and keeps only the generations asked for', () => {
    const file = logFilePath(temp.dir);
    const sink = createLogFileSink({ file, maxBytes: 200, keep: 2 });
    for (let index = 0; index < 40; index += 1)
      sink(`line ${String(index).padStart(3, '0')} ${'x'.repeat(40)}`);
    const names = readdirSync(path.dirname(file)).sort();
    expect(names).toEqual(['signet.log', 'signet.log.1', 'signet.log.2']);
    for (const name of names)
      expect(statSync(path.join(path.dirname(file), name)).size).toBeLessThanOrEqual(200);
    // The newest line is in the current file, the oldest ones are gone.
    expect(readFileSync(file, 'utf8')).toContain('line 039');
    const all = names.map((name) => readFileSync(path.join(path.dirname(file), name), 'utf8')).join('');
    expect(all).not.toContain('line 000');
  });

  it('drops a line it cannot write rather than throwing', () => {
    // A file where the logs folder would be: the folder cannot be made.
    writeFileSync(path.join(temp.dir, 'logs'), 'not a folder');
    const sink = createLogFileSink({ file: logFilePath(temp.dir) });
    expect(() => sink('hello')).not.toThrow();
  });
});
