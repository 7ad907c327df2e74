// The errors view sums whole hours and minutes of error_rollup and reads error_calls only at the range's
// edges and the minutes a sparkline bar's edge cuts: its groups, counts, first and last seen,
// functions and sparklines must equal the same figures grouped straight from error_calls, over
// ranges that cut minutes, during the first build, after it, and once the tail has moved calls'
// latest errors to later minutes.
import { describe, expect, it } from 'vitest';
import { queryErrorGroups } from '../../../db/query/error-groups.ts';
import type { QueryContext } from '../../../db/query/query-context.ts';
import { buildCheckingEachChunk, indexHere } from '../../fixtures/bulk-build.ts';
import { appendRows, createTraceDb, type FixtureRow } from '../../fixtures/trace-db.ts';
import { seededRandom } from './seeded-random.ts';

const T0 = Date.UTC(2026, 10, 20, 6, 0, 17);
const HOUR = 3_600_000;
const SPARK = 24;

function rows(n: number, seed: number, offset = 0): FixtureRow[] {
  const rnd = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const err = rnd() < 0.4;
    return {
      process: rnd() < 0.7 ? 'svc.a' : 'svc.b',
      trace_id: `t${Math.floor((i + offset) / 2)}`,
      span_id: `s${(i + offset) % 2}`,
      timestamp: new Date(T0 + Math.floor(rnd() * 3 * HOUR)).toISOString(),
      status: err ? 'ERROR' : 'OK',
      exception: err ? `E${Math.floor(rnd() * 5)}: failed at ${i}` : null,
    };
  });
}

type Figures = [string, number, number, number, number[], string][];

/** The groups as error_calls alone gives them (the view's SQL before error_rollup). */
function reference(ctx: QueryContext, from: number, to: number): Figures {
  const bucketMs = Math.ceil(Math.max(1, to - from) / SPARK);
  const names = new Map(ctx.series().map((s) => [s.id, s.process]));
  const out = new Map<number, { n: number; first: number; last: number; spark: number[]; fns: Map<string, number> }>();
  for (const [g, s, ts] of ctx
    .side('SELECT g, s, ts FROM error_calls WHERE ts >= ? AND ts < ?')
    .raw(true)
    .all(from, to) as [number, number, number][]) {
    const x = out.get(g) ?? { n: 0, first: ts, last: ts, spark: new Array<number>(SPARK).fill(0), fns: new Map() };
    out.set(g, x);
    x.n++;
    x.first = Math.min(x.first, ts);
    x.last = Math.max(x.last, ts);
    x.spark[Math.min(SPARK - 1, Math.floor((ts - from) / bucketMs))]++;
    const fn = names.get(s)!;
    x.fns.set(fn, (x.fns.get(fn) ?? 0) + 1);
  }
  const fp = ctx.side('SELECT fingerprint FROM error_groups WHERE id = ?').pluck();
  return [...out.entries()]
    .map(([g, x]): Figures[number] => [
      fp.get(g) as string,
      x.n,
      x.first,
      x.last,
      x.spark,
      JSON.stringify([...x.fns.entries()].sort()),
    ])
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

describe('error groups from error_rollup', () => {
  it('equal the groups of error_calls over cut ranges, during the build, after it and through the tail', () => {
    const path = createTraceDb({ rows: rows(1500, 3) });
    const here = indexHere(path);
    const { side, ingest } = here;
    const ranges = [
      { from: T0 + 7 * 60_000 + 4_321, to: T0 + 2 * HOUR + 33_333 },
      { from: T0 + HOUR + 1_000, to: T0 + HOUR + 50_000 },
      { from: T0 - HOUR, to: T0 + 4 * HOUR },
      // Bars of ~2 h: whole hours of the rollup's top tier.
      { from: T0 - 20 * HOUR - 17, to: T0 + 30 * HOUR },
    ];
    let checks = 0;
    const check = () =>
      here.query((ctx) => {
        for (const range of ranges) {
          const got = queryErrorGroups(ctx, { range, limit: 1000 });
          const figures: Figures = got.groups
            .map((x): Figures[number] => [
              x.fingerprint,
              x.count,
              x.firstTs,
              x.lastTs,
              x.sparkline,
              JSON.stringify(x.processes.map((p) => [p.process, p.calls]).sort()),
            ])
            .sort((a, b) => (a[0] < b[0] ? -1 : 1));
          expect(figures).toEqual(reference(ctx, range.from, range.to));
          expect(got.failedCalls).toBe(figures.reduce((n, f) => n + f[1], 0));
          const one = queryErrorGroups(ctx, { range, process: 'svc.b', limit: 1000 });
          expect(one.failedCalls).toBe(
            ctx
              .side(
                "SELECT count(*) FROM error_calls WHERE ts >= ? AND ts < ? AND s IN (SELECT id FROM series WHERE process = 'svc.b')",
              )
              .pluck()
              .get(range.from, range.to),
          );
        }
        checks++;
      });
    buildCheckingEachChunk(ingest, side.db, 400, check);
    // The tail: new failures, and calls failing again later (their latest error moves minute).
    appendRows(path, [
      ...rows(300, 4, 5000),
      ...rows(300, 3).map((r) => ({
        ...r,
        status: 'ERROR',
        exception: 'E9: again',
        timestamp: new Date(Date.parse(r.timestamp as string) + 7 * 60_000).toISOString(),
      })),
    ]);
    while (ingest.step(50).added > 0);
    check();
    expect(checks).toBeGreaterThan(3);
    here.close();
  });
});
