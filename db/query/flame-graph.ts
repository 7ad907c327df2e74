import { InspectorError } from '../api/errors.ts';
import { traceTextSql } from '../index/span-key.ts';
import type { FlameCalls, FlameFrame, FlameGraph } from '../api/types.ts';
import { callAggregate } from './call-aggregates.ts';
import { seriesOf } from './function-stats.ts';
import type { QueryContext } from './query-context.ts';
import { CALL_BUCKET_MS } from '../index/sidecar-schema.ts';
import {
  byPath,
  flameFrameCallIds,
  flattenFlame,
  frame,
  walkFlameInto,
  walkFlameSubtrees,
  type Frame,
  type WalkRoot,
} from './flame-walk.ts';
import { resolveRange, type RangeInput } from './time-range.ts';

/** Calls merged by default (and at most): the newest of the range. */
export const FLAME_MAX_CALLS = 100_000;

/**
 * A function in one series (the usual case) reads its newest calls straight down calls_s_ts;
 * `s IN (…)` sorted every call of the range to keep the newest (1M rows, busiest function over
 * 24 h: 5.6–6.7 → 1.7–2.3 ms CPU for 30k calls; at 10M the range holds ~310k of which 100k are kept).
 */
const ROOT_SERIES = ['s IN (SELECT value FROM json_each(:series))', 's = (SELECT value FROM json_each(:series))'];

/** The newest calls of the function in the range: the graph's roots, with their series and duration off calls_s_ts. */
const roots = (oneSeries: boolean) => `
WITH roots(id, s, dur) AS (
  SELECT id, s, dur FROM calls INDEXED BY calls_s_ts WHERE ${ROOT_SERIES[oneSeries ? 1 : 0]} AND ts >= :from AND ts < :to
  ORDER BY ts DESC LIMIT :max)`;

function inputsOf(ctx: QueryContext, process: string, rangeIn: RangeInput | undefined, maxCalls: number | undefined) {
  const series = seriesOf(ctx, process);
  const range = resolveRange(rangeIn ?? { preset: '24h' });
  const max = Math.min(maxCalls ?? FLAME_MAX_CALLS, FLAME_MAX_CALLS);
  return {
    series,
    range,
    max,
    params: { series: JSON.stringify(series.map((s) => s.id)), from: range.from, to: range.to, max },
  };
}

/** The roots listed in call_parents, with their trace: those the walk goes down from. */
function walkRootsOf(ctx: QueryContext, oneSeries: boolean, params: Record<string, unknown>): WalkRoot[] {
  const rows = ctx
    .side(
      `${roots(oneSeries)} SELECT r.s, r.id, c.trace FROM roots r CROSS JOIN calls c ON c.id = r.id
        WHERE EXISTS (SELECT 1 FROM call_parents k WHERE k.s = r.s AND k.id = r.id)
          AND c.trace IS NOT NULL AND c.span IS NOT NULL`,
    )
    .raw(true)
    .all(params) as [number, number, number][];
  return rows.map(([s, id, trace]) => ({ s, id, trace }));
}

/** Adds the flame_rollup rows of minutes [b0, b1) of the series (a JSON array) to their root series' tries. */
function addWholeMinutes(ctx: QueryContext, series: string, b0: number, b1: number, topOf: (s: number) => Frame): void {
  const rows = ctx
    .side(
      `SELECT s, path, sum(calls), total(total) FROM flame_rollup
        WHERE s IN (SELECT value FROM json_each(?)) AND bucket >= ? AND bucket < ? GROUP BY s, path`,
    )
    .raw(true)
    .all(series, b0, b1) as [number, number, number, number][];
  if (rows.length === 0) return;
  // The trie of paths is small (one node per distinct call path: 60 in the 10M demo).
  const paths = new Map(
    (ctx.side('SELECT id, up, s FROM flame_paths').raw(true).all() as [number, number, number][]).map(([id, up, s]) => [
      id,
      [up, s] as const,
    ]),
  );
  // A path's frame below one root series, its parents' made on the way.
  const frameOf = (top: Frame, id: number): Frame => {
    const [up, s] = paths.get(id)!;
    const parent = up === 0 ? top : frameOf(top, up);
    let f = parent.kids.get(s);
    if (!f) parent.kids.set(s, (f = frame()));
    return f;
  };
  for (const [s, path, calls, total] of rows) {
    const f = frameOf(topOf(s), path);
    f.calls += calls;
    f.total.add(total);
  }
}

/**
 * The calls below the roots merged by path, as walkFlameSubtrees would give them for the whole
 * range's newest `max` calls, but whole minutes summed from flame_rollup (flame-rollup.ts, kept
 * by the indexer) and only the calls of the partial minutes walked: the range's edges, and when
 * the range holds more than `max` calls, the minute where the newest `max` end (call_rollup counts
 * each minute's calls). The entry point at 10M rows: 100k roots' 1.26M links walked in ~660 ms CPU.
 */
