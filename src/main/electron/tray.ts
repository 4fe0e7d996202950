import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import {
  trayMenuModel,
  trayTooltip,
  type TrayAction,
  type TrayMenuItem,
  type TrayState,
} from './tray-menu.js';

/** The tray model as Electron menu items, each action calling `onAction`. */
export function menuTemplate(
  items: readonly TrayMenuItem[],
  onAction: (action: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    if (item.kind === 'separator') return { type: 'separator' };
    if (item.kind === 'account') return { label: item.label, enabled: false };
    return {
      label: item.label,
      ...(item.checked !== undefined ? { type: 'checkbox', checked: item.checked } : {}),
      ...(item.enabled === false ? { enabled: false } : {}),
      click: () => onAction(item.action),
    };
  });
}

/** The tray icon, kept in step with the accounts. */
export interface SignetTray {
  update(state: TrayState): void;
  destroy(): void;
}

/**
 * The tray (menu bar) icon: each account with its status, Open, Refresh all, Pause refresh and
 * Quit. A click on the icon opens the window where the platform has no menu on a click (Windows).
 */
export function createTray(options: {
  iconPath: string;
  state: TrayState;
  onAction: (action: TrayAction) => void;
}): SignetTray {
  const image = nativeImage.createFromPath(options.iconPath);
  const tray = new Tray(image.isEmpty() ? image : image.resize({ width: 16, height: 16 }));
  const update = (state: TrayState) => {
    tray.setToolTip(trayTooltip(state));
    tray.setContextMenu(Menu.buildFromTemplate(menuTemplate(trayMenuModel(state), options.onAction)));
  };
  tray.on('click', () => {
    if (process.platform === 'win32') options.onAction('open');
  });
  update(options.state);
  return { update, destroy: () => tray.destroy() };
}
