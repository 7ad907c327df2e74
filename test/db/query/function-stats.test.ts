// functionStats and functionHistory against a reference computed in SQL on the user's file:
// calls are rows grouped by (trace_id, span_id), percentiles are nearest-rank
// (`ORDER BY duration LIMIT 1 OFFSET ceil(p·n) - 1`).
import type Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../db/engine/engine.ts';
import type { FixtureRow } from '../../fixtures/trace-db.ts';
import { liveFixture, newEngine, openLive, withoutDeferredIndexes } from '../engine/engine-harness.ts';
import { seededRandom } from './seeded-random.ts';

const NOW = Date.now();
const DAY = 86_400_000;
/** Rows stay this far from where "the last 24 h" starts, so the test's clock moving on flips none. */
const MARGIN = 120_000;

function offset(rnd: () => number): number {
  for (;;) {
    const o = 60_000 + Math.floor(rnd() * 30 * 3_600_000);
    if (Math.abs(o - DAY) > MARGIN) return o;
  }
}

function fixture(): FixtureRow[] {
  const rnd = seededRandom(99);
  const rows: FixtureRow[] = [];
  // 1,000 single-row calls of one function, in two process groups.
  for (let i = 0; i < 1000; i++) {
    const err = rnd() < 0.08;
    rows.push({
      process: 'calc.price',
      process_group: i % 5 < 3 ? 'a' : 'b',
      trace_id: `t${i % 97}`,
      span_id: `p${i}`,
      timestamp: NOW - offset(rnd),
      duration_ms: rnd() < 0.05 ? null : Math.round(rnd() ** 3 * 5000 * 1000) / 1000,
      memory_delta: rnd() < 0.1 ? null : Math.floor(rnd() * 105_000) - 5000,
      status: err ? 'ERROR' : 'OK',
      exception: err ? 'PriceError' : null,
      data: 'sku',
      data_value: String(i),
      source_file: i === 7 ? 'shop/price.py' : null,
      source_line: i === 7 ? 42 : null,
    });
  }
  // 200 calls that write two rows each: entry (no duration) and exit (duration, memory).
  for (let i = 0; i < 200; i++) {
    const ts = NOW - offset(rnd);
    const dur = Math.floor(rnd() * 900) + 1;
    const base = { process: 'calc.tax', process_group: 'a', trace_id: `x${i}`, span_id: 'root' };
    rows.push({ ...base, timestamp: ts, data: 'enter' });
    rows.push({
      ...base,
      timestamp: ts + dur,
      duration_ms: dur,
      memory_delta: i,
      data: 'exit',
      status: i % 10 === 0 ? 'ERROR' : 'OK',
    });
  }
  for (let i = 0; i < 300; i++)
    rows.push({ process: 'noise.fn', timestamp: NOW - offset(rnd), duration_ms: 1e6, status: 'ERROR' });
  // Rows in file order are not time order.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return rows;
}

const CALLS = `WITH calls AS (
  SELECT min(timestamp) AS ts, max(duration_ms) AS dur, max(memory_delta) AS mem, max(status = 'ERROR') AS err
  FROM data_trace WHERE process = ? GROUP BY trace_id, span_id)`;

interface Reference {
  calls: number;
  errors: number;
  timed: number;
  avg: number | null;
  max: number | null;
  memAvg: number | null;
  memMax: number | null;
}

