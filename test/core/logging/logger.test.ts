import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/main/core/logging/logger.js';
import { redact, redactText } from '../../../src/main/core/logging/redact.js';
import { findSecrets } from '../../helpers/secret-scan.js';

const token = ['gho', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4'].join('_');
const jwt = ['eyJhbGciOiJSUzI1NiJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'c2lnbmF0dXJl'].join('.');

describe('the redacting logger', () => {
  it('redacts secret fields whatever a caller hands it, at any depth', () => {
    const lines: string[] = [];
    const logger = createLogger((line) => lines.push(line), 'debug');
    logger.info('token exchange', {
      access_token: token,
      refreshToken: 'ya29-like-secret-value',
      code: '4/0AbCdEf',
      state: 'xyz-state-value',
      code_verifier: 'verifier-value-1234567890',
      headers: { Authorization: `Bearer ${token}`, accept: 'application/json' },
      nested: { deeper: { client_secret: 'shh-its-secret' } },
      provider: 'github',
      errorCode: 'network',
    });
    const line = lines[0]!;
    for (const secret of [
      token,
      'ya29-like-secret-value',
      '4/0AbCdEf',
      'xyz-state-value',
      'verifier-value-1234567890',
      'shh-its-secret',
    ]) {
      expect(line.includes(secret)).toBe(false);
    }
    expect(JSON.parse(line)).toMatchObject({
      provider: 'github',
      errorCode: 'network',
      headers: { accept: 'application/json' },
    });
    expect(findSecrets(line)).toEqual([]);
  });

  it('redacts secrets inside free text: URLs, bearer credentials, token shapes, JWTs and Redis passwords', () => {
    const text = [
      `GET http://127.0.0.1:5000/callback?code=4/0AbCdEfGhIjKlMnOp&state=AbCdEfGhIjKlMnOpQr&iss=x`,
      `Authorization: Bearer ${token}`,
      `the token ${token} was refused`,
      `id_token ${jwt}`,
      'redis://signet:hunter2hunter2@redis.example:6379',
    ].join('\n');
    const out = redactText(text);
    expect(out.includes(token)).toBe(false);
    expect(out.includes(jwt)).toBe(false);
    expect(out.includes('hunter2hunter2')).toBe(false);
    expect(out).toContain('iss=x');
    expect(findSecrets(out)).toEqual([]);
  });

  it('describes errors by name and message only, redacted', () => {
    expect(redact(new Error(`refresh failed for ${token}`))).toBe('Error: refresh failed for gho_[redacted]');
  });

  it('drops lines below the chosen level', () => {
    const lines: string[] = [];
    const logger = createLogger((line) => lines.push(line), 'warn');
    logger.info('quiet');
    logger.warn('loud');
    expect(lines.map((line) => JSON.parse(line).message)).toEqual(['loud']);
  });
});
