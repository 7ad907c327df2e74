// The Electron main process: a thin shell over the engine. It registers the app:// protocol, the
// IPC bridge (derived from the API table), the menu, and one window per database. All SQLite work
// happens on the engine's worker threads, never on this process's event loop.
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  Notification,
  protocol,
  safeStorage,
  session,
  utilityProcess,
} from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Engine } from '../db/engine/engine.ts';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, appProtocolHandler } from './desktop/app-protocol.ts';
import { AppStateStore } from './desktop/app-state.ts';
import { parseCommandLine } from './desktop/command-line.ts';
import { registerIpcBridge } from './desktop/ipc-bridge.ts';
import { HANDED_OFF_LINE, READY_LINE } from './desktop/ready-line.ts';
import { menuTemplate, OPEN_DIALOG } from './desktop/menu.ts';
import { DesktopWindows } from './desktop/windows.ts';
import { exportResponse } from './desktop/export-response.ts';
import { isTrustedSender, permissionAllowed } from './desktop/window-security.ts';
import { safeStorageCipher } from './desktop/safe-storage-cipher.ts';
import { utilityProbeLauncher } from './desktop/utility-probe-launcher.ts';
import { armQuitDeadline } from './quit-deadline.ts';
import { startAlertNotifier } from './desktop/alert-notifier.ts';

/** Files unpacked from the asar (native module, worker scripts) live beside it in app.asar.unpacked. */
function unpacked(path: string): string {
  return path.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
}

export function startDesktop(): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  // Single instance: a second launch hands its files to this one and exits.
  if (!app.requestSingleInstanceLock()) {
    console.log(HANDED_OFF_LINE);
    app.quit();
    return;
  }
  const root = app.getAppPath();
  const cli = parseCommandLine(process.argv, { packaged: app.isPackaged, cwd: process.cwd() });
  const engine = new Engine({
    dataDir: cli.dataDir ?? undefined,
    // Webhook secrets sealed with the OS keychain (the alerts thread waits for the app to be ready).
    secretCipher: safeStorageCipher(safeStorage, app.whenReady()),
    workers: {
      query: pathToFileURL(unpacked(join(root, 'dist', 'main', 'query-worker.mjs'))),
      index: pathToFileURL(unpacked(join(root, 'dist', 'main', 'index-worker.mjs'))),
      alerts: pathToFileURL(unpacked(join(root, 'dist', 'main', 'alerts-worker.mjs'))),
      probe: pathToFileURL(unpacked(join(root, 'dist', 'main', 'probe-child.mjs'))),
      sql: pathToFileURL(unpacked(join(root, 'dist', 'main', 'sql-child.mjs'))),
    },
    // The file check (and each SQL console statement) runs as a utility process: with the RunAsNode fuse off, the app binary cannot
    // be made a Node child (see main/desktop/utility-probe-launcher.ts). Files open after ready.
    launchProbe: utilityProbeLauncher((modulePath, args, options) => utilityProcess.fork(modulePath, args, options)),
  });
  const pending: string[] = [...cli.paths];
  let windows: DesktopWindows | null = null;
  const open = (path: string) => (windows ? void windows.openPath(path) : pending.push(path));

  // macOS delivers files (Finder, dock, file association) through open-file, possibly before ready.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    open(path);
  });
  app.on('second-instance', (_event, argv, cwd) => {
    const more = parseCommandLine(argv, { packaged: app.isPackaged, cwd });
    if (more.paths.length) for (const p of more.paths) open(p);
    else BrowserWindow.getAllWindows()[0]?.focus();
  });

  void app.whenReady().then(async () => {
    const state = new AppStateStore(app.getPath('userData'));
    const rebuildMenu = () =>
      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          menuTemplate({
            isMac: process.platform === 'darwin',
            recentFiles: state.recentFiles,
            openFile: () => void chooseFile(),
            openRecent: (path) => open(path),
            clearRecent: () => {
              state.clearRecent();
              rebuildMenu();
            },
          }),
        ),
      );
    const chooseFile = async () => {
      const parent = BrowserWindow.getFocusedWindow();
      const result = parent
        ? await dialog.showOpenDialog(parent, OPEN_DIALOG)
        : await dialog.showOpenDialog(OPEN_DIALOG);
      if (!result.canceled && result.filePaths[0]) open(result.filePaths[0]);
    };

    protocol.handle(
      APP_SCHEME,
      appProtocolHandler(join(root, 'dist', 'renderer'), { exportDownload: (q) => exportResponse(engine, q) }),
    );
    session.defaultSession.setPermissionRequestHandler((_wc, permission, grant) =>
      grant(permissionAllowed(permission)),
    );
    session.defaultSession.setPermissionCheckHandler((_wc, permission) => permissionAllowed(permission));

    const win = new DesktopWindows({
      createWindow: (options) => new BrowserWindow(options),
      engine,
      state,
      preloadPath: join(root, 'dist', 'preload', 'preload.cjs'),
      recentChanged: rebuildMenu,
    });
    windows = win;
    registerIpcBridge({
      ipcMain,
      engine,
      isTrusted: isTrustedSender,
      databaseOf: (contents) => win.databaseOf(contents),
      openDropped: (path, from) => {
        void win.openPath(path).then(() => {
          // A window that showed nothing (or an error) gives way to the file dropped on it.
          if (!win.databaseOf(from)) BrowserWindow.fromWebContents(from)?.close();
        });
      },
    });
    rebuildMenu();
    // Firing alerts as desktop notifications, per severity as the user chose (off by default).
    startAlertNotifier({
      engine,
      isSupported: () => Notification.isSupported(),
      createNotification: (o) => new Notification(o),
      pathOf: (db) => win.pathOf(db),
      focusAlert: (db, id) => win.focusAlert(db, id),
    });

    const first = pending.splice(0);
    if (first.length) await Promise.all(first.map((p) => win.openPath(p)));
    else win.openEmpty();
    console.log(READY_LINE);
  });

  app.on('activate', () => {
    if (windows && BrowserWindow.getAllWindows().length === 0) windows.openEmpty();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let shuttingDown = false;
  app.on('will-quit', (event) => {
    if (shuttingDown) return;
    shuttingDown = true;
    event.preventDefault();
    // Disarmed when every thread ended, so a clean quit never comes to it (issue 11).
    const disarm = armQuitDeadline();
    void engine
      .shutdown()
      .then((clean) => clean && disarm())
      .finally(() => app.quit());
  });
}

startDesktop();