function flameSubtrees(
  ctx: QueryContext,
  oneSeries: boolean,
  params: { series: string; from: number; to: number; max: number },
  inRange: number,
): [string, number, number][] {
  const { from, to, max } = params;
  const M = CALL_BUCKET_MS;
  const b0 = Math.ceil(from / M);
  const b1 = Math.floor(to / M);
  const live = (f: number, t: number, limit: number) =>
    walkRootsOf(ctx, oneSeries, { series: params.series, from: f, to: t, max: limit });
  const bySeries = new Map<number, Frame>();
  const topOf = (s: number) => {
    let top = bySeries.get(s);
    if (!top) bySeries.set(s, (top = frame()));
    return top;
  };
  const walk = (roots: WalkRoot[]) => walkFlameInto(ctx, roots, (r) => topOf(r.s));
  if (b0 >= b1) {
    walk(live(from, to, max));
    return flattenFlame(bySeries);
  }
  let wholeFrom = b0;
  if (inRange <= max) {
    if (from < b0 * M) walk(live(from, b0 * M, max));
    if (b1 * M < to) walk(live(b1 * M, to, max));
  } else {
    // The newest first: the trailing partial minute, whole minutes while they fit, then the rest of the cap.
    let left = max;
    if (b1 * M < to) {
      const n = ctx
        .side(
          `SELECT count(*) FROM calls INDEXED BY calls_s_ts WHERE s IN (SELECT value FROM json_each(?)) AND ts >= ? AND ts < ?`,
        )
        .pluck()
        .get(params.series, b1 * M, to) as number;
      walk(live(b1 * M, to, left));
      left -= Math.min(n, left);
    }
    wholeFrom = b1;
    if (left > 0) {
      const minutes = ctx
        .side(
          `SELECT bucket, sum(calls) FROM call_rollup WHERE s IN (SELECT value FROM json_each(?)) AND bucket >= ? AND bucket < ?
            GROUP BY bucket ORDER BY bucket DESC`,
        )
        .raw(true)
        .all(params.series, b0, b1) as [number, number][];
      for (const [b, n] of minutes) {
        if (n > left) {
          walk(live(b * M, (b + 1) * M, left));
          left = 0;
          break;
        }
        wholeFrom = b;
        left -= n;
        if (left === 0) break;
      }
      if (left > 0 && from < b0 * M) walk(live(from, b0 * M, left));
    }
  }
  if (wholeFrom < b1) {
    addWholeMinutes(ctx, params.series, wholeFrom, b1, topOf);
    // Minutes the index left out (flame_skipped: too many calls below them to keep) or has not
    // recomputed since the tail changed them (flame_dirty) have no rows: they are walked here.
    const skipped = ctx
      .side(
        `SELECT s, bucket FROM flame_skipped WHERE s IN (SELECT value FROM json_each(@series)) AND bucket >= @b0 AND bucket < @b1
          UNION SELECT s, bucket FROM flame_dirty WHERE s IN (SELECT value FROM json_each(@series)) AND bucket >= @b0 AND bucket < @b1`,
      )
      .raw(true)
      .all({ series: params.series, b0: wholeFrom, b1 }) as [number, number][];
    for (const [s, b] of skipped)
      walk(walkRootsOf(ctx, true, { series: JSON.stringify([s]), from: b * M, to: (b + 1) * M, max }));
  }
  return flattenFlame(bySeries);
}

/**
 * A function's aggregated flame graph: its calls in the range (the newest 100,000 at most) with
 * their subtrees merged by call path; total and self time and call counts per frame.
 */
