// The fake browser (test/helpers/fake-browser.mjs) against a real emulator and a loopback callback.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { startDiscordEmulator } from '../../emulators/index.js';
import { closeAfterEach, pkce } from './oauth-test-client.js';

const track = closeAfterEach();

describe('fake browser', () => {
  const script = fileURLToPath(new URL('../helpers/fake-browser.mjs', import.meta.url));

  function runBrowser(
    url: string,
    env: Record<string, string> = {},
  ): Promise<{ code: number; stderr: string; stdout: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [script, url],
        { env: { ...process.env, ...env }, timeout: 20_000 },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  async function startCallbackServer(): Promise<{ server: Server; url: string; received: URL[] }> {
    const received: URL[] = [];
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/callback') {
        received.push(url);
        res.writeHead(302, { location: '/done' }).end();
      } else {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<p>You can close this tab.</p>');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    track({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
    return { server, url: `http://127.0.0.1:${port}`, received };
  }

  it('follows the redirects into the loopback callback and exits 0', async () => {
    const discord = track(await startDiscordEmulator());
    const callback = await startCallbackServer();
    const dir = mkdtempSync(join(tmpdir(), 'fake-browser-'));
    try {
      const log = join(dir, 'visits.log');
      const auth = new URL(`${discord.url}/oauth2/authorize`);
      auth.search = new URLSearchParams({
        response_type: 'code',
        client_id: discord.clientId,
        redirect_uri: `${callback.url}/callback`,
        scope: 'identify email',
        state: 'secret-state',
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
      }).toString();
      const result = await runBrowser(auth.toString(), { FAKE_BROWSER_LOG: log });
      expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' });
      expect(callback.received).toHaveLength(1);
      expect(callback.received[0]?.searchParams.get('state')).toBe('secret-state');
      expect(callback.received[0]?.searchParams.get('code')).toBeTruthy();
      const visits = readFileSync(log, 'utf8').trim().split('\n');
      expect(visits).toEqual([
        `${discord.url}/oauth2/authorize`,
        `${callback.url}/callback`,
        `${callback.url}/done`,
      ]);

      // A 400 page (bad redirect_uri) fails with one line and no query.
      auth.searchParams.set('redirect_uri', 'https://evil.example/callback');
      const failed = await runBrowser(auth.toString());
      expect(failed.code).toBe(1);
      expect(failed.stderr.trim().split('\n')).toHaveLength(1);
      expect(failed.stderr).toContain('HTTP 400');
      expect(failed.stderr).not.toContain('secret-state');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
