import type { BrowserOpener } from '../../src/main/core/flows/browser-opener.js';

/** Follows a URL like a browser would: redirects up to 10 hops, including into the loopback callback. */
export async function followLikeABrowser(url: string): Promise<number> {
  let next = url;
  for (let hop = 0; hop < 10; hop += 1) {
    const response = await fetch(next, { redirect: 'manual' });
    await response.arrayBuffer();
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      next = new URL(location, next).href;
      continue;
    }
    return response.status;
  }
  throw new Error('too many redirects');
}

/** An in-process stand-in for the system browser: records what it was asked to open and follows it. */
export class FollowingOpener implements BrowserOpener {
  readonly opened: string[] = [];
  follow = true;

  async open(url: string): Promise<void> {
    this.opened.push(url);
    if (this.follow) void followLikeABrowser(url).catch(() => undefined);
  }
}
