import { appendFileSync, chmodSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { redactText } from './redact.js';
import type { LogSink } from './logger.js';

export interface LogFileSinkOptions {
  /** The log file; older ones sit beside it as `<file>.1`, `<file>.2`, … */
  file: string;
  /** Rotate once the file would grow past this many bytes. */
  maxBytes?: number;
  /** How many rotated files are kept besides the current one. */
  keep?: number;
}

/** A log sink that also says where it writes. */
export interface LogFileSink extends LogSink {
  readonly file: string;
}

/** `<dataDir>/logs/signet.log`: where a packaged app, which has no terminal, writes its log. */
export function logFilePath(dataDir: string): string {
  return path.join(dataDir, 'logs', 'signet.log');
}

/**
 * A log sink for an app started from a Dock, Finder or a Start menu, whose stderr nobody sees:
 * JSON lines appended to a file only this user can read, rotated by size so it never grows
 * without end. Every line is redacted again on the way in, whatever logger hands it over. A
 * line that cannot be written is dropped: logging never stops the app.
 */
export function createLogFileSink(options: LogFileSinkOptions): LogFileSink {
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const keep = Math.max(0, options.keep ?? 3);
  const file = options.file;
  let size: number | undefined;
  const ensure = () => {
    if (size !== undefined) return;
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      size = statSync(file).size;
    } catch {
      size = 0;
    }
  };
  const rotate = () => {
    rmSync(`${file}.${keep}`, { force: true });
    for (let index = keep - 1; index >= 1; index -= 1) {
      try {
        renameSync(`${file}.${index}`, `${file}.${index + 1}`);
      } catch {
        // That generation did not exist yet.
      }
    }
    if (keep > 0) renameSync(file, `${file}.1`);
    else rmSync(file, { force: true });
    size = 0;
  };
  const sink = (line: string) => {
    try {
      ensure();
      const text = `${redactText(line)}\n`;
      const bytes = Buffer.byteLength(text);
      if ((size ?? 0) > 0 && (size ?? 0) + bytes > maxBytes) rotate();
      const fresh = size === 0;
      appendFileSync(file, text, { mode: 0o600 });
      if (fresh && process.platform !== 'win32') chmodSync(file, 0o600);
      size = (size ?? 0) + bytes;
    } catch {
      size = undefined;
    }
  };
  return Object.assign(sink, { file });
}
