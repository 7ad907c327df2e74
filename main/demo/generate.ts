// Writes a demo trace database: `rows` rows of history over `spanMs` ending at `endTs`, with a
// writer heartbeat every 10 s, deterministic for a given seed.

import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { createCatalog } from './catalog.ts';
import { EventQueue } from './event-queue.ts';
import { HeartbeatModel } from './heartbeat.ts';
import { Rng } from './rng.ts';
import { writeSourceFiles, type FunctionSource } from './source-files.ts';
import { RowInserter, ensureSchema } from './trace-table.ts';
import { TraceSimulator, type TraceEvent } from './trace-sim.ts';

export interface GenerateOptions {
  path: string;
  /** Approximate number of data_trace rows (traces are whole, so the count lands close, not exact). */
  rows: number;
  seed?: number;
  /** End of the history, epoch ms (default now). */
  endTs?: number;
  /** Length of the history in ms (default 24 h). */
  spanMs?: number;
  /** Folder for the generated Python sources that source_file points into. */
  sourceDir: string;
}

export interface GenerateResult {
  rows: number;
  traces: number;
  heartbeats: number;
  ms: number;
}

export const DEFAULT_SEED = 20261120;
const DAY_MS = 86_400_000;
const HEARTBEAT_EVERY_US = 10e6;
const ROWS_PER_TRANSACTION = 50_000;

/** Deletes the file with its -wal and -shm, so a stale WAL can never be replayed into the new file. */
export function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

/** Replaces any database at opts.path with a freshly generated one. */
export function generateTraceDb(opts: GenerateOptions): GenerateResult {
  const t0 = performance.now();
  const seed = opts.seed ?? DEFAULT_SEED;
  const endUs = Math.round((opts.endTs ?? Date.now()) * 1000);
  const startUs = endUs - Math.round((opts.spanMs ?? DAY_MS) * 1000);
  const sources = writeSourceFiles(opts.sourceDir);

  removeDatabase(opts.path);
  const db = new Database(opts.path);
  // WAL from the start, as a tracer would; only durability is relaxed while bulk loading a fresh
  // file. (No journal at all during the load measured no faster: 4.7 s per 1M rows either way.)
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -65536');
  ensureSchema(db);

  const sim = new TraceSimulator(createCatalog(), sources, new Rng(seed));
  const arrivals = new Rng(seed ^ 0x2545f491);
  const queue = new EventQueue();
  const insert = new RowInserter(db);
  let rows = 0;
  let inTransaction = 0;
  const emit = (ev: TraceEvent) => {
    for (const row of ev.rows) insert.add(row);
    rows += ev.rows.length;
    inTransaction += ev.rows.length;
    if (inTransaction >= ROWS_PER_TRANSACTION) {
      insert.flush();
      db.exec('COMMIT; BEGIN');
      inTransaction = 0;
    }
  };

  // Arrivals are Poisson in "traffic time" (wall time weighted by dailyTraffic). The mean gap is
  // re-aimed every few hundred traces at the rows still wanted, so the total lands within a trace
  // or two of opts.rows instead of wherever the pilot's estimate would put it.
  let traces = 0;
  let tracedRows = 0;
  let perTrace = pilotRowsPerTrace(sources, seed);
  let gap = trafficMass(startUs, endUs) / Math.max(1, opts.rows / perTrace);
  db.exec('BEGIN');
  let t = startUs;
  for (;;) {
    t += arrivals.exponential(gap) / dailyTraffic(t);
    if (t >= endUs) break;
    const startAt = Math.round(t);
    queue.drain(startAt, emit);
    const trace = sim.trace(startAt);
    // History ends at endUs: a request still running then has not written its last rows yet.
    if (trace.endUs > endUs) continue;
    for (const ev of trace.events) queue.push(ev);
    traces++;
    tracedRows += trace.rows;
    if (traces % 256 === 0) {
      perTrace = tracedRows / traces;
      const wanted = (opts.rows - tracedRows) / perTrace;
      gap = wanted < 1 ? Number.POSITIVE_INFINITY : trafficMass(t, endUs) / wanted;
    }
  }
  queue.drain(Number.POSITIVE_INFINITY, emit);
  insert.flush();

  const beats = new HeartbeatModel(new Rng(seed ^ 0x68e31da4));
  let heartbeats = 0;
  for (let at = startUs + HEARTBEAT_EVERY_US; at <= endUs; at += HEARTBEAT_EVERY_US) {
    insert.addHeartbeat(at, beats.next());
    heartbeats++;
  }
  db.exec('COMMIT');

  // synchronous is per connection (writers set their own, NORMAL); WAL mode stays with the file.
  db.close();
  return { rows, traces, heartbeats, ms: Math.round(performance.now() - t0) };
}

// More requests in the European afternoon than at night: 0.5× at 02:00 UTC, 1.5× at 14:00.
const PHASE = (2 * Math.PI) / 24;
function dailyTraffic(us: number): number {
  return 1 + 0.5 * Math.sin(PHASE * (us / 3.6e9 - 8));
}

/** ∫ dailyTraffic over [fromUs, toUs], in µs. */
function trafficMass(fromUs: number, toUs: number): number {
  const h = (us: number) => us / 3.6e9 - 8;
  return toUs - fromUs - (0.5 / PHASE) * 3.6e9 * (Math.cos(PHASE * h(toUs)) - Math.cos(PHASE * h(fromUs)));
}

/** Mean rows per trace on a short pilot run: the first estimate, before real traces refine it. */
function pilotRowsPerTrace(sources: Map<string, FunctionSource>, seed: number): number {
  const sim = new TraceSimulator(createCatalog(), sources, new Rng(seed ^ 0x1b873593));
  const n = 2000;
  let rows = 0;
  for (let i = 0; i < n; i++) rows += sim.trace(1.7e15 + i * 1e6).rows;
  return rows / n;
}
