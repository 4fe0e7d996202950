import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  hardenContents,
  hardenSession,
  isAppUrl,
  isTrustedSender,
  withCsp,
  type FrameLike,
  type TrustPolicy,
} from '../../src/main/electron/security.js';
import { FakeSession, FakeWebContents } from './fake-electron.js';

const appUrl = 'file:///opt/Signet/resources/app.asar/out/renderer/index.html';
const devUrl = 'http://localhost:5173';

describe('isAppUrl', () => {
  it.each([
    [appUrl, appUrl, true],
    [`${appUrl}#/settings`, appUrl, true],
    [`${appUrl}?tab=activity`, appUrl, true],
    ['file:///opt/Signet/resources/app.asar/out/renderer/other.html', appUrl, false],
    ['file:///opt/Signet/resources/app.asar/out/renderer/../../../../../../etc/passwd', appUrl, false],
    ['file:///etc/passwd', appUrl, false],
    ['file://evil.example/opt/Signet/resources/app.asar/out/renderer/index.html', appUrl, false],
    ['https://accounts.google.com/o/oauth2/v2/auth', appUrl, false],
    ['about:blank', appUrl, false],
    ['devtools://devtools/bundled/inspector.html', appUrl, false],
    ['not a url', appUrl, false],
    ['http://localhost:5173/', devUrl, true],
    ['http://localhost:5173/src/main.tsx', devUrl, true],
    ['http://localhost:5174/', devUrl, false],
    ['https://localhost:5173/', devUrl, false],
    ['http://127.0.0.1:5173/', devUrl, false],
    ['file:///etc/passwd', devUrl, false],
    ['http://localhost:5173/', 'javascript:alert(1)', false],
  ])('%s against %s → %s', (candidate, app, expected) => {
    expect(isAppUrl(candidate, app)).toBe(expected);
  });
});

describe('isTrustedSender', () => {
  const ours = new FakeWebContents(appUrl);
  const theirs = new FakeWebContents(appUrl);
  const policy: TrustPolicy = { appUrl, isOurContents: (contents) => contents === ours };
  const mainFrame = (url: string): FrameLike => ({ url, parent: null });
  const subFrame = (url: string): FrameLike => ({ url, parent: mainFrame(appUrl) });
  const disposed: FrameLike = {
    get url(): string {
      throw new Error('Render frame was disposed before WebFrameMain could be accessed');
    },
    parent: null,
  };

  it.each([
    ['the main frame of our window showing the app', ours, mainFrame(appUrl), true],
    ['the main frame of our window at an in-app hash', ours, mainFrame(`${appUrl}#/activity`), true],
    ['a subframe showing the app', ours, subFrame(appUrl), false],
    ['a subframe of another origin', ours, subFrame('https://evil.example/'), false],
    ['our window navigated to another origin', ours, mainFrame('https://evil.example/'), false],
    ['our window at about:blank', ours, mainFrame('about:blank'), false],
    ['our window at file:///etc/passwd', ours, mainFrame('file:///etc/passwd'), false],
    [
      'devtools',
      new FakeWebContents('devtools://devtools/bundled/inspector.html'),
      mainFrame('devtools://devtools/bundled/inspector.html'),
      false,
    ],
    [
      'devtools frame inside our contents',
      ours,
      mainFrame('devtools://devtools/bundled/inspector.html'),
      false,
    ],
    ['a window we did not create, showing the app', theirs, mainFrame(appUrl), false],
    ['a null frame (navigated away or destroyed)', ours, null, false],
    ['a disposed frame', ours, disposed, false],
  ])('%s', (_name, sender, senderFrame, expected) => {
    expect(isTrustedSender({ sender, senderFrame }, policy)).toBe(expected);
  });

  it('trusts the dev server origin only when the app is served from it', () => {
    const dev: TrustPolicy = { appUrl: devUrl, isOurContents: () => true };
    expect(isTrustedSender({ sender: ours, senderFrame: mainFrame('http://localhost:5173/') }, dev)).toBe(
      true,
    );
    expect(isTrustedSender({ sender: ours, senderFrame: mainFrame(appUrl) }, dev)).toBe(false);
    expect(isTrustedSender({ sender: ours, senderFrame: mainFrame('http://localhost:5173/') }, policy)).toBe(
      false,
    );
  });
});

