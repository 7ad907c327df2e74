// Small JSON state files (per-database settings, the desktop app's state): written atomically,
// and a corrupt file is set aside for the user with a warning instead of crashing the app.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Reads and sanitises a JSON file. Missing → the fallback. Unparseable → the file is renamed to
 * `<path>.corrupt-<time>`, `warn` says so, and the fallback is used.
 */
export function readJsonFile<T>(path: string, sanitize: (raw: unknown) => T, fallback: () => T, warn: (msg: string) => void = console.warn): T {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return fallback();
  }
  try {
    return sanitize(JSON.parse(text));
  } catch {
    const aside = `${path}.corrupt-${Date.now()}`;
    try {
      renameSync(path, aside);
    } catch {
      // leave it where it is; we still start with defaults
    }
    warn(`Settings file ${path} was unreadable; it was moved to ${aside} and defaults are used.`);
    return fallback();
  }
}

/** Written to a temp file, flushed and renamed over the old one: a crash leaves old or new, never half. */
export function writeJsonFile(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(value, null, 2));
  const fd = openSync(tmp, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
