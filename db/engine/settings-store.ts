import type { SourceRoot, TimestampConvention } from '../api/types.ts';
import type { StaleRule } from './messages.ts';
import { readJsonFile, writeJsonFile } from './json-file.ts';

/** Per-database settings that must survive an index rebuild, so they live beside it, not in it. */
export interface DatabaseSettings {
  staleRules: StaleRule[];
  /** Recorded source path prefixes mapped to local folders (Code Inspector). */
  sourceRoots: SourceRoot[];
  /** What the file's timestamps mark, set by the user; absent: detected (db/query/timestamp-convention.ts). */
  timestamps?: TimestampConvention;
}

function sanitize(raw: unknown): DatabaseSettings {
  const parsed = (raw ?? {}) as Partial<DatabaseSettings>;
  const rules = Array.isArray(parsed.staleRules)
    ? parsed.staleRules.filter(
        (r) =>
          typeof r?.process === 'string' &&
          typeof r?.data === 'string' &&
          Number.isInteger(r?.threshold) &&
          r.threshold > 0,
      )
    : [];
  const roots = Array.isArray(parsed.sourceRoots)
    ? parsed.sourceRoots.filter((r) => typeof r?.from === 'string' && typeof r?.to === 'string' && r.from && r.to)
    : [];
  const timestamps = parsed.timestamps === 'start' || parsed.timestamps === 'end' ? parsed.timestamps : undefined;
  return { staleRules: rules, sourceRoots: roots, ...(timestamps ? { timestamps } : {}) };
}

/** A corrupt settings file is set aside (kept for the user) and defaults are used: never a crash. */
export function loadSettings(path: string, warn: (msg: string) => void = console.warn): DatabaseSettings {
  return readJsonFile(path, sanitize, () => ({ staleRules: [], sourceRoots: [] }), warn);
}

export function saveSettings(path: string, settings: DatabaseSettings): void {
  writeJsonFile(path, settings);
}