describe('contentSecurityPolicy', () => {
  it('is strict without a dev server', () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('adds only the dev server origin, its WebSocket and its inline preamble when there is one', () => {
    const csp = contentSecurityPolicy('http://localhost:5173/');
    expect(csp).toContain("script-src 'self' http://localhost:5173 'unsafe-inline';");
    expect(csp).toContain("style-src 'self' 'unsafe-inline';");
    expect(csp).toContain("connect-src 'self' http://localhost:5173 ws://localhost:5173;");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('*');
  });

  it('gives a built app (no dev server) the strict policy with nothing inline', () => {
    expect(contentSecurityPolicy()).not.toContain('unsafe');
  });

  it('ignores a dev server address that is not a URL', () => {
    expect(contentSecurityPolicy('::nonsense::')).toBe(contentSecurityPolicy());
  });

  it('replaces a CSP the response carried, in any letter case', () => {
    const headers = withCsp(
      { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] },
      'x',
    );
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': ['x'] });
  });
});

describe('hardenSession', () => {
  it('sets the CSP header on every response', () => {
    const session = new FakeSession();
    hardenSession(session);
    const headers = session.respond({
      'content-type': ['text/html'],
      'Content-Security-Policy': ['script-src *'],
    });
    expect(headers?.['Content-Security-Policy']).toEqual([contentSecurityPolicy()]);
    expect(headers?.['content-type']).toEqual(['text/html']);
  });

  it('uses the dev CSP when given a dev server', () => {
    const session = new FakeSession();
    hardenSession(session, { devServerUrl: devUrl });
    expect(session.respond({})?.['Content-Security-Policy']).toEqual([contentSecurityPolicy(devUrl)]);
  });

  it.each([
    'media',
    'geolocation',
    'notifications',
    'clipboard-read',
    'openExternal',
    'fullscreen',
    'unknown',
  ])('denies the %s permission', (permission) => {
    const session = new FakeSession();
    hardenSession(session);
    expect(session.requestPermission(permission)).toBe(false);
    expect(session.permissionCheckHandler?.({}, permission, 'file://', {})).toBe(false);
  });
});

describe('hardenContents', () => {
  const setUp = (url = appUrl) => {
    const contents = new FakeWebContents(url);
    hardenContents(contents, url);
    return contents;
  };

  it('denies every new window', () => {
    const contents = setUp();
    for (const url of ['https://evil.example/', appUrl, 'about:blank']) {
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
  });

  it.each([
    ['will-navigate', 'https://evil.example/', true],
    ['will-navigate', 'https://accounts.google.com/o/oauth2/v2/auth', true],
    ['will-navigate', 'file:///etc/passwd', true],
    ['will-navigate', 'about:blank', true],
    ['will-navigate', appUrl, false],
    ['will-navigate', `${appUrl}#/settings`, false],
    ['will-redirect', 'https://evil.example/', true],
    ['will-redirect', appUrl, false],
  ] as const)('%s to %s is prevented: %s', (event, url, prevented) => {
    expect(setUp().navigate(event, url)).toBe(prevented);
  });

  it('keeps a dev window on the dev server', () => {
    const contents = setUp(devUrl);
    expect(contents.navigate('will-navigate', 'http://localhost:5173/?reload')).toBe(false);
    expect(contents.navigate('will-navigate', 'http://localhost:8080/')).toBe(true);
  });

  it('refuses to attach webviews', () => {
    const contents = setUp();
    let prevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) }, {}, {});
    expect(prevented).toBe(true);
  });
});
