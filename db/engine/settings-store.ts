import { mkdirSync, readFileSync, renameSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SourceRoot } from '../api/types.ts';
import type { StaleRule } from './messages.ts';

/** Per-database settings that must survive an index rebuild, so they live beside it, not in it. */
export interface DatabaseSettings {
  staleRules: StaleRule[];
  /** Recorded source path prefixes mapped to local folders (Code Inspector). */
  sourceRoots: SourceRoot[];
}

const EMPTY: DatabaseSettings = { staleRules: [], sourceRoots: [] };

/** A corrupt settings file is set aside (kept for the user) and defaults are used: never a crash. */
export function loadSettings(path: string, warn: (msg: string) => void = console.warn): DatabaseSettings {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return structuredClone(EMPTY);
  }
  try {
    const parsed = JSON.parse(text) as Partial<DatabaseSettings>;
    const rules = Array.isArray(parsed.staleRules) ? parsed.staleRules.filter((r) => typeof r?.process === 'string' && typeof r?.data === 'string' && Number.isInteger(r?.threshold) && r.threshold > 0) : [];
    const roots = Array.isArray(parsed.sourceRoots) ? parsed.sourceRoots.filter((r) => typeof r?.from === 'string' && typeof r?.to === 'string' && r.from && r.to) : [];
    return { staleRules: rules, sourceRoots: roots };
  } catch {
    const aside = `${path}.corrupt-${Date.now()}`;
    try {
      renameSync(path, aside);
    } catch {
      // leave it where it is; we still start with defaults
    }
    warn(`Settings file ${path} was unreadable; it was moved to ${aside} and defaults are used.`);
    return structuredClone(EMPTY);
  }
}

/** Written to a temp file, flushed and renamed over the old one: a crash leaves old or new, never half. */
export function saveSettings(path: string, settings: DatabaseSettings): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(settings, null, 2));
  const fd = openSync(tmp, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
