import type { VariableTimeline } from '../api/types.ts';
import { allByRowid } from '../source/by-rowid.ts';
import { quoteIdent } from '../source/contract.ts';
import { toText } from '../source/text.ts';
import { fromEngine } from '../index/stale-thresholds.ts';
import { seriesOf } from './function-stats.ts';
import type { QueryContext } from './query-context.ts';
import { thresholds } from './staleness.ts';
import { resolveRange, type RangeInput } from './time-range.ts';

/** Points per answer at most (the newest of the range): a chart has no use for more. */
export const TIMELINE_MAX_POINTS = 5000;

/**
 * One variable of one function over time: its values in time order (the newest 5,000 of the
 * range at most), whether they are all numbers (a line) or not (a strip of changes), and the runs
 * in which one value repeated more than the stale threshold (shaded). Rows come off the sidecar's
 * (d, ts) index of interned variable names; values from the user's file by rowid.
 */
export function queryVariableTimeline(
  ctx: QueryContext,
  input: { process: string; data: string; range?: RangeInput; limit?: number },
): VariableTimeline {
  const series = seriesOf(ctx, input.process).map((s) => s.id);
  const range = resolveRange(input.range ?? { preset: '24h' });
  const limit = Math.min(input.limit ?? TIMELINE_MAX_POINTS, TIMELINE_MAX_POINTS);
  const name = ctx.side('SELECT id FROM names WHERE name = ?').pluck().get(input.data) as number | undefined;
  // The same lookup as the marks and the alert rules (globs and `*` entries included).
  const limitRepeats = thresholds(ctx)(input.process, input.data);
  const threshold = fromEngine(limitRepeats);
  const empty = { process: input.process, data: input.data, range, threshold, numeric: false, truncated: false };
  if (name === undefined) return { ...empty, points: [], staleRuns: [] };
  const found = ctx
    .side(
      `SELECT id, ts FROM rows WHERE d = ? AND s IN (SELECT value FROM json_each(?)) AND ts >= ? AND ts < ?
        ORDER BY ts DESC, id DESC LIMIT ?`,
    )
    .raw(true)
    .all(name, JSON.stringify(series), range.from, range.to, limit + 1) as [number, number][];
  const truncated = found.length > limit;
  const rows = found.slice(0, limit).reverse();
  const valueCol = ctx.schema.columns.data_value;
  const read = ctx
    .src(
      `SELECT rowid, ${valueCol ? `substr(${quoteIdent(valueCol)}, 1, 200)` : 'NULL'} FROM ${quoteIdent(ctx.schema.table)} WHERE rowid IN (SELECT value FROM json_each(?))`,
    )
    .raw(true);
  const values = new Map<number, string | null>();
  for (const [id, v] of allByRowid<[number, unknown]>(
    read,
    rows.map((r) => r[0]),
  ))
    values.set(id, toText(v));
  const points = rows.map(([id, ts]) => {
    const text = values.get(id) ?? null;
    const n = text !== null && text.trim() !== '' ? Number(text) : NaN;
    return { rowId: id, ts, text, value: Number.isFinite(n) ? n : null };
  });
  const numeric = points.length > 0 && points.every((p) => p.text === null || p.value !== null);
  return { ...empty, numeric, truncated, points, staleRuns: staleRuns(points, limitRepeats) };
}

/** Runs of one value repeated more than `threshold` times in a row, as [first ts, last ts, length]. */
function staleRuns(points: { ts: number; text: string | null }[], threshold: number) {
  const runs: { fromTs: number; toTs: number; length: number }[] = [];
  let start = 0;
  for (let i = 1; i <= points.length; i++) {
    if (i < points.length && points[i].text === points[start].text) continue;
    const length = i - start;
    if (length > threshold) runs.push({ fromTs: points[start].ts, toTs: points[i - 1].ts, length });
    start = i;
  }
  return runs;
}
