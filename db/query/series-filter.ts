import type { QueryContext } from './query-context.ts';

export interface SeriesFilterInput {
  groups?: (string | null)[];
  search?: string;
  processes?: string[];
}

/**
 * Process-group, process and name-search filters all reduce to a set of (process, group) series
 * ids, so every filtered page becomes a few index range scans. null means "every series".
 */
export function seriesFilter(ctx: QueryContext, f: SeriesFilterInput): Set<number> | null {
  if (!f.groups?.length && !f.search && !f.processes?.length) return null;
  const groups = f.groups?.length ? new Set(f.groups) : null;
  const processes = f.processes?.length ? new Set(f.processes) : null;
  const needle = f.search ? f.search.toLowerCase() : null;
  const ids = new Set<number>();
  for (const s of ctx.series()) {
    if (groups && !groups.has(s.grp)) continue;
    if (processes && !processes.has(s.process)) continue;
    if (needle !== null && !s.process.toLowerCase().includes(needle)) continue;
    ids.add(s.id);
  }
  return ids;
}
