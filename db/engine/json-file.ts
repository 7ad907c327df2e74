// Small JSON state files (per-database settings, the desktop app's state): written atomically,
// and a corrupt file is set aside for the user with a warning instead of crashing the app.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Reads and sanitises a JSON file. Missing → the fallback. Unparseable → the file is renamed to
 * `<path>.corrupt-<time>`, `warn` says so, and the fallback is used.
 */
export function readJsonFile<T>(
  path: string,
  sanitize: (raw: unknown) => T,
  fallback: () => T,
  warn: (msg: string) => void = console.warn,
): T {
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
  writeFileAtomic(path, JSON.stringify(value, null, 2));
}

/**
 * Writes `text` to a fresh temp file beside `path` (created with `mode`, so never readable by
 * others even for an instant), flushes it and renames it over `path`: a crash leaves the old file
 * or the new one, never half, and a symlink planted at `path` is replaced, not written through.
 */
export function writeFileAtomic(path: string, text: string, mode?: number): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, path);
  } catch (err) {
    unlinkSync(tmp);
    throw err;
  }
}
