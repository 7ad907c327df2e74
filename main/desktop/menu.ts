// The application menu and the File › Open dialog, as plain data (tested without Electron).
import type { MenuItemConstructorOptions, OpenDialogOptions } from 'electron';
import { basename } from 'node:path';

export const OPEN_DIALOG: OpenDialogOptions = {
  title: 'Open a trace database',
  properties: ['openFile'],
  filters: [
    { name: 'SQLite trace databases', extensions: ['db', 'sqlite', 'sqlite3'] },
    { name: 'All files', extensions: ['*'] },
  ],
};

export interface MenuActions {
  isMac: boolean;
  recentFiles: readonly string[];
  openFile: () => void;
  openRecent: (path: string) => void;
  clearRecent: () => void;
}

export function menuTemplate(a: MenuActions): MenuItemConstructorOptions[] {
  const recent: MenuItemConstructorOptions[] = a.recentFiles.length
    ? [
        ...a.recentFiles.map((path) => ({
          label: basename(path),
          sublabel: path,
          toolTip: path,
          click: () => a.openRecent(path),
        })),
        { type: 'separator' as const },
        { label: 'Clear Recent', click: () => a.clearRecent() },
      ]
    : [{ label: 'No recent files', enabled: false }];
  return [
    ...(a.isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => a.openFile() },
        { label: 'Open Recent', submenu: recent },
        { type: 'separator' },
        { role: 'close' },
        ...(a.isMac ? [] : [{ role: 'quit' as const }]),
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}
