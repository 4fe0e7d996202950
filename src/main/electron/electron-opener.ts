import { shell } from 'electron';
import { SignetError } from '../../shared/errors.js';
import { isLoopbackHost } from '../../shared/loopback.js';
import type { BrowserOpener } from '../core/index.js';

/**
 * Whether a URL may go to the system browser: `https:`, or `http:` on a loopback host (local
 * test servers). No credentials in the URL, no other scheme (`file:`, `javascript:`, custom
 * protocol handlers), whatever the caller checked before.
 * @see RFC 8252 §7.3
 */
export function isOpenableUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return url.hostname !== '';
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/**
 * Opens authorization pages with `shell.openExternal`. The core hands it only the configured
 * provider's URL; refusing anything else here is defence in depth, since `openExternal` will
 * launch whatever application claims a scheme.
 */
export class ElectronBrowserOpener implements BrowserOpener {
  constructor(
    private readonly openExternal: (url: string) => Promise<void> = (url) => shell.openExternal(url),
  ) {}

  async open(url: string): Promise<void> {
    // The URL carries the sign-in's state: it is never quoted in the error.
    if (!isOpenableUrl(url))
      throw new SignetError('forbidden', 'Signet only opens https pages in the browser.');
    try {
      await this.openExternal(url);
    } catch (error) {
      throw new SignetError(
        'internal',
        'Cannot open the system browser. Use "Copy link" and open it yourself.',
        {
          cause: error,
        },
      );
    }
  }
}
