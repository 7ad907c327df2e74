// The files this user opened lately, newest first, for the `serve` page's database picker (the
// desktop app keeps its own list for the File menu). In the config folder, beside the settings.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonFile, writeJsonFile } from './json-file.ts';

const MAX_RECENT = 10;

export class RecentFilesStore {
  private readonly path: string;
  private list: string[] | null = null;

  constructor(configDir: string) {
    this.path = join(configDir, 'recent-files.json');
  }

  private read(): string[] {
    this.list ??= readJsonFile(
      this.path,
      (raw) => (Array.isArray(raw) ? raw.filter((p): p is string => typeof p === 'string').slice(0, MAX_RECENT) : []),
      () => [],
    );
    return this.list;
  }

  add(path: string): void {
    const next = [path, ...this.read().filter((p) => p !== path)].slice(0, MAX_RECENT);
    this.list = next;
    try {
      writeJsonFile(this.path, next);
    } catch {
      // A read-only config folder costs the list, never the open.
    }
  }

  /** Newest first, with whether each file is still there. */
  entries(): { path: string; exists: boolean }[] {
    return this.read().map((path) => ({ path, exists: existsSync(path) }));
  }
}
