import { createHash } from 'node:crypto';
import { readdirSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';

/** The app's own data folder: sidecar indexes and per-database settings live here, never beside the user's file. */
export function defaultDataDir(): string {
  if (process.env.TRACE_INSPECTOR_DATA_DIR) return process.env.TRACE_INSPECTOR_DATA_DIR;
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'trace-inspector');
  if (process.platform === 'win32')
    return join(process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'trace-inspector');
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'trace-inspector');
}

/**
 * The app's config folder: what must survive a cache cleaner (webhook secrets). Precedence: the
 * TRACE_INSPECTOR_CONFIG_DIR variable; then, when the caller chose the data folder (--data-dir,
 * TRACE_INSPECTOR_DATA_DIR, a test's temp dir), `config/` inside it, so such a run keeps all it
 * writes in one place; else the folder the OS keeps settings in.
 */
export function defaultConfigDir(chosenDataDir?: string): string {
  if (process.env.TRACE_INSPECTOR_CONFIG_DIR) return process.env.TRACE_INSPECTOR_CONFIG_DIR;
  const chosen = chosenDataDir ?? process.env.TRACE_INSPECTOR_DATA_DIR;
  if (chosen) return join(chosen, 'config');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'trace-inspector');
  if (process.platform === 'win32')
    return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'trace-inspector');
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'trace-inspector');
}

/** Keyed by the file's real path: the same file opened through a symlink shares one index. */
export function databaseKey(sourcePath: string): string {
  let real = sourcePath;
  try {
    real = realpathSync(sourcePath);
  } catch {
    // A file that vanished keeps the key of the path it was opened by.
  }
  const hash = createHash('sha256').update(real).digest('hex').slice(0, 16);
  const name = basename(real)
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .slice(0, 40);
  return `${name}-${hash}`;
}

export function indexDir(dataDir: string): string {
  return join(dataDir, 'index');
}

/**
 * Each rebuild of an index is a new generation file, never the same path recreated: a query
 * worker opening the index mid-rebuild must find either the old file or the finished new one.
 */
export function sidecarPath(dir: string, key: string, generation: number): string {
  return join(dir, `${key}.${generation}.index.sqlite`);
}

/** The generations of a key's index present on disk, newest first. */
export function sidecarGenerations(dir: string, key: string): number[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const re = new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.index\\.sqlite$`);
  return names
    .map((n) => re.exec(n)?.[1])
    .filter((g): g is string => g !== undefined)
    .map(Number)
    .sort((a, b) => b - a);
}

export function settingsPath(dataDir: string, key: string): string {
  return join(dataDir, 'settings', `${key}.json`);
}
