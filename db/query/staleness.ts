import type { StaleVariable } from '../api/types.ts';
import { runFromRow, thresholdLookup, toStaleVariable } from '../index/staleness.ts';
import type { QueryContext } from './query-context.ts';

export const STALE_LIST_MAX = 1000;

export function thresholds(ctx: QueryContext) {
  return thresholdLookup(
    ctx.side('SELECT process, data, threshold FROM stale_thresholds').all() as {
      process: string;
      data: string;
      threshold: number;
    }[],
  );
}

/** (process, variable) pairs with their current run; by default only the stale ones, longest run first. */
export function queryStaleness(
  ctx: QueryContext,
  input: { all?: boolean; process?: string },
): { variables: StaleVariable[]; total: number } {
  const t = thresholds(ctx);
  const sql = input.process ? 'SELECT * FROM stale_runs WHERE process = ?' : 'SELECT * FROM stale_runs';
  const out: StaleVariable[] = [];
  for (const r of ctx.side(sql).iterate(...(input.process ? [input.process] : [])) as Iterable<Record<string, never>>) {
    const v = toStaleVariable(runFromRow(r), t(r.process, r.data));
    if (input.all || v.stale) out.push(v);
  }
  out.sort((a, b) => b.runLength - a.runLength || a.process.localeCompare(b.process) || a.data.localeCompare(b.data));
  return { variables: out.slice(0, STALE_LIST_MAX), total: out.length };
}