describe('functionStats and functionHistory', () => {
  let engine: Engine;
  let db: string;
  let file: Database.Database;
  let building: { engine: Engine; db: string };

  beforeAll(async () => {
    let path: string;
    ({ path, engine, db, file } = await liveFixture(fixture()));
    // The same file without the (s, dur) index, as while a first build runs (sidecar-schema.ts).
    const e2 = newEngine({}, { lifetime: 'file' });
    building = { engine: e2, db: await openLive(e2, path) };
    await withoutDeferredIndexes(e2, building.db);
  });

  function reference(process: string, from = -8.64e15, to = 8.64e15) {
    const agg = file
      .prepare(
        `${CALLS} SELECT count(*) AS calls, total(err) AS errors, count(dur) AS timed, avg(dur) AS avg, max(dur) AS max,
      avg(mem) AS memAvg, max(mem) AS memMax FROM calls WHERE ts >= ? AND ts < ?`,
      )
      .get(process, from, to) as Reference;
    const nth = file
      .prepare(
        `${CALLS} SELECT dur FROM calls WHERE ts >= ? AND ts < ? AND dur IS NOT NULL ORDER BY dur LIMIT 1 OFFSET ?`,
      )
      .pluck();
    const n = agg.timed;
    // ceil(p·n) in integers: no floating point between the reference and the thing it checks.
    const pct = (p: number) =>
      n === 0 ? null : (nth.get(process, from, to, Math.floor((p * n + 99) / 100) - 1) as number);
    return { ...agg, p50: pct(50), p95: pct(95), p99: pct(99) };
  }

  const ranges: [string, { from?: number; to?: number } | undefined][] = [
    ['the whole range', undefined],
    ['a sub-range with odd edges', { from: NOW - 20 * 3_600_000 + 123, to: NOW - 3 * 3_600_000 - 7 }],
    ['a narrow sub-range', { from: NOW - 5 * 3_600_000 - 1, to: NOW - 4 * 3_600_000 + 1 }],
    ['an empty range', { from: NOW + 1_000_000, to: NOW + 2_000_000 }],
  ];

  it.each(ranges)(
    'calls, errors, average and nearest-rank p50/p95/p99 equal the reference over %s',
    async (_name, range) => {
      for (const process of ['calc.price', 'calc.tax']) {
        const s = await engine.invoke('functionStats', { db, process, ...(range ? { range } : {}) });
        const ref = reference(process, range?.from, range?.to);
        expect({
          process,
          calls: s.calls,
          errors: s.errors,
          timed: s.timedCalls,
          max: s.maxMs,
          p50: s.p50Ms,
          p95: s.p95Ms,
          p99: s.p99Ms,
          memMax: s.memMax,
        }).toEqual({
          process,
          calls: ref.calls,
          errors: ref.errors,
          timed: ref.timed,
          max: ref.max,
          p50: ref.p50,
          p95: ref.p95,
          p99: ref.p99,
          memMax: ref.memMax,
        });
        expect(s.errorRate).toBeCloseTo(ref.calls ? ref.errors / ref.calls : 0, 12);
        if (ref.avg === null) expect(s.avgMs).toBeNull();
        else expect(s.avgMs).toBeCloseTo(ref.avg, 9);
        if (ref.memAvg === null) expect(s.memAvg).toBeNull();
        else expect(s.memAvg).toBeCloseTo(ref.memAvg, 9);
        const input = { db: building.db, process, ...(range ? { range } : {}) };
        expect(await building.engine.invoke('functionStats', input), 'no (s, dur) index').toEqual(s);
      }
    },
  );

  it('sees the fixture it was built for', async () => {
    const whole = await engine.invoke('functionStats', { db, process: 'calc.price' });
    // Both process groups, rows without a duration and errors are all in there.
    expect(whole).toMatchObject({ calls: 1000, sourceFile: 'shop/price.py', sourceLine: 42 });
    expect(whole.timedCalls).toBeLessThan(1000);
    expect(whole.errors).toBeGreaterThan(40);
    expect(whole.memMax).toBeGreaterThan(0);
    // Entry and exit rows of one span are one call.
    expect((await engine.invoke('functionStats', { db, process: 'calc.tax' })).calls).toBe(200);
  });

  it('history buckets add up to the stats of the same range, bucket by bucket', async () => {
    const range = { from: NOW - 26 * 3_600_000 - 17, to: NOW - 2 * 3_600_000 + 3 };
    const h = await engine.invoke('functionHistory', { db, process: 'calc.price', range, buckets: 10 });
    const s = await engine.invoke('functionStats', { db, process: 'calc.price', range });
    expect(h.t).toHaveLength(10);
    expect(h.bucketMs).toBe(Math.ceil((range.to - range.from) / 10));
    expect(h.t[0]).toBe(range.from);
    expect(h.calls.reduce((a, b) => a + b, 0)).toBe(s.calls);
    expect(h.errors.reduce((a, b) => a + b, 0)).toBe(s.errors);
    for (let i = 0; i < 10; i++) {
      const to = i === 9 ? range.to : range.from + (i + 1) * h.bucketMs;
      const ref = reference('calc.price', h.t[i], to);
      expect([i, h.calls[i], h.errors[i], h.p50[i], h.p95[i], h.p99[i]]).toEqual([
        i,
        ref.calls,
        ref.errors,
        ref.p50,
        ref.p95,
        ref.p99,
      ]);
    }
  });

  it.each([1, 3, 97])('history percentiles are exact in %i buckets, wide or narrow', async (buckets) => {
    // One bucket reads a rank's bin off (s, dur), narrow ones off (s, ts): both must be exact.
    const range = { from: NOW - 29 * 3_600_000 + 31_337, to: NOW - 61_001 };
    for (const process of ['calc.price', 'calc.tax']) {
      const h = await engine.invoke('functionHistory', { db, process, range, buckets });
      for (let i = 0; i < buckets; i++) {
        const ref = reference(process, h.t[i], i === buckets - 1 ? range.to : h.t[i + 1]);
        expect([process, i, h.calls[i], h.p50[i], h.p95[i], h.p99[i]]).toEqual([
          process,
          i,
          ref.calls,
          ref.p50,
          ref.p95,
          ref.p99,
        ]);
      }
    }
  });

  it('history over all time and over the default last 24 h add up to the calls in them', async () => {
    const all = await engine.invoke('functionHistory', {
      db,
      process: 'calc.tax',
      range: { preset: 'all' },
      buckets: 7,
    });
    expect(all.calls.reduce((a, b) => a + b, 0)).toBe(200);
    const day = await engine.invoke('functionHistory', { db, process: 'calc.price' });
    expect(day.t).toHaveLength(48);
    expect(day.range.to - day.range.from).toBe(DAY + 1);
    const dayStats = await engine.invoke('functionStats', { db, process: 'calc.price', range: { preset: '24h' } });
    expect(day.calls.reduce((a, b) => a + b, 0)).toBe(dayStats.calls);
    expect(dayStats.calls).toBe(reference('calc.price', Date.now() - DAY).calls);
    expect(dayStats.calls).toBeGreaterThan(0);
    expect(dayStats.calls).toBeLessThan(1000);
  });

  it('gives not-found for a function that was never traced', async () => {
    for (const op of ['functionStats', 'functionHistory'] as const) {
      const res = await engine.call(op, { db, process: 'calc.pricе' }); // Cyrillic е: a near miss
      expect(res.ok ? 'found' : res.error.kind).toBe('not-found');
    }
  });
});
