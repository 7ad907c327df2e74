import type { StaleVariable } from '../api/types.ts';
import type { StaleRule } from '../api/alert-types.ts';
import { runFromRow, toStaleVariable } from '../index/staleness.ts';
import { fromEngine, thresholdLookup, type ThresholdFor } from '../index/stale-thresholds.ts';
import type { QueryContext } from './query-context.ts';

export const STALE_LIST_MAX = 1000;

/** The database's stale thresholds as the indexer last applied them (its sidecar's copy). */
export function staleRules(ctx: QueryContext): StaleRule[] {
  return (
    ctx.side('SELECT process, data, threshold FROM stale_thresholds').all() as {
      process: string;
      data: string;
      threshold: number;
    }[]
  ).map((r) => ({ process: r.process, data: r.data, threshold: fromEngine(r.threshold) }));
}

/** The threshold of each variable: the same answer for the marks, the timeline and the alert rules. */
export function thresholds(ctx: QueryContext): ThresholdFor {
  return thresholdLookup(staleRules(ctx));
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
