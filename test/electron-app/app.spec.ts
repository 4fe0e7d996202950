/**
 * Drives the built app in a real Electron with Playwright: the window opens with its title, the
 * preload exposes exactly the contract, and the page has no Node. Run by `npm run test:electron`
 * (scripts/test-electron.js), which builds first and skips when no Electron binary is installed.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { channelNames, functionName } from '../../src/shared/contract.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const executablePath = process.env['SIGNET_ELECTRON_BINARY'];
const home = mkdtempSync(path.join(os.tmpdir(), 'signet-electron-app-'));
let app: ElectronApplication;
let page: Page;

before(async () => {
  if (!executablePath)
    throw new Error('SIGNET_ELECTRON_BINARY is not set: run this through npm run test:electron');
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== 'ELECTRON_RENDERER_URL' && key !== 'ELECTRON_RUN_AS_NODE')
      env[key] = value;
  }
  app = await _electron.launch({
    executablePath,
    args: [root],
    cwd: root,
    env: {
      ...env,
      SIGNET_HOME: home,
      // Its own keychain entries, so the spec never sees or touches a person's accounts.
      SIGNET_KEYCHAIN_SERVICE: `signet-electron-spec-${process.pid}-${Date.now()}`,
      SIGNET_LOG_LEVEL: 'error',
    },
    timeout: 60_000,
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

after(async () => {
  await app?.close();
  rmSync(home, { recursive: true, force: true });
});

test('the window is titled Signet', async () => {
  assert.equal(await page.title(), 'Signet');
});

test('window.signet has one function per channel, plus on, and no generic door', async () => {
  const shape = await page.evaluate(() => {
    const api = (globalThis as unknown as { signet?: Record<string, unknown> }).signet ?? {};
    return {
      keys: Object.keys(api).sort(),
      functions: Object.values(api).every((value) => typeof value === 'function'),
      hasInvoke: 'invoke' in api,
      hasSend: 'send' in api,
    };
  });
  assert.deepEqual(shape.keys, [...channelNames.map(functionName), 'on'].sort());
  assert.equal(shape.functions, true);
  assert.equal(shape.hasInvoke, false);
  assert.equal(shape.hasSend, false);
});

test('the page has no Node and talks to the core through the contract', async () => {
  const probe = await page.evaluate(async () => {
    const scope = globalThis as unknown as {
      require?: unknown;
      process?: unknown;
      signet: { accountsList(): Promise<unknown> };
    };
    return {
      require: typeof scope.require,
      process: typeof scope.process,
      accounts: await scope.signet.accountsList(),
    };
  });
  assert.equal(probe.require, 'undefined');
  assert.equal(probe.process, 'undefined');
  assert.deepEqual(probe.accounts, { ok: true, value: [] });
});

test('a screenshot of the empty window', async () => {
  const dir = path.join(root, 'test-results');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, 'electron-app.png') });
});

test('the window is served from app://, and closing it keeps Signet running with its tray', async () => {
  assert.equal(new URL(page.url()).protocol, 'app:');
  const after = await app.evaluate(async ({ BrowserWindow }) => {
    const [window] = BrowserWindow.getAllWindows();
    window?.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    return BrowserWindow.getAllWindows().map((each) => ({
      visible: each.isVisible(),
      destroyed: each.isDestroyed(),
    }));
  });
  assert.deepEqual(after, [{ visible: false, destroyed: false }]);
});

test('Copy code is answered by the main process, not refused as the clipboard permission is', async () => {
  const answer = await page.evaluate(async () => {
    const scope = globalThis as unknown as {
      signet: {
        signInCopyCode(input: { flowId: string }): Promise<{ ok: boolean; error?: { code: string } }>;
      };
    };
    return scope.signet.signInCopyCode({ flowId: '00000000-0000-4000-8000-000000000000' });
  });
  // No such device sign-in: the main process says so (a refused permission would never get there).
  assert.deepEqual(answer.ok, false);
  assert.equal(answer.error?.code, 'not-found');
});
