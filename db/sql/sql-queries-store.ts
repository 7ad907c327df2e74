// A database's saved console queries and recent statements, in a JSON file beside its settings
// (the app's data folder, never the trace file), written atomically like every settings file.
import type { SqlHistoryEntry, SqlQueries, SqlSavedQuery } from '../api/types.ts';
import { readJsonFile, writeJsonFile } from '../engine/json-file.ts';

export const HISTORY_MAX = 50;
export const SAVED_MAX = 200;

function sanitize(raw: unknown): SqlQueries {
  const v = (raw ?? {}) as Partial<SqlQueries>;
  const saved = Array.isArray(v.saved)
    ? v.saved
        .filter((q): q is SqlSavedQuery => typeof q?.name === 'string' && typeof q?.sql === 'string')
        .slice(0, SAVED_MAX)
    : [];
  const history = Array.isArray(v.history)
    ? v.history
        .filter((h): h is SqlHistoryEntry => typeof h?.sql === 'string' && typeof h?.at === 'number')
        .slice(0, HISTORY_MAX)
    : [];
  return { saved, history };
}

export function loadQueries(path: string): SqlQueries {
  return readJsonFile(path, sanitize, () => ({ saved: [], history: [] }));
}

/** Newest first; running a statement again moves it to the top instead of repeating it. */
export function remember(path: string, sql: string, at: number): void {
  const q = loadQueries(path);
  const history = [{ sql, at }, ...q.history.filter((h) => h.sql !== sql)].slice(0, HISTORY_MAX);
  writeJsonFile(path, { ...q, history });
}

/** Saves under a name (replacing one of that name), or removes it with sql null. */
export function saveQuery(path: string, name: string, sql: string | null): SqlQueries {
  const q = loadQueries(path);
  const rest = q.saved.filter((s) => s.name !== name);
  const saved =
    sql === null ? rest : [...rest, { name, sql }].sort((a, b) => a.name.localeCompare(b.name)).slice(0, SAVED_MAX);
  const next = { ...q, saved };
  writeJsonFile(path, next);
  return next;
}
