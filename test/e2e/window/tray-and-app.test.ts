// The desktop app's parts of the window in Chromium over the real core (issue 12): "Copy code" in
// the device sign-in going through the main process, the tray's menu built by tray-menu.ts from
// the same core state the window shows (and driven by the same action handler the app's tray
// uses), and Settings' app section over the real app capabilities writing config.json. What only
// Electron can do (the clipboard, shell.openPath, login items) is recorded: the main process is
// asked, and the test checks exactly what it was asked.
//
// The tests run in order and build on each other.

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GITHUB_DEFAULT_USER, startGithubEmulator, type GithubEmulator } from '../../../emulators/index.js';
import { createAppCapabilities } from '../../../src/main/electron/app-capabilities.js';
import { BackgroundRefresh } from '../../../src/main/electron/background-refresh.js';
import { autostartFile } from '../../../src/main/electron/login-item.js';
import { createTrayActionHandler } from '../../../src/main/electron/tray-actions.js';
import {
  trayMenuModel,
  trayTooltip,
  type TrayAction,
  type TrayMenuItem,
} from '../../../src/main/electron/tray-menu.js';
import { logFilePath, RefreshScheduler } from '../../../src/main/core/index.js';
import type { AccountView } from '../../../src/shared/domain.js';
import { githubEnv } from '../../helpers/test-core.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import {
  resultsDir,
  seriousAxeViolations,
  startWindowSession,
  type BridgeCore,
  type WindowBridge,
  type WindowSession,
} from './bridge.js';

// app-capabilities.ts reaches cli-mode.ts, which imports Electron's `app`: the project's stand-in
// answers it (the real package would try to download its binary).
vi.mock('electron', () => import('../../electron/fake-electron.js'));