export function queryFlameGraph(
  ctx: QueryContext,
  input: { process: string; range?: RangeInput; maxCalls?: number },
  /** 'walk': every root's subtree walked, no flame_rollup (the reference the tests hold the rollup to). */
  how: 'rollup' | 'walk' = 'rollup',
): FlameGraph {
  const { series, range, max, params } = inputsOf(ctx, input.process, input.range, input.maxCalls);
  const oneSeries = series.length === 1;
  // The roots' frame: one aggregate for one series (grouping 100k roots by series cost 8 ms more).
  const rootFrame = oneSeries
    ? 'SELECT CAST(min(s) AS TEXT) AS path, count(*) AS n, total(dur) AS t FROM roots HAVING count(*) > 0'
    : 'SELECT CAST(s AS TEXT) AS path, count(*) AS n, total(dur) AS t FROM roots GROUP BY s';
  // A function none of whose calls has a child (most busy functions are leaves) is not walked at all.
  const walked = ctx
    .side('SELECT 1 FROM call_parents WHERE s IN (SELECT value FROM json_each(:series)) LIMIT 1')
    .pluck()
    .get(params);
  const rootRows = ctx
    .side(`${roots(oneSeries)} SELECT path, n, t FROM (${rootFrame})`)
    .raw(true)
    .all(params) as [string, number, number][];
  // Exact, from the per-minute call rollups: counting the range's calls off calls_s_ts took 6 ms at 10M rows.
  const inRange = series.reduce((n, s) => n + callAggregate(ctx, s.id, range.from, range.to).calls, 0);
  // The roots with a child: whole minutes from flame_rollup, the rest walked in JS (flame-walk.ts).
  const subtrees = !walked
    ? []
    : how === 'walk'
      ? walkFlameSubtrees(ctx, walkRootsOf(ctx, oneSeries, params))
      : flameSubtrees(ctx, oneSeries, params, inRange);
  const grouped = [...rootRows, ...subtrees];
  grouped.sort(byPath);
  const names = new Map(ctx.series().map((s) => [String(s.id), s.process]));
  // The function may have several series (one per group): their roots merge into one frame.
  const rootKey = (path: string) => {
    const cut = path.indexOf('/');
    return cut < 0 ? '' : path.slice(cut);
  };
  type Node = { key: string; process: string; calls: number; totalMs: number; children: Node[] };
  const root: Node = { key: '', process: input.process, calls: 0, totalMs: 0, children: [] };
  const byKey = new Map<string, Node>([['', root]]);
  for (const [path, calls, total] of grouped) {
    const key = rootKey(path);
    let node = byKey.get(key);
    if (!node) {
      const cut = key.lastIndexOf('/');
      const parent = byKey.get(key.slice(0, cut));
      if (!parent) continue; // its parent frame was cut at MAX_DEPTH
      node = { key, process: names.get(key.slice(cut + 1)) ?? '?', calls: 0, totalMs: 0, children: [] };
      parent.children.push(node);
      byKey.set(key, node);
    }
    node.calls += calls;
    node.totalMs += total;
  }
  const frames: FlameFrame[] = [];
  const stack: [Node, number, number][] = [[root, -1, 0]];
  while (stack.length > 0) {
    const [node, parent, depth] = stack.pop()!;
    const childMs = node.children.reduce((n, c) => n + c.totalMs, 0);
    const index = frames.length;
    frames.push({
      parent,
      key: node.key,
      process: node.process,
      depth,
      calls: node.calls,
      totalMs: node.totalMs,
      selfMs: Math.max(0, node.totalMs - childMs),
    });
    // Heaviest child first: pushed last, so popped first.
    const kids = [...node.children].sort((a, b) => a.totalMs - b.totalMs || b.process.localeCompare(a.process));
    for (const k of kids) stack.push([k, index, depth + 1]);
  }
  return { process: input.process, range, rootCalls: Math.min(inRange, max), truncated: inRange > max, frames };
}

/** The calls that made one frame of queryFlameGraph's answer (same range), slowest first. */
export function queryFlameCalls(
  ctx: QueryContext,
  input: { process: string; key: string; range?: RangeInput; maxCalls?: number; limit?: number },
): FlameCalls {
  if (!/^(\/\d{1,12}){0,64}$/.test(input.key))
    throw new InspectorError('invalid-input', 'key: must be a frame key from flameGraph.');
  const { series, params } = inputsOf(ctx, input.process, input.range, input.maxCalls);
  const oneSeries = series.length === 1;
  const path = input.key.split('/').slice(1).map(Number);
  // The root frame's calls are the roots; a deeper frame's, the calls the JS walk reaches by its path.
  const rows = (
    path.length === 0
      ? ctx
          .side(
            `${roots(oneSeries)} SELECT r.id, c.ts, r.dur, c.err, ${traceTextSql('t.key')} FROM roots r CROSS JOIN calls c ON c.id = r.id
               LEFT JOIN traces t ON t.id = c.trace`,
          )
          .raw(true)
          .all(params)
      : ctx
          .side(
            `SELECT c.id, c.ts, c.dur, c.err, ${traceTextSql('t.key')} FROM calls c LEFT JOIN traces t ON t.id = c.trace
              WHERE c.id IN (SELECT value FROM json_each(?))`,
          )
          .raw(true)
          .all(JSON.stringify(flameFrameCallIds(ctx, walkRootsOf(ctx, oneSeries, params), path)))
  ) as [number, number, number | null, number, string | null][];
  const calls = rows
    .map(([id, ts, dur, err, traceId]) => ({ id, ts, durationMs: dur, error: err === 1, traceId }))
    .sort((a, b) => (b.durationMs ?? -1) - (a.durationMs ?? -1) || b.ts - a.ts);
  return { key: input.key, total: calls.length, calls: calls.slice(0, input.limit ?? 50) };
}
