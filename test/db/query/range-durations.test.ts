// The 24 h history's and the latency histogram's exact percentiles come from call_durs (each
// minute's sorted durations) plus the calls of the minutes a bucket's edge cuts: they must equal
// nearest ranks computed by SQL on the user's file, over the rows indexed so far while the first
// build runs, after it, and once the row-by-row tail has merged more rows into earlier calls.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { binEdge } from '../../../db/index/latency-bins.ts';
import { queryFunctionHistory, queryFunctionStats } from '../../../db/query/function-stats.ts';
import { queryLatency } from '../../../db/query/latency.ts';
import { durationsByInterval } from '../../../db/query/range-durations.ts';
import { buildCheckingEachChunk, indexHere } from '../../fixtures/bulk-build.ts';
import { appendRows, createTraceDb, type FixtureRow } from '../../fixtures/trace-db.ts';
import { seededRandom } from './seeded-random.ts';

const T0 = Date.UTC(2026, 10, 20, 6, 0, 17);
const HOUR = 3_600_000;

/**
 * One function in two groups (two series) over 6 h, with tied durations, bin edges, sub-µs and
 * multi-second calls, untimed calls, and calls whose duration comes on a later row (a call's
 * duration then grows in a later chunk, or in the tail).
 */
function rows(n: number, seed: number, offset = 0): FixtureRow[] {
  const rnd = seededRandom(seed);
  const out: FixtureRow[] = [];
  const later: FixtureRow[] = [];
  for (let i = 0; i < n; i++) {
    const k = i + offset;
    const ts = T0 + Math.floor(rnd() * 6 * HOUR);
    const pick = rnd();
    const dur =
      pick < 0.05
        ? null
        : pick < 0.2
          ? 10
          : pick < 0.3
            ? binEdge(1)
            : pick < 0.35
              ? 0.0004
              : pick < 0.36
                ? pick < 0.355
                  ? 0
                  : -2 // the lowest fine bin, open below
                : Math.round(rnd() ** 3 * 5e6) / 1000;
    const row: FixtureRow = {
      process: 'svc.op',
      process_group: rnd() < 0.8 ? 'a' : 'b',
      trace_id: `t${k}`,
      span_id: 's',
      timestamp: new Date(ts).toISOString(),
      duration_ms: dur,
      data: 'x',
      data_value: String(k),
    };
    out.push(row);
    // Its end row, with a longer duration, arrives later in the file.
    if (rnd() < 0.1) later.push({ ...row, timestamp: new Date(ts + 5).toISOString(), duration_ms: (dur ?? 1) * 3 });
    if (later.length > 0 && rnd() < 0.3) out.push(later.shift()!);
  }
  return [...out, ...later];
}

const CALLS = `WITH calls AS (
  SELECT min(id) AS first, min(timestamp) AS t, max(duration_ms) AS dur FROM data_trace
  WHERE process = 'svc.op' AND id <= :upto GROUP BY trace_id, span_id)`;

describe('percentiles from the per-minute sorted durations (call_durs)', () => {
  it('equal nearest ranks by SQL on the file during the first build, after it, and through the tail', () => {
    const path = createTraceDb({ rows: rows(2500, 11) });
    const file = new Database(path, { readonly: true });
    // Calls' times as the index reads the ISO text: epoch ms.
    const ms = `(unixepoch(substr(t, 1, 19)) * 1000 + CAST(substr(t, 21, 3) AS INTEGER))`;
    const nth = file
      .prepare(
        `${CALLS} SELECT dur FROM calls WHERE ${ms} >= :from AND ${ms} < :to AND dur IS NOT NULL ORDER BY dur LIMIT 1 OFFSET :k`,
      )
      .pluck();
    const timed = file
      .prepare(`${CALLS} SELECT count(*) FROM calls WHERE ${ms} >= :from AND ${ms} < :to AND dur IS NOT NULL`)
      .pluck();
    const reference = (upto: number, from: number, to: number) => {
      const n = timed.get({ upto, from, to }) as number;
      return [50, 95, 99].map((p) =>
        n === 0 ? null : (nth.get({ upto, from, to, k: Math.floor((p * n + 99) / 100) - 1 }) as number),
      );
    };
    const here = indexHere(path);
    const { side, ingest } = here;
    // A range whose edges cut minutes, in buckets of several minutes (history) and 60 columns (latency).
    const range = { from: T0 + 17 * 60_000 + 1_234, to: T0 + 5 * HOUR + 59_999 };
    let checks = 0;
    const check = (upto: number) => {
      here.query((ctx) => {
        const hist = queryFunctionHistory(ctx, { process: 'svc.op', range, buckets: 13 });
        expect(hist.bucketMs).toBeGreaterThan(60_000);
        for (let i = 0; i < 13; i++) {
          const to = i === 12 ? range.to : hist.t[i + 1];
          expect([upto, i, hist.p50[i], hist.p95[i], hist.p99[i]]).toEqual([
            upto,
            i,
            ...reference(upto, hist.t[i], to),
          ]);
        }
        const lat = queryLatency(ctx, { process: 'svc.op', range });
        expect([upto, lat.p50Ms, lat.p95Ms, lat.p99Ms]).toEqual([upto, ...reference(upto, range.from, range.to)]);
        // The stats rank the same sorted runs in place (sorted-runs.ts), over the cut range and
        // over a sliver inside one minute.
        for (const r of [range, { from: T0 + HOUR + 5_000, to: T0 + HOUR + 41_000 }]) {
          const st = queryFunctionStats(ctx, { process: 'svc.op', range: r });
          expect([upto, st.p50Ms, st.p95Ms, st.p99Ms]).toEqual([upto, ...reference(upto, r.from, r.to)]);
        }
        // The durations per interval are the calls' own, each once.
        const ids = ctx.series().map((s) => s.id);
        const [all] = durationsByInterval(ctx, ids, [range.from, range.to]);
        expect(all.length).toBe(timed.get({ upto, from: range.from, to: range.to }));
        checks++;
      });
    };
    buildCheckingEachChunk(ingest, side.db, 700, check);
    // The tail: more calls, and end rows for calls indexed long ago, row by row.
    appendRows(path, [
      ...rows(400, 12, 10_000),
      ...rows(300, 11)
        .filter((r) => r.duration_ms !== null)
        .map((r) => ({ ...r, duration_ms: r.duration_ms! * 7 })),
    ]);
    while (ingest.step(50).added > 0);
    check(Number.MAX_SAFE_INTEGER);
    expect(checks).toBeGreaterThan(4);
    file.close();
    here.close();
  });
});
