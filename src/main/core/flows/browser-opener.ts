import { spawn } from 'node:child_process';
import { SignetError } from '../../../shared/errors.js';

/** Hands a URL to the system browser. The flows check the URL before calling it. */
export interface BrowserOpener {
  open(url: string): Promise<void>;
}

/** Splits a command line into words, honouring single and double quotes; no shell is involved. */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const match of command.matchAll(pattern)) {
    words.push(match[1]?.replace(/\\(.)/g, '$1') ?? match[2] ?? match[3] ?? '');
  }
  return words;
}

/**
 * Opens URLs with `SIGNET_BROWSER` / `BROWSER` (the URL as the last argument), or the platform's
 * opener. The URL is always one argv entry of a process started without a shell.
 */
export class CommandBrowserOpener implements BrowserOpener {
  constructor(
    private readonly command: string | null,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  open(url: string): Promise<void> {
    const [file, ...args] = this.command ? splitCommand(this.command) : platformOpener(this.platform);
    if (!file) return Promise.reject(new SignetError('config-invalid', 'SIGNET_BROWSER is empty.'));
    return new Promise((resolve, reject) => {
      const child = spawn(file, [...args, url], {
        stdio: 'ignore',
        detached: this.command === null,
        shell: false,
      });
      child.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          new SignetError(
            'config-invalid',
            `Cannot start the browser "${file}" (${error.code ?? 'error'}). Set SIGNET_BROWSER, or use --no-browser.`,
          ),
        ),
      );
      child.once('spawn', () => {
        child.unref();
        resolve();
      });
    });
  }
}

function platformOpener(platform: NodeJS.Platform): string[] {
  switch (platform) {
    case 'darwin':
      return ['open'];
    case 'win32':
      return ['rundll32', 'url.dll,FileProtocolHandler'];
    default:
      return ['xdg-open'];
  }
}

/** `--no-browser`: the URL is shown to the person, who opens it wherever they like. */
export class PrintingBrowserOpener implements BrowserOpener {
  constructor(private readonly print: (url: string) => void) {}

  async open(url: string): Promise<void> {
    this.print(url);
  }
}
