// One window per open database. Opening a file the app already shows focuses its window; a file
// that cannot be opened gets a window that shows the engine's sentence, and the app stays usable.
// Closing a database's window releases the file.
import type { BrowserWindow, BrowserWindowConstructorOptions, WebContents } from 'electron';
import { basename, resolve } from 'node:path';
import type { ApiResult } from '../../db/api/errors.ts';
import type { DatabaseInfo } from '../../db/api/types.ts';
import { appPageUrl } from './app-protocol.ts';
import type { AppStateStore } from './app-state.ts';
import { hardenWebContents, secureWebPreferences } from './window-security.ts';

export interface WindowsDeps {
  createWindow: (options: BrowserWindowConstructorOptions) => BrowserWindow;
  engine: { call(name: string, input: unknown): Promise<ApiResult<unknown>> };
  state: AppStateStore;
  preloadPath: string;
  /** Called when the recent-files list changes (the menu is rebuilt). */
  recentChanged: () => void;
  warn?: (msg: string) => void;
}

const DEFAULT_SIZE = { width: 1440, height: 900 };

export class DesktopWindows {
  private readonly byDb = new Map<string, BrowserWindow>();
  private readonly dbOf = new Map<WebContents, string>();
  private readonly pathByDb = new Map<string, string>();

  private readonly deps: WindowsDeps;

  constructor(deps: WindowsDeps) {
    this.deps = deps;
  }

  /** The database a window's page shows (IPC events and subscriptions are limited to it). */
  databaseOf(contents: WebContents): string | null {
    return this.dbOf.get(contents) ?? null;
  }

  async openPath(path: string): Promise<BrowserWindow> {
    const abs = resolve(path);
    const opened = (await this.deps.engine.call('open', { path: abs })) as ApiResult<DatabaseInfo>;
    if (!opened.ok) {
      if (opened.error.kind === 'not-found') {
        this.deps.state.removeRecent(abs);
        this.deps.recentChanged();
      }
      return this.create(abs, { error: opened.error.message, errorKind: opened.error.kind, path: abs });
    }
    const { db } = opened.value;
    this.deps.state.addRecent(abs);
    this.deps.recentChanged();
    const existing = this.byDb.get(db);
    if (existing && !existing.isDestroyed()) {
      if (existing.isMinimized()) existing.restore();
      existing.focus();
      return existing;
    }
    const win = this.create(abs, { db });
    this.byDb.set(db, win);
    this.pathByDb.set(db, abs);
    this.dbOf.set(win.webContents, db);
    win.on('closed', () => {
      this.byDb.delete(db);
      this.pathByDb.delete(db);
      void this.deps.engine.call('close', { db });
    });
    return win;
  }

  /** The file a database handle shows (for notification texts). */
  pathOf(db: string): string | null {
    return this.pathByDb.get(db) ?? null;
  }

  /**
   * Brings up a database's window on one alert (a notification was clicked): the page follows its
   * URL hash, so changing only the hash is an in-page navigation, never a reload.
   */
  focusAlert(db: string, alertId: string): void {
    const win = this.byDb.get(db);
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    void win.loadURL(`${appPageUrl({ db })}#/alerts?alert=${encodeURIComponent(alertId)}`);
  }

  /** A window with no database: File › Open or a dropped file fills it. */
  openEmpty(): BrowserWindow {
    return this.create(null, {});
  }

  private create(path: string | null, query: Record<string, string>): BrowserWindow {
    const saved = path ? this.deps.state.boundsFor(path) : null;
    const win = this.deps.createWindow({
      ...(saved ?? DEFAULT_SIZE),
      minWidth: 900,
      minHeight: 560,
      show: false,
      title: path ? `${basename(path)} — Trace Inspector` : 'Trace Inspector',
      webPreferences: secureWebPreferences(this.deps.preloadPath),
    });
    const contents = win.webContents;
    hardenWebContents(contents, this.deps.warn);
    win.once('ready-to-show', () => {
      if (saved?.maximized) win.maximize();
      win.show();
    });
    if (path) {
      win.on('close', () =>
        this.deps.state.saveBounds(path, { ...win.getNormalBounds(), maximized: win.isMaximized() }),
      );
    }
    win.on('closed', () => this.dbOf.delete(contents));
    void win.loadURL(appPageUrl(query));
    return win;
  }
}
