import type { SavedFilter, SourceRoot, TimestampConvention } from '../api/types.ts';
import type { StaleRule } from './messages.ts';
import { readJsonFile, writeJsonFile } from './json-file.ts';
import { RULE_LIMITS } from '../../common/rule-limits.ts';

/** Stale threshold entries per database: far more than anyone sets by hand, few enough to scan. */
export const STALE_RULES_MAX = 1000;

/** An entry as written by any version; null when it is not one. */
function staleRuleOf(r: unknown): StaleRule | null {
  const e = r as Partial<Record<keyof StaleRule, unknown>> | null;
  const pattern = (p: unknown): p is string =>
    typeof p === 'string' && p.trim() !== '' && p.length <= RULE_LIMITS.pattern.max;
  if (!e || !pattern(e.process) || !pattern(e.data)) return null;
  const { min, max } = RULE_LIMITS.threshold;
  // Before 'ignore' existed, the Ignore button saved the largest threshold: it meant the same.
  if (e.threshold === 'ignore' || e.threshold === max) return { process: e.process, data: e.data, threshold: 'ignore' };
  if (typeof e.threshold !== 'number' || !Number.isInteger(e.threshold) || e.threshold < min || e.threshold > max)
    return null;
  return { process: e.process, data: e.data, threshold: e.threshold };
}

/** Per-database settings that must survive an index rebuild, so they live beside it, not in it. */
export interface DatabaseSettings {
  staleRules: StaleRule[];
  /** Recorded source path prefixes mapped to local folders (Code Inspector). */
  sourceRoots: SourceRoot[];
  /** Named Explorer views (issue 13). */
  savedFilters: SavedFilter[];
  /** What the file's timestamps mark, set by the user; absent: detected (db/query/timestamp-convention.ts). */
  timestamps?: TimestampConvention;
}

function sanitize(raw: unknown): DatabaseSettings {
  const parsed = (raw ?? {}) as Partial<DatabaseSettings>;
  const rules = Array.isArray(parsed.staleRules)
    ? parsed.staleRules
        .map(staleRuleOf)
        .filter((r) => r !== null)
        .slice(-STALE_RULES_MAX)
    : [];
  const roots = Array.isArray(parsed.sourceRoots)
    ? parsed.sourceRoots.filter((r) => typeof r?.from === 'string' && typeof r?.to === 'string' && r.from && r.to)
    : [];
  const isParams = (p: unknown) =>
    typeof p === 'object' && p !== null && !Array.isArray(p) && Object.values(p).every((v) => typeof v === 'string');
  const filters = Array.isArray(parsed.savedFilters)
    ? parsed.savedFilters.filter((f) => typeof f?.name === 'string' && f.name && isParams(f.params))
    : [];
  const timestamps = parsed.timestamps === 'start' || parsed.timestamps === 'end' ? parsed.timestamps : undefined;
  return { staleRules: rules, sourceRoots: roots, savedFilters: filters, ...(timestamps ? { timestamps } : {}) };
}

/** A corrupt settings file is set aside (kept for the user) and defaults are used: never a crash. */
export function loadSettings(path: string, warn: (msg: string) => void = console.warn): DatabaseSettings {
  return readJsonFile(path, sanitize, () => ({ staleRules: [], sourceRoots: [], savedFilters: [] }), warn);
}

export function saveSettings(path: string, settings: DatabaseSettings): void {
  writeJsonFile(path, settings);
}
