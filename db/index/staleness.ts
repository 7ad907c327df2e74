import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { StaleVariable } from '../api/types.ts';
import { fromEngine, type ThresholdFor } from './stale-thresholds.ts';

/** Timestamps kept from the start of each run, so "stale since" is exact for thresholds below this. */
export const HEAD_TS = 64;
export const SAMPLE_CHARS = 200;
/** Values longer than this are compared by hash: a megabyte value must not be held per pair. */
const INLINE_VALUE_CHARS = 512;

interface Run {
  process: string;
  data: string;
  valueKey: string;
  sample: string | null;
  valueType: string | null;
  runLen: number;
  runStartId: number;
  headTs: (number | null)[];
  lastId: number;
  lastTs: number | null;
}

export function valueKey(value: string | null, type: string | null): string {
  const v =
    value === null
      ? '\u0000null'
      : value.length <= INLINE_VALUE_CHARS
        ? value
        : `\u0000sha1:${value.length}:${createHash('sha1').update(value).digest('hex')}`;
  return `${type ?? ''}\u0001${v}`;
}

/** A stale_runs row as the tracker and the staleness query both read it. */
export function runFromRow(r: Record<string, never>): Run {
  return {
    process: r.process,
    data: r.data,
    valueKey: r.value_key,
    sample: r.sample,
    valueType: r.value_type,
    runLen: r.run_len,
    runStartId: r.run_start_id,
    headTs: JSON.parse(r.run_head_ts) as Run['headTs'],
    lastId: r.last_id,
    lastTs: r.last_ts,
  };
}

export function toStaleVariable(r: Run, threshold: number): StaleVariable {
  const stale = r.runLen > threshold;
  return {
    process: r.process,
    data: r.data,
    value: r.sample,
    valueType: r.valueType,
    runLength: r.runLen,
    threshold: fromEngine(threshold),
    stale,
    runStartTs: r.headTs[0] ?? null,
    staleSinceTs: stale && threshold < r.headTs.length ? r.headTs[threshold] : null,
    lastTs: r.lastTs,
    lastId: r.lastId,
  };
}

/**
 * Run length of identical consecutive values per (process, variable), in rowid order, kept
 * incrementally: one map lookup per row, and only the pairs a batch touched are written back.
 */
export class StalenessTracker {
  private runs = new Map<string, Run>();
  private dirty = new Set<string>();
  private changes = new Map<string, StaleVariable>();
  private thresholdFor: ThresholdFor;

  constructor(thresholdFor: ThresholdFor) {
    this.thresholdFor = thresholdFor;
  }

  load(db: Database.Database): void {
    this.runs.clear();
    for (const r of db.prepare('SELECT * FROM stale_runs').iterate() as Iterable<Record<string, never>>) {
      const run = runFromRow(r);
      this.runs.set(`${run.process}\u0001${run.data}`, run);
    }
  }

  setThresholds(thresholdFor: ThresholdFor): void {
    this.thresholdFor = thresholdFor;
  }

  /** `vk` is valueKey(value, type), computed where the value is read; `sample` its first characters. */
  observe(
    process: string,
    data: string | null,
    vk: string,
    sample: string | null,
    type: string | null,
    id: number,
    ts: number | null,
  ): void {
    if (data === null) return; // a row that captured no variable has nothing to repeat
    const key = `${process}\u0001${data}`;
    const run = this.runs.get(key);
    const threshold = this.thresholdFor(process, data);
    if (run && run.valueKey === vk) {
      run.runLen++;
      if (run.headTs.length < HEAD_TS) run.headTs.push(ts);
      run.lastId = id;
      run.lastTs = ts;
      if (run.runLen === threshold + 1) this.changes.set(key, toStaleVariable(run, threshold));
    } else {
      const wasStale = run !== undefined && run.runLen > threshold;
      const next: Run = {
        process,
        data,
        valueKey: vk,
        sample,
        valueType: type,
        runLen: 1,
        runStartId: id,
        headTs: [ts],
        lastId: id,
        lastTs: ts,
      };
      this.runs.set(key, next);
      if (wasStale) this.changes.set(key, toStaleVariable(next, threshold));
    }
    this.dirty.add(key);
  }

  /**
   * The last run of one pair in a chunk indexed set-based (bulk-ingest.ts): it extends the pair's
   * run when nothing in the chunk broke it (`unbroken`) and the value is the same, else replaces it.
   * A flag that ends the chunk as it started is not reported, even if it flipped inside the chunk.
   */
  observeRun(r: {
    process: string;
    data: string;
    valueKey: string;
    sample: string | null;
    valueType: string | null;
    rows: number;
    startId: number;
    headTs: (number | null)[];
    lastId: number;
    lastTs: number | null;
    unbroken: boolean;
  }): void {
    const key = `${r.process}\u0001${r.data}`;
    const run = this.runs.get(key);
    const threshold = this.thresholdFor(r.process, r.data);
    const wasStale = run !== undefined && run.runLen > threshold;
    let now: Run;
    if (run && r.unbroken && run.valueKey === r.valueKey) {
      now = run;
      run.runLen += r.rows;
      for (const ts of r.headTs) if (run.headTs.length < HEAD_TS) run.headTs.push(ts);
      run.lastId = r.lastId;
      run.lastTs = r.lastTs;
    } else {
      now = {
        process: r.process,
        data: r.data,
        valueKey: r.valueKey,
        sample: r.sample,
        valueType: r.valueType,
        runLen: r.rows,
        runStartId: r.startId,
        headTs: r.headTs.slice(0, HEAD_TS),
        lastId: r.lastId,
        lastTs: r.lastTs,
      };
      this.runs.set(key, now);
    }
    if (wasStale !== now.runLen > threshold || (wasStale && now !== run))
      this.changes.set(key, toStaleVariable(now, threshold));
    this.dirty.add(key);
  }

  /** Writes the touched runs and returns the pairs whose stale flag flipped since the last flush. */
  flush(db: Database.Database): StaleVariable[] {
    if (this.dirty.size) {
      const put =
        db.prepare(`INSERT INTO stale_runs(process, data, value_key, sample, value_type, run_len, run_start_id, run_head_ts, last_id, last_ts)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(process, data) DO UPDATE SET value_key = excluded.value_key,
        sample = excluded.sample, value_type = excluded.value_type, run_len = excluded.run_len, run_start_id = excluded.run_start_id,
        run_head_ts = excluded.run_head_ts, last_id = excluded.last_id, last_ts = excluded.last_ts`);
      for (const key of this.dirty) {
        const r = this.runs.get(key)!;
        put.run(
          r.process,
          r.data,
          r.valueKey,
          r.sample,
          r.valueType,
          r.runLen,
          r.runStartId,
          JSON.stringify(r.headTs),
          r.lastId,
          r.lastTs,
        );
      }
      this.dirty.clear();
    }
    const out = [...this.changes.values()];
    this.changes.clear();
    return out;
  }

  /** Re-evaluates every pair against new thresholds; returns those whose flag flipped. */
  rethreshold(thresholdFor: ThresholdFor): StaleVariable[] {
    const before = this.thresholdFor;
    this.thresholdFor = thresholdFor;
    const flipped: StaleVariable[] = [];
    for (const r of this.runs.values()) {
      const was = r.runLen > before(r.process, r.data);
      const t = thresholdFor(r.process, r.data);
      if (was !== r.runLen > t) flipped.push(toStaleVariable(r, t));
    }
    return flipped;
  }
}
