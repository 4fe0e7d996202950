export interface OnlineWatcherOptions {
  /** Electron's `net.isOnline()`. */
  isOnline(): boolean;
  /** Called on each change, and at once if the machine starts offline. */
  onChange(online: boolean): void;
  intervalMs?: number;
}

/**
 * Polls connectivity, because Electron's main process has no online/offline event. The first
 * state assumed is online, as the core assumes, so an offline start is reported at once.
 * @returns a stop function
 */
export function watchOnline(options: OnlineWatcherOptions): () => void {
  let last = true;
  const check = () => {
    let now: boolean;
    try {
      now = options.isOnline();
    } catch {
      return;
    }
    if (now === last) return;
    last = now;
    options.onChange(now);
  };
  check();
  const timer = setInterval(check, options.intervalMs ?? 10_000);
  // Polling must never keep the process alive on its own.
  timer.unref?.();
  return () => clearInterval(timer);
}
