import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const run = promisify(execFile);
const scan = (dir: string) =>
  run(process.execPath, [path.join(repoRoot, 'scripts/scan-secrets.js'), dir]).then(
    () => 0,
    (error: { code: number }) => error.code,
  );

describe('the test command’s secret scan (scripts/scan-secrets.js)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('passes clean output', async () => {
    writeFileSync(
      path.join(temp.dir, 'out.log'),
      'ok: 12 passed, 0 failed\nhttp://127.0.0.1:5000/callback\n',
    );
    expect(await scan(temp.dir)).toBe(0);
  });

  it.each([
    ['a GitHub token', `token ${'gho_'}${'A1b2C3d4E5f6G7h8I9j0K1l2'}`],
    ['a Google refresh token', `${'1//0'}${'gAbCdEfGhIjKlMnOpQrStUv'}`],
    ['a JWT', `${'eyJhbGciOiJSUzI1NiJ9'}.${'eyJzdWIiOiIxMjM0NSJ9'}.sig`],
    ['an authorization code in a URL', `GET /callback?${'code'}=4/0AbCdEfGhIjKlMnOp&state=x`],
    ['a state in a URL', `/callback?x=1&${'state'}=AbCdEfGhIjKlMnOpQr`],
  ])('fails output that contains %s', async (_name, text) => {
    writeFileSync(path.join(temp.dir, 'out.log'), `before\n${text}\nafter\n`);
    expect(await scan(temp.dir)).toBe(1);
  });
});
