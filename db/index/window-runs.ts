// Staleness runs of the first build (bulk-ingest.ts), computed where the rows are read: per
// (process, variable), the last run of one value in a window of rows, then merged window by window
// into the chunk's. The sidecar used to copy every row's value key into a temporary table indexed
// by (process, variable, id) and find the runs in SQL: that index's inserts were ~1 of the 2 µs a
// row the values' load cost the indexer's thread (10M demo, rows 1–1.2M); the windows' runs are
// a few dozen objects, and the reader's thread walks the rows in JS instead.
import { HEAD_TS } from './staleness.ts';

/**
 * A value row as the read statement gives it (bulk-ingest.ts): rowid, process, variable, type, value
 * key, sample. No time: the indexer reads the few a run keeps off its chunk (the timestamp's
 * conversion, repeated here, cost the reader ~0.9 µs a row).
 */
export type ValueRow = [number, string, string, string | null, string, string | null];

/** The last run of one pair in a window (or merged, in a chunk): what StalenessTracker.observeRun takes. */
export interface WindowRun {
  proc: string;
  data: string;
  vtype: string | null;
  vk: string;
  sample: string | null;
  /** The run's first row, its first HEAD_TS rows and its last. */
  start: number;
  headIds: number[];
  n: number;
  lid: number;
  /** No row of the pair before the run (in the window, or in the chunk once merged) had another value. */
  unbroken: boolean;
}

/** A pair's key: the process's length first, so no (process, variable) pair shares another's whatever characters they hold. */
const pairKey = (proc: string, data: string) => `${proc.length}:${proc}\u0001${data}`;

/** The last run of each pair among rows in rowid order; a run's type and sample are its first row's, as the row path keeps them. */
export function windowRuns(rows: ValueRow[]): WindowRun[] {
  const runs = new Map<string, WindowRun>();
  for (const [id, proc, data, vtype, vk, sample] of rows) {
    const key = pairKey(proc, data);
    const r = runs.get(key);
    if (r && r.vk === vk) {
      r.n++;
      if (r.headIds.length < HEAD_TS) r.headIds.push(id);
      r.lid = id;
    } else {
      const run = { proc, data, vtype, vk, sample, start: id, headIds: [id], n: 1, lid: id };
      runs.set(key, { ...run, unbroken: r === undefined });
    }
  }
  return [...runs.values()];
}

/** Adds a window's runs to the chunk's (`into`, by pair), windows in rowid order. */
export function mergeRuns(into: Map<string, WindowRun>, runs: WindowRun[]): void {
  for (const r of runs) {
    const key = pairKey(r.proc, r.data);
    const prev = into.get(key);
    if (prev && r.unbroken && prev.vk === r.vk) {
      prev.n += r.n;
      for (let i = 0; i < r.headIds.length && prev.headIds.length < HEAD_TS; i++) prev.headIds.push(r.headIds[i]);
      prev.lid = r.lid;
    } else {
      // An earlier window's rows of the pair had another value: the run starts in this one.
      into.set(key, prev ? { ...r, unbroken: false } : r);
    }
  }
}
