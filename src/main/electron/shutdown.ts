/** The parts of Electron's `app` that the shutdown sequence uses. */
export interface QuittableApp {
  on(event: 'before-quit' | 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

export interface ShutdownOptions {
  /** Stops timers, watchers and IPC; synchronous so nothing new starts while closing. */
  stop(): void;
  /** Closes the core: Redis, SQLite, pending loopback servers. */
  close(): Promise<void>;
  /** Quit anyway after this long, so a stuck close never hangs the app. */
  timeoutMs?: number;
  onError?(error: unknown): void;
}

/**
 * Holds the first quit until the core has closed, exactly once, then quits for real. Both
 * `before-quit` and `will-quit` are watched, so an exit that skips one of them is still held.
 * @returns a function that runs the same shutdown and resolves once it is done
 */
export function installShutdown(app: QuittableApp, options: ShutdownOptions): () => Promise<void> {
  let done = false;
  let closing: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    closing ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      try {
        options.stop();
        await Promise.race([
          options.close(),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, options.timeoutMs ?? 5000);
          }),
        ]);
      } catch (error) {
        options.onError?.(error);
      } finally {
        clearTimeout(timer);
        done = true;
      }
    })();
    return closing;
  };
  const onQuit = (event: { preventDefault(): void }) => {
    if (done) return;
    event.preventDefault();
    if (closing) return;
    void shutdown().then(() => app.quit());
  };
  app.on('before-quit', onQuit);
  app.on('will-quit', onQuit);
  return shutdown;
}
