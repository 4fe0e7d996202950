import type { RefreshScheduler } from '../core/index.js';

/**
 * The refresh schedule with the tray's "Pause refresh": while paused there are no passes, not on
 * the clock, on resume or when the network returns; turning it back on runs a pass at once.
 */
export class BackgroundRefresh {
  private paused = false;
  private started = false;

  constructor(private readonly scheduler: RefreshScheduler) {}

  get isPaused(): boolean {
    return this.paused;
  }

  start(): Promise<unknown> {
    this.started = true;
    return this.paused ? Promise.resolve() : this.scheduler.start();
  }

  setPaused(paused: boolean): Promise<unknown> {
    if (paused === this.paused) return Promise.resolve();
    this.paused = paused;
    if (paused) {
      this.scheduler.stop();
      return Promise.resolve();
    }
    return this.started ? this.scheduler.start() : Promise.resolve();
  }

  onResume(): Promise<unknown> {
    return this.paused ? Promise.resolve() : this.scheduler.onResume();
  }

  onOnline(): Promise<unknown> {
    return this.paused ? Promise.resolve() : this.scheduler.onOnline();
  }

  stop(): void {
    this.started = false;
    this.scheduler.stop();
  }
}
