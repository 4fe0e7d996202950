// The sync server as the window shows it: set in Settings, then a real redis-server stopped and
// started under the running core. `status-changed` events drive the status bar.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusView } from '../../../src/shared/domain.js';
import { startGithubEmulator, type GithubEmulator } from '../../../emulators/index.js';
import { startRedis, stopAndClean, type RedisProcess } from '../../helpers/redis-server.js';
import { githubEnv, signIn } from '../../helpers/test-core.js';
import type { SyncServerConfirmation } from '../../../src/main/ipc/ipc-handlers.js';
import { startWindowSession, type BridgeCore, type WindowBridge, type WindowSession } from './bridge.js';

describe('the window and the sync server', () => {
  let github: GithubEmulator;
  let redis: RedisProcess;
  let session: WindowSession;
  let core: BridgeCore;
  let win: WindowBridge;
  const tokens: string[] = [];
  // The main process's native "Use this sync server?" dialog, answered here for the person.
  const questions: SyncServerConfirmation[] = [];
  let useServer = false;

  const statusBar = () => win.page.getByRole('list', { name: 'Status' });
  const caches = () => (win.events('status-changed') as StatusView[]).map((status) => status.cache);

  beforeAll(async () => {
    github = await startGithubEmulator({ mode: 'github-app' });
    redis = await startRedis();
    session = await startWindowSession(githubEnv(github), {
      answerSyncServer: (request) => (questions.push(request), useServer),
      // Signed in before the window opens: it starts with the account there.
      beforeOpen: async ({ service }) => {
        const accountId = await signIn(service, 'github');
        tokens.push((await service.getAccessToken(accountId)).accessToken);
      },
    });
    ({ core, win } = session);
  });

  afterAll(async () => {
    await session?.close();
    await github?.close();
    if (redis) await stopAndClean(redis);
  });

  it('keeps local storage when the person declines the server in the confirmation', async () => {
    const page = win.page;
    await statusBar().getByText('Local storage').waitFor();
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByLabel('Server address').fill(redis.url);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/^Not saved: you chose Cancel/).waitFor();
    expect(questions).toEqual([{ host: '127.0.0.1', redactedUrl: redis.url }]);
    expect(core.service.settings().syncServerUrl).toBeNull();
    expect(await page.getByRole('button', { name: 'Show pairing code' }).count()).toBe(0);
  });

  it('connects to the server set in Settings', async () => {
    const page = win.page;
    useServer = true;
    questions.length = 0;
    await page.getByLabel('Server address').fill(redis.url);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('Connected.', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved. Signet now uses this sync server.').waitFor();
    await statusBar().getByText('Sync server connected').waitFor({ timeout: 10_000 });
    await win.screenshot('sync-connected');
    expect(core.service.settings().syncServerUrl).toBe(redis.url);
    expect(questions).toHaveLength(1);
  });

  it('shows the pairing code with a QR code on demand, and hides it', async () => {
    const page = win.page;
    await page.getByRole('button', { name: 'Show pairing code' }).click();
    const code = await core.service.syncPairingCode();
    await page.getByText(`signet sync join ${code}`, { exact: true }).waitFor();
    const qr = page.getByRole('img', { name: 'QR code of the pairing code' });
    // The SVG the main process made loads under the window's CSP (img-src data:) and draws.
    await expect
      .poll(() => qr.evaluate((image) => (image as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(0);
    await win.screenshot('sync-pairing-code');
    await page.getByRole('button', { name: 'Hide' }).click();
    expect(await page.getByText(code, { exact: false }).count()).toBe(0);
    await page.getByRole('button', { name: 'Show pairing code' }).waitFor();
  });

  it('falls back to local storage while the server is down, and reconnects when it is back', async () => {
    const page = win.page;
    await page.getByRole('tab', { name: 'Accounts' }).click();
    await page.getByRole('article').first().waitFor();

    await redis.stop();
    await statusBar().getByText('Sync server unreachable — using local storage').waitFor({ timeout: 10_000 });
    await win.screenshot('sync-unreachable');
    // The account keeps its cached token: the window still knows when it expires.
    expect(await page.locator('.account-card-expiry').textContent()).toMatch(/^expires in 7h/);

    await redis.restart();
    await statusBar().getByText('Sync server connected').waitFor({ timeout: 15_000 });
    expect(caches()).toEqual(expect.arrayContaining(['redis', 'sqlite']));
    expect(caches().lastIndexOf('sqlite')).toBeLessThan(caches().lastIndexOf('redis'));
  });

  it('sent the window no token and logged no errors', () => {
    expect(win.findLeaks(tokens)).toEqual([]);
    expect(win.consoleErrors).toEqual([]);
  });
});
