import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ElectronBrowserOpener, isOpenableUrl } from '../../src/main/electron/electron-opener.js';
import { isSignetError } from '../../src/shared/errors.js';
import { resetFakeElectron, shell } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

beforeEach(() => resetFakeElectron());

const refused = [
  'file:///etc/passwd',
  'javascript:alert(document.cookie)',
  'http://example.com/login/oauth/authorize',
  'http://127.0.0.1.evil.example/callback',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox',
  'smb://attacker.example/share',
  'ms-msdt:/id PCWDiagnostic',
  'x-github-client://openRepo/https://github.com/x/y',
  'https://user:pass@github.com/login/oauth/authorize',
  '//github.com/login',
  '',
  'not a url',
];

describe('ElectronBrowserOpener', () => {
  it.each(refused)('refuses %s with forbidden, and opens nothing', async (url) => {
    const error = await new ElectronBrowserOpener().open(url).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(isSignetError(error, 'forbidden')).toBe(true);
    // The URL may carry a sign-in's state: it is never echoed.
    if (url) expect((error as Error).message).not.toContain(url);
    expect(shell.opened).toEqual([]);
  });

  it.each([
    'https://github.com/login/oauth/authorize?client_id=abc&state=xyz',
    'https://accounts.google.com/o/oauth2/v2/auth?client_id=abc',
    'http://127.0.0.1:53682/authorize',
    'http://localhost:8080/authorize',
    'http://[::1]:8080/authorize',
  ])('passes %s to shell.openExternal', async (url) => {
    await new ElectronBrowserOpener().open(url);
    expect(shell.opened).toEqual([url]);
  });

  it('turns an openExternal failure into a SignetError without the URL', async () => {
    shell.failWith = new Error('xdg-open: not found');
    const url = 'https://github.com/login/oauth/authorize?state=secret-state';
    const error = await new ElectronBrowserOpener().open(url).catch((caught: unknown) => caught);
    expect(isSignetError(error, 'internal')).toBe(true);
    expect((error as Error).message).not.toContain('secret-state');
  });

  it('isOpenableUrl agrees with the opener', () => {
    for (const url of refused) expect(isOpenableUrl(url), url).toBe(false);
    expect(isOpenableUrl('https://discord.com/oauth2/authorize')).toBe(true);
  });
});
