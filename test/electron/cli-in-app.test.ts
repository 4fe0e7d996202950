/**
 * The installed `signet` command as the packaged app runs it: the app's main process with
 * `--signet-cli -- <args>` (src/main/app-entry.ts → cli-mode.ts), against the GitHub emulator and
 * the real keychain. No window or tray is made, and every command's exit code and output are
 * those of the Node CLI.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startGithubEmulator, type GithubEmulator } from '../../emulators/index.js';
import { runCli, type CliIo } from '../../src/main/cli/main.js';
import { cliArgvFrom, runCliInApp } from '../../src/main/electron/cli-mode.js';
import { forgetKeychainService } from '../helpers/forget-keychain-service.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { githubEnv } from '../helpers/test-core.js';
import { app, BrowserWindow, resetFakeElectron, Tray } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

let github: GithubEmulator;
let temp: ReturnType<typeof makeTempDir>;
let env: Record<string, string | undefined>;

function recorder(): { io: CliIo; out: () => { stdout: string; stderr: string } } {
  let stdout = '';
  let stderr = '';
  return {
    io: { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env },
    out: () => ({ stdout, stderr }),
  };
}

/** `signet-app --ozone-platform=headless --signet-cli -- …args`, as build/linux/signet runs it. */
async function throughTheApp(...args: string[]) {
  const argv = ['/opt/Signet/signet-app', '--ozone-platform=headless', '--signet-cli', '--', ...args];
  const selected = cliArgvFrom(argv);
  expect(selected).toEqual(args);
  const { io, out } = recorder();
  app.exitCode = undefined;
  const code = await runCliInApp(runCli, selected!, { io, argv });
  expect(app.exitCode).toBe(code);
  return { code, ...out() };
}

async function throughNode(...args: string[]) {
  const { io, out } = recorder();
  const code = await runCli(args, io);
  return { code, ...out() };
}

beforeAll(async () => {
  resetFakeElectron();
  github = await startGithubEmulator({ deviceInterval: 1, autoApproveDeviceAfterPolls: 1 });
  temp = makeTempDir('signet-cli-in-app-');
  env = {
    ...githubEnv(github),
    SIGNET_HOME: temp.dir,
    SIGNET_KEYCHAIN_SERVICE: `${process.env['SIGNET_KEYCHAIN_SERVICE'] ?? 'signet-test'}-cli-in-app-${process.pid}`,
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    DBUS_SESSION_BUS_ADDRESS: process.env['DBUS_SESSION_BUS_ADDRESS'],
  };
});

afterAll(async () => {
  await forgetKeychainService(env['SIGNET_KEYCHAIN_SERVICE']!).catch(() => undefined);
  await github.close();
  temp.cleanup();
});

describe('the installed signet command', () => {
  it('signs in with the device flow and exits 0, with no window, tray or Dock icon', async () => {
    const login = await throughTheApp('login', 'github', '--device', '--json');
    expect(login.code).toBe(0);
    expect(JSON.parse(login.stdout)).toMatchObject({
      provider: 'github',
      login: 'octocat',
      status: 'active',
    });
    expect(login.stderr).toContain(`First copy your one-time code: ${github.lastUserCode}`);
    expect(BrowserWindow.instances).toEqual([]);
    expect(Tray.instances).toEqual([]);
    expect(app.dock.hidden).toBe(true);
    // Chromium's profile was a throwaway folder, never the data directory.
    expect(app.getPath('userData')).not.toBe(temp.dir);
  });

  it.each([
    [['--version']],
    [['accounts', '--json']],
    [['token', 'github']],
    [['token', 'github', '--json']],
    [['token', 'discord']],
    [['no-such-command']],
    [['accounts', '--device']],
  ])('signet %j: the same exit code and output as the Node CLI', async (args) => {
    const inApp = await throughTheApp(...args);
    const inNode = await throughNode(...args);
    expect(inApp).toEqual(inNode);
  });

  it('exit codes carry through: a usage error is 2, an unknown account is not 0', async () => {
    expect((await throughTheApp('no-such-command')).code).toBe(2);
    expect((await throughTheApp('token', 'discord')).code).not.toBe(0);
    expect((await throughTheApp('token', 'github')).code).toBe(0);
  });

  it('a packaged app refuses a debugging switch before the argv’s --, and exits 2', async () => {
    app.isPackaged = true;
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const argv = ['/opt/Signet/signet-app', '--inspect=9229', '--signet-cli', '--', '--version'];
      const { io, out } = recorder();
      expect(await runCliInApp(runCli, cliArgvFrom(argv)!, { io, argv })).toBe(2);
      expect(out().stdout).toBe('');
      // After the --, the same word is the CLI's own argument, not Chromium's.
      const after = ['/opt/Signet/signet-app', '--signet-cli', '--', 'exec', '--', 'node', '--inspect'];
      expect(cliArgvFrom(after)).toEqual(['exec', '--', 'node', '--inspect']);
    } finally {
      stderr.mockRestore();
      app.isPackaged = false;
    }
  });
});
