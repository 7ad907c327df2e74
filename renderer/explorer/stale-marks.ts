// Which rows show a stale value. The engine tracks, per (process, variable), the current run of
// identical values and when it crossed its threshold (`staleness`); a row is marked when it is
// part of that run past the threshold.
import type { StaleVariable, TraceRow } from '../../db/api/inspector-api.ts';

export type StaleIndex = Map<string, StaleVariable>;

const key = (process: string, data: string | null) => `${process}\u0000${data ?? ''}`;

export function staleIndex(vars: StaleVariable[]): StaleIndex {
  return new Map(vars.filter((v) => v.stale).map((v) => [key(v.process, v.data), v]));
}

export function staleVariable(index: StaleIndex, row: TraceRow): StaleVariable | null {
  const v = index.get(key(row.process, row.data));
  if (!v || row.ts === null || v.staleSinceTs === null) return null;
  if (row.ts < v.staleSinceTs || (v.lastTs !== null && row.ts > v.lastTs) || row.id > v.lastId) return null;
  // The engine keeps the first 200 characters of the repeated value.
  return (row.dataValue ?? null)?.slice(0, 200) === v.value || (row.dataValue === null && v.value === null) ? v : null;
}

export const staleTitle = (v: StaleVariable) =>
  `Unchanged for ${v.runLength} values in a row (threshold ${v.threshold})`;

/** What a row's mark draws: nothing, or the tag at a threshold (the run's length is read on hover). */
export const markKey = (index: StaleIndex, row: TraceRow): StaleVariable['threshold'] | null =>
  staleVariable(index, row)?.threshold ?? null;
