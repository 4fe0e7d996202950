import type { BackgroundRefresh } from './background-refresh.js';
import type { TrayAction } from './tray-menu.js';

/** What the tray's actions reach: the window, the core's refresh, the schedule and the app. */
export interface TrayActionTargets {
  /** Opens the window wherever it was closed (also for "Sign in to X again…"). */
  showWindow(): void;
  /** "Refresh all": every account now, due or not. */
  refreshAll(): Promise<unknown>;
  refresh: Pick<BackgroundRefresh, 'isPaused' | 'setPaused'>;
  /** Rebuilds the menu, so "Pause refresh" shows its new state at once. */
  updateTray(): void;
  quit(): void;
}

/**
 * What each tray menu item does, apart from Electron so the window tests drive the same handler
 * the app's tray does. Failures of a refresh reach the person as account statuses, not here.
 */
export function createTrayActionHandler(targets: TrayActionTargets): (action: TrayAction) => void {
  return (action) => {
    if (action === 'open' || typeof action === 'object') targets.showWindow();
    else if (action === 'refresh-all') void targets.refreshAll().catch(() => undefined);
    else if (action === 'toggle-pause') {
      void targets.refresh.setPaused(!targets.refresh.isPaused);
      targets.updateTray();
    } else if (action === 'quit') targets.quit();
  };
}
