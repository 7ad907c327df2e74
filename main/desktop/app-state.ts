// The desktop app's own state in the user-data folder: recent files and window bounds. Plain
// Node, so it is tested without Electron.
import { join } from 'node:path';
import { readJsonFile, writeJsonFile } from '../../db/engine/json-file.ts';

export const MAX_RECENT = 10;

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized?: boolean;
}

export interface AppState {
  /** Most recent first, absolute paths. */
  recentFiles: string[];
  /** Last bounds per database path, so a file reopens where it was. */
  windowBounds: Record<string, WindowBounds>;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function sanitizeBounds(raw: unknown): WindowBounds | null {
  const b = raw as Partial<WindowBounds> | null;
  if (!b || !finite(b.width) || !finite(b.height) || b.width < 200 || b.height < 150) return null;
  return {
    width: Math.round(b.width),
    height: Math.round(b.height),
    ...(finite(b.x) && finite(b.y) ? { x: Math.round(b.x), y: Math.round(b.y) } : {}),
    ...(b.maximized === true ? { maximized: true } : {}),
  };
}

function sanitize(raw: unknown): AppState {
  const s = (raw ?? {}) as Partial<AppState>;
  const recentFiles = Array.isArray(s.recentFiles)
    ? s.recentFiles
        .filter((p): p is string => typeof p === 'string' && p.length > 0 && p.length < 4096)
        .slice(0, MAX_RECENT)
    : [];
  const windowBounds: Record<string, WindowBounds> = {};
  if (s.windowBounds && typeof s.windowBounds === 'object') {
    for (const [path, b] of Object.entries(s.windowBounds)) {
      const ok = sanitizeBounds(b);
      if (ok) windowBounds[path] = ok;
    }
  }
  return { recentFiles, windowBounds };
}

export class AppStateStore {
  readonly path: string;
  private state: AppState;

  constructor(userDataDir: string, warn: (msg: string) => void = console.warn) {
    this.path = join(userDataDir, 'app-state.json');
    this.state = readJsonFile(this.path, sanitize, () => ({ recentFiles: [], windowBounds: {} }), warn);
  }

  get recentFiles(): readonly string[] {
    return this.state.recentFiles;
  }

  addRecent(path: string): void {
    this.state.recentFiles = [path, ...this.state.recentFiles.filter((p) => p !== path)].slice(0, MAX_RECENT);
    this.save();
  }

  removeRecent(path: string): void {
    this.state.recentFiles = this.state.recentFiles.filter((p) => p !== path);
    this.save();
  }

  clearRecent(): void {
    this.state.recentFiles = [];
    this.save();
  }

  boundsFor(path: string): WindowBounds | null {
    return this.state.windowBounds[path] ?? null;
  }

  saveBounds(path: string, bounds: WindowBounds): void {
    const ok = sanitizeBounds(bounds);
    if (!ok) return;
    this.state.windowBounds[path] = ok;
    // Keep bounds only for files still in the recent list (plus this one): the file stays small.
    for (const p of Object.keys(this.state.windowBounds))
      if (p !== path && !this.state.recentFiles.includes(p)) delete this.state.windowBounds[p];
    this.save();
  }

  private save(): void {
    writeJsonFile(this.path, this.state);
  }
}
