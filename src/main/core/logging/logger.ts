import { redact, redactText } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type LogSink = (line: string) => void;

/**
 * The one logger: JSON lines, every field passed through the redactor, so codes, verifiers,
 * state, tokens and `Authorization` headers never reach a log whatever a caller hands it.
 */
export function createLogger(sink: LogSink, minimum: LogLevel = 'info'): Logger {
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (order[level] < order[minimum]) return;
    const entry = {
      at: new Date().toISOString(),
      level,
      message: redactText(message),
      ...(fields ? (redact(fields) as object) : {}),
    };
    sink(JSON.stringify(entry));
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}

export const silentLogger: Logger = createLogger(() => {}, 'error');

export function parseLogLevel(value: string | undefined): LogLevel {
  return value === 'debug' || value === 'info' || value === 'warn' || value === 'error' ? value : 'warn';
}