const HUBOT = { id: 480938, login: 'hubot', name: 'Hubot', primaryEmail: 'hubot@github.test' };
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** The tray's menu as a small HTML list, to look at next to the window. */
function trayMenuHtml(items: readonly TrayMenuItem[], tooltip: string): string {
  const escape = (text: string) =>
    text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  const rows = items.map((item) => {
    if (item.kind === 'separator') return '<li role="separator"><hr></li>';
    if (item.kind === 'account') {
      return `<li class="account ${item.needsSignIn ? 'attention' : ''}" aria-disabled="true">${escape(item.label)}</li>`;
    }
    const mark = item.checked === undefined ? '' : item.checked ? '✓ ' : '&nbsp;&nbsp;&nbsp;';
    return `<li class="action ${item.enabled === false ? 'disabled' : ''}">${mark}${escape(item.label)}</li>`;
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tray menu</title><style>
    body { font: 14px system-ui, sans-serif; margin: 16px; background: #ececec; }
    p { margin: 0 0 8px; color: #333; }
    ul { list-style: none; margin: 0; padding: 4px 0; width: 340px; background: #fff;
         border: 1px solid #bbb; border-radius: 6px; box-shadow: 0 2px 8px rgb(0 0 0 / 20%); }
    li { padding: 4px 16px; }
    li.account { color: #555; }
    li.attention { color: #8a4b00; font-weight: 600; }
    li.disabled { color: #999; }
    hr { border: 0; border-top: 1px solid #ddd; margin: 2px 0; }
  </style></head><body><p>Tooltip: ${escape(tooltip)}</p><ul role="menu">${rows.join('')}</ul></body></html>`;
}

describe('the window with the desktop app: tray, Copy code, Settings', () => {
  let github: GithubEmulator;
  let session: WindowSession;
  let core: BridgeCore;
  let win: WindowBridge;
  const home = makeTempDir('signet-window-home-');
  /** What the main process was asked to do for the window. */
  const opened: string[] = [];
  const loginItemCalls: unknown[] = [];
  const shown: string[] = [];
  const quits: string[] = [];
  const tokens = new Set<string>();

  // The tray as start-signet.ts wires it: accounts from `accounts-changed`, the schedule's pause,
  // the model rebuilt on each change, and its actions through the same handler.
  let trayAccounts: readonly AccountView[] = [];
  let passes = 0;
  let refresh: BackgroundRefresh;
  let menu: TrayMenuItem[] = [];
  let onTrayAction: (action: TrayAction) => void;
  let stopTray: () => void = () => undefined;
  const rebuildTray = () => (menu = trayMenuModel({ accounts: trayAccounts, paused: refresh.isPaused }));
  const trayAction = (label: string): TrayAction => {
    const item = menu.find((entry) => entry.kind === 'action' && entry.label === label);
    if (!item || item.kind !== 'action')
      throw new Error(`no "${label}" in the tray: ${JSON.stringify(menu)}`);
    return item.action;
  };
  const trayItem = (label: string) =>
    menu.find((entry) => entry.kind !== 'separator' && entry.label === label);

  const card = (name: string, page: Page = win.page): Locator =>
    page.getByRole('article').filter({ has: page.getByRole('heading', { name, level: 4 }) });
  const panel = (): Locator => win.page.getByRole('dialog', { name: /^Sign in to / });
  const appSection = (page: Page = win.page): Locator =>
    page.getByRole('region', { name: 'Running in the background' });
  const readConfig = () =>
    JSON.parse(readFileSync(path.join(core.dir, 'config.json'), 'utf8')) as { app?: Record<string, unknown> };

  beforeAll(async () => {
    // The device code is approved by the test, after "Copy code".
    github = await startGithubEmulator({ mode: 'github-app', deviceInterval: 1 });
    session = await startWindowSession(githubEnv(github), {
      app: (bridged) =>
        createAppCapabilities({
          dataDir: bridged.dir,
          logFile: logFilePath(bridged.dir),
          // Linux, as on this machine: start at login is an XDG autostart entry under HOME.
          login: {
            platform: 'linux',
            app: {
              setLoginItemSettings: (settings) => loginItemCalls.push(settings),
              getLoginItemSettings: () => ({ openAtLogin: false }),
            },
            env: { HOME: home.dir, XDG_CONFIG_HOME: path.join(home.dir, '.config') },
            execPath: '/opt/Signet/signet',
            appArgs: [],
          },
          // The .deb's command on the PATH.
          command: { platform: 'linux', env: {}, execPath: '/opt/Signet/signet', isPackaged: true },
          openPath: async (file) => {
            opened.push(file);
          },
        }),
    });
    ({ core, win } = session);
    refresh = new BackgroundRefresh(
      new RefreshScheduler(
        {
          refreshAll: (options) => {
            passes += 1;
            return core.service.refreshAll(options);
          },
          setOnline: (online) => core.service.setOnline(online),
        },
        quiet,
        { tickMs: 3_600_000 },
      ),
    );
    trayAccounts = await core.service.listAccounts();
    stopTray = core.service.on('accounts-changed', (next) => {
      trayAccounts = next;
      rebuildTray();
    });
    onTrayAction = createTrayActionHandler({
      showWindow: () => shown.push('window'),
      refreshAll: () => core.service.refreshAll({ force: true }),
      refresh,
      updateTray: rebuildTray,
      quit: () => quits.push('quit'),
    });
    rebuildTray();
    await refresh.start();
  });

  afterAll(async () => {
    stopTray();
    refresh?.stop();
    await session?.close();
    await github?.close();
    home.cleanup();
  });

  it('an empty tray says so, as the empty window does', async () => {
    await win.page.getByRole('heading', { name: 'No accounts yet' }).waitFor();
    expect(trayItem('No accounts yet')).toMatchObject({ kind: 'action', enabled: false });
    expect(trayItem('Refresh all')).toMatchObject({ enabled: false });
    expect(trayTooltip({ accounts: trayAccounts, paused: false })).toBe('Signet: 0 accounts');
  });

  it('"Copy code" puts exactly the user code on the main process’s clipboard', async () => {
    const page = win.page;
    await page.getByRole('button', { name: 'Sign in with GitHub', exact: true }).click();
    await card(GITHUB_DEFAULT_USER.name!).waitFor();
    await panel().waitFor({ state: 'detached' });

    github.setUser(HUBOT);
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByRole('button', { name: 'Use a code instead to sign in with GitHub' }).click();
    const code = panel().locator('.device-code-value');
    await code.waitFor();
    const userCode = github.lastUserCode!;
    expect(await code.textContent()).toBe(userCode);
    const before = win.clipboard.length;

    await panel().getByRole('button', { name: 'Copy code' }).click();
    await panel().getByText('Code copied.').waitFor();
    expect(win.clipboard.slice(before)).toEqual([userCode]);
    // The page sent only the flow's id and got nothing back.
    const copies = win.crossings.filter((c) => c.name === 'sign-in:copy-code');
    expect(copies.map((c) => JSON.parse(c.payload))).toEqual([{ ok: true, value: null }]);
    await win.screenshot('device-code-copied');

    github.approveDevice(userCode);
    await card('Hubot').waitFor({ timeout: 15_000 });
    await panel().waitFor({ state: 'detached' });
    // An ended flow has no code left to copy.
    const flowId = (win.events('sign-in-progress') as { flowId: string; method?: string }[]).find(
      (p) => p.method === 'device',
    )!.flowId;
    const late = await win.page.evaluate(
      (id) =>
        (
          globalThis as unknown as { signet: { signInCopyCode(i: unknown): Promise<unknown> } }
        ).signet.signInCopyCode({ flowId: id }),
      flowId,
    );
    expect(late).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(win.clipboard.slice(before)).toEqual([userCode]);
  });

  it('the tray lists the accounts the window shows, and "Refresh all" refreshes them', async () => {
    const windowAccounts = await core.service.listAccounts();
    await expect.poll(() => trayAccounts.length).toBe(2);
    const accountsInTray = menu.filter((item) => item.kind === 'account');
    expect(accountsInTray.map((item) => item.id).sort()).toEqual(windowAccounts.map((a) => a.id).sort());
    expect(accountsInTray.map((item) => item.label).sort()).toEqual([
      'GitHub · hubot — signed in',
      'GitHub · octocat — signed in',
    ]);
    expect(await win.page.getByRole('article').count()).toBe(2);
    for (const name of [GITHUB_DEFAULT_USER.name!, 'Hubot']) {
      await card(name).getByText('Active', { exact: true }).waitFor();
    }
    expect(trayItem('Refresh all')).toMatchObject({ enabled: true });

    for (const account of windowAccounts) {
      tokens.add((await core.service.getAccessToken(account.id, { minValiditySeconds: 0 })).accessToken);
    }
    const refreshedBefore = new Map(windowAccounts.map((a) => [a.id, a.lastRefreshedAt]));
    onTrayAction(trayAction('Refresh all'));
    await expect
      .poll(async () =>
        (await core.service.listAccounts()).every((a) => a.lastRefreshedAt !== refreshedBefore.get(a.id)),
      )
      .toBe(true);
    for (const account of await core.service.listAccounts()) {
      tokens.add((await core.service.getAccessToken(account.id, { minValiditySeconds: 0 })).accessToken);
    }
  });

  it('an account that needs signing in again says so in the window and in the tray', async () => {
    const octocat = (await core.service.listAccounts()).find((a) => a.login === 'octocat')!;
    github.revokeAllRefreshTokens();
    await card(GITHUB_DEFAULT_USER.name!).getByRole('button', { name: 'Refresh now' }).click();
    await card(GITHUB_DEFAULT_USER.name!).getByText('Needs sign-in', { exact: true }).waitFor();
    await card('Hubot').getByText('Active', { exact: true }).waitFor();

    await expect
      .poll(() =>
        menu
          .filter((item) => item.kind === 'account')
          .map((item) => item.label)
          .sort(),
      )
      .toEqual(['GitHub · hubot — signed in', 'GitHub · octocat — sign in again']);
    expect(trayItem('GitHub · octocat — sign in again')).toMatchObject({ id: octocat.id, needsSignIn: true });
    // Offered right below the account, once.
    const index = menu.findIndex((item) => item.kind === 'account' && item.id === octocat.id);
    expect(menu[index + 1]).toEqual({
      kind: 'action',
      label: 'Sign in to GitHub again…',
      action: { signInAgain: octocat.id },
    });
    expect(menu.filter((item) => item.kind === 'action' && item.label.startsWith('Sign in to'))).toHaveLength(
      1,
    );
    const tooltip = trayTooltip({ accounts: trayAccounts, paused: refresh.isPaused });
    expect(tooltip).toBe('Signet: 2 accounts, 1 needs signing in again');

    onTrayAction(trayAction('Sign in to GitHub again…'));
    expect(shown).toEqual(['window']);

    await win.screenshot('tray-window');
    const trayPage = await win.context.newPage();
    try {
      await trayPage.setViewportSize({ width: 380, height: 320 });
      await trayPage.setContent(trayMenuHtml(menu, tooltip));
      mkdirSync(resultsDir, { recursive: true });
      await trayPage.screenshot({ path: path.join(resultsDir, 'window-tray-menu.png') });
    } finally {
      await trayPage.close();
    }
  });

  it('"Pause refresh" checks itself, stops every pass, and turning it off runs one at once', async () => {
    const before = passes;
    onTrayAction(trayAction('Pause refresh'));
    expect(refresh.isPaused).toBe(true);
    expect(trayItem('Pause refresh')).toMatchObject({ checked: true });
    expect(trayItem('Refresh all')).toMatchObject({ enabled: false });
    expect(trayTooltip({ accounts: trayAccounts, paused: true })).toBe(
      'Signet: 2 accounts, 1 needs signing in again, refresh paused',
    );
    await refresh.onResume();
    await refresh.onOnline();
    expect(passes).toBe(before);
    // The window still shows the same accounts: pausing changes no status.
    await card(GITHUB_DEFAULT_USER.name!).getByText('Needs sign-in', { exact: true }).waitFor();
    await card('Hubot').getByText('Active', { exact: true }).waitFor();

    onTrayAction(trayAction('Pause refresh'));
    expect(refresh.isPaused).toBe(false);
    expect(trayItem('Pause refresh')).toMatchObject({ checked: false });
    await expect.poll(() => passes).toBe(before + 1);
    onTrayAction(trayAction('Quit Signet'));
    expect(quits).toEqual(['quit']);
  });

  it('Settings shows the log file, asks the main process to open it, and saves the toggles to config.json', async () => {
    const page = win.page;
    await page.getByRole('tab', { name: 'Settings' }).click();
    const section = appSection();
    await section.waitFor();
    expect(await section.getByLabel('Log file').inputValue()).toBe(logFilePath(core.dir));
    await section.getByText('Installed with the package: /usr/bin/signet.').waitFor();
    expect(await section.getByRole('button', { name: 'Install the signet command' }).count()).toBe(0);
    const tray = section.getByLabel('Keep Signet running in the tray when the window closes');
    const login = section.getByLabel('Start Signet when I log in');
    expect(await tray.isChecked()).toBe(true);
    expect(await login.isChecked()).toBe(false);
    await win.screenshot('settings-app');

    await section.getByRole('button', { name: 'Open logs' }).click();
    await section.getByText('Opened the log file.').waitFor();
    expect(opened).toEqual([logFilePath(core.dir)]);

    await tray.click();
    await section.getByText('Closing the window quits Signet.').waitFor();
    expect(readConfig().app).toMatchObject({ closeToTray: false });
    expect(await tray.isChecked()).toBe(false);

    const entry = autostartFile({ HOME: home.dir, XDG_CONFIG_HOME: path.join(home.dir, '.config') });
    expect(existsSync(entry)).toBe(false);
    await login.click();
    await section.getByText('Signet will start in the tray when you log in.').waitFor();
    expect(await login.isChecked()).toBe(true);
    expect(readConfig().app).toMatchObject({ closeToTray: false, startAtLogin: true });
    expect(readFileSync(entry, 'utf8')).toContain('Exec=/opt/Signet/signet --hidden\n');
    // Linux has no login item API: Electron's was not asked.
    expect(loginItemCalls).toEqual([]);

    await login.click();
    await section.getByText('Signet won’t start at login.').waitFor();
    expect(readConfig().app).toMatchObject({ closeToTray: false, startAtLogin: false });
    expect(existsSync(entry)).toBe(false);
    await tray.click();
    await section.getByText('Closing the window keeps Signet in the tray.').waitFor();
    expect(await tray.isChecked()).toBe(true);
    expect(readConfig().app).toMatchObject({ closeToTray: true, startAtLogin: false });
  });

  it('Settings with the app section is axe-clean in light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const other = await session.openWindow({
        colorScheme,
        bypassCSP: true,
        app: (bridged) =>
          createAppCapabilities({
            dataDir: bridged.dir,
            logFile: logFilePath(bridged.dir),
            login: {
              platform: 'linux',
              app: {
                setLoginItemSettings: () => undefined,
                getLoginItemSettings: () => ({ openAtLogin: false }),
              },
              env: { HOME: home.dir },
              execPath: '/opt/Signet/signet',
              appArgs: [],
            },
            command: { platform: 'linux', env: {}, execPath: '/opt/Signet/signet', isPackaged: true },
            openPath: async () => undefined,
          }),
      });
      try {
        await other.page.getByRole('tab', { name: 'Settings' }).click();
        await appSection(other.page).getByLabel('Log file').waitFor();
        const violations = await seriousAxeViolations(other.page);
        expect(violations, `${colorScheme}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
        await other.screenshot(`settings-app-${colorScheme}`);
        expect(other.consoleErrors).toEqual([]);
      } finally {
        await other.close();
      }
    }
  });

  it('never handed a token to the page, and the page logged no errors', () => {
    expect(tokens.size).toBeGreaterThanOrEqual(2);
    expect(win.findLeaks([...tokens])).toEqual([]);
    expect(win.consoleErrors).toEqual([]);
  });
});
