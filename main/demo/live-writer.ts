// A tracer writing "now": new traces arrive at tracesPerSec, each row is committed once its moment
// has passed (a call's arguments when it starts, its result when it ends), one transaction every
// commitEveryMs, and a writer_status heartbeat every second.
//
// Runs in-process (startLiveWriter) or as its own process, so a benchmark can load the inspector
// against a writer it does not share an event loop with:
//   node main/demo/live-writer.ts --db path --rate N --source-dir dir [--seed S] [--commit-ms M]
// On SIGTERM/SIGINT it prints one JSON line of LiveWriterStats to stdout and exits 0.

import Database from 'better-sqlite3';
import { parseArgs } from 'node:util';
import { createCatalog } from './catalog.ts';
import { EventQueue } from './event-queue.ts';
import { HeartbeatModel, type Heartbeat } from './heartbeat.ts';
import { nowMicros } from './iso-time.ts';
import { Rng } from './rng.ts';
import { writeSourceFiles } from './source-files.ts';
import { RowInserter, ensureSchema } from './trace-table.ts';
import { TraceSimulator, type Row } from './trace-sim.ts';

export interface LiveWriterOptions {
  path: string;
  /** New traces per second (default 20, about 500 rows/s). */
  tracesPerSec?: number;
  /** Default: from the clock, so two runs on one file never reuse trace ids. */
  seed?: number;
  sourceDir: string;
  commitEveryMs?: number;
  /**
   * How long a commit waits for a lock held by another writer before counting a busy error. Kept
   * short: better-sqlite3 waits synchronously, so in-process this stalls the host's event loop.
   */
  busyTimeoutMs?: number;
}

export interface LiveWriterStats {
  commits: number;
  rows: number;
  traces: number;
  heartbeats: number;
  /** Commits that failed with SQLITE_BUSY/LOCKED; their rows were retried on the next tick. */
  busyErrors: number;
  /** Rows due but not yet committed (non-zero only after busy errors). */
  pendingRows: number;
  /** BEGIN…COMMIT wall time, over the last LATENCY_WINDOW commits. */
  commitP50Ms: number | null;
  commitP99Ms: number | null;
  commitMaxMs: number | null;
  uptimeMs: number;
  /** Set when a non-busy error stopped the writer. */
  error: string | null;
}

export interface LiveWriter {
  stop: () => void;
  stats: () => LiveWriterStats;
}

const LATENCY_WINDOW = 100_000;
const HEARTBEAT_EVERY_US = 1e6;

export function startLiveWriter(opts: LiveWriterOptions): LiveWriter {
  const rate = opts.tracesPerSec ?? 20;
  const commitEveryMs = opts.commitEveryMs ?? 100;
  const seed = opts.seed ?? (Date.now() ^ (process.pid << 16)) >>> 0;
  const sources = writeSourceFiles(opts.sourceDir);

  const db = new Database(opts.path, { timeout: opts.busyTimeoutMs ?? 250 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  ensureSchema(db);
  const insert = new RowInserter(db);
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');

  const r = new Rng(seed);
  const sim = new TraceSimulator(createCatalog(), sources, r);
  const beats = new HeartbeatModel(new Rng(seed ^ 0x68e31da4));
  const queue = new EventQueue();
  const started = performance.now();
  const meanGapUs = 1e6 / rate;
  let nextTraceUs = nowMicros() + r.exponential(meanGapUs);
  let nextBeatUs = nowMicros();
  let pending: Row[] = [];
  let pendingBeats: { at: number; hb: Heartbeat }[] = [];
  const latencies = new Float64Array(LATENCY_WINDOW);
  const s = { commits: 0, rows: 0, traces: 0, heartbeats: 0, busyErrors: 0, error: null as string | null };
  let stopped = false;

  const tick = () => {
    const now = nowMicros();
    // After a stall (a suspended laptop, a blocked event loop) carry on from now: replaying the
    // missed traffic would write minutes of traces in one burst.
    if (now - nextTraceUs > 5e6) nextTraceUs = now;
    for (; nextTraceUs <= now; nextTraceUs += r.exponential(meanGapUs)) {
      for (const ev of sim.trace(Math.round(nextTraceUs)).events) queue.push(ev);
      s.traces++;
    }
    queue.drain(now + 1, (ev) => {
      for (const row of ev.rows) pending.push(row);
    });
    if (now >= nextBeatUs) {
      pendingBeats.push({ at: now, hb: beats.next() });
      // Likewise one heartbeat after a stall, not one per missed second.
      nextBeatUs = Math.max(nextBeatUs + HEARTBEAT_EVERY_US, now);
    }
    if (pending.length === 0 && pendingBeats.length === 0) return;

    const t0 = performance.now();
    try {
      begin.run();
      for (const row of pending) insert.add(row);
      insert.flush();
      for (const b of pendingBeats) insert.addHeartbeat(b.at, b.hb);
      commit.run();
    } catch (err) {
      insert.discard();
      if (db.inTransaction) db.exec('ROLLBACK');
      const code = (err as { code?: string }).code ?? '';
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
        s.busyErrors++;
        return; // keep the batch; the next tick retries it with whatever arrived since
      }
      s.error = (err as Error).message;
      console.error(`live writer stopped: ${s.error}`);
      stop();
      return;
    }
    latencies[s.commits % LATENCY_WINDOW] = performance.now() - t0;
    s.commits++;
    s.rows += pending.length;
    s.heartbeats += pendingBeats.length;
    pending = [];
    pendingBeats = [];
  };

  const timer = setInterval(tick, commitEveryMs);

  const stats = (): LiveWriterStats => {
    const n = Math.min(s.commits, LATENCY_WINDOW);
    const sorted = latencies.slice(0, n).sort();
    const q = (p: number) => (n === 0 ? null : round3(sorted[Math.min(n - 1, Math.floor(p * n))]));
    return {
      commits: s.commits,
      rows: s.rows,
      traces: s.traces,
      heartbeats: s.heartbeats,
      busyErrors: s.busyErrors,
      pendingRows: pending.length,
      commitP50Ms: q(0.5),
      commitP99Ms: q(0.99),
      commitMaxMs: n === 0 ? null : round3(sorted[n - 1]),
      uptimeMs: Math.round(performance.now() - started),
      error: s.error,
    };
  };

  function stop(): void {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    // Commit what is already due; calls still "running" are never finished, as when an app is killed.
    if (s.error === null) tick();
    db.close();
  }

  return { stop, stats };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function main(): void {
  const usage =
    'usage: node main/demo/live-writer.ts --db path --source-dir dir [--rate traces/s] [--seed S] [--commit-ms M]';
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        db: { type: 'string' },
        rate: { type: 'string' },
        'source-dir': { type: 'string' },
        seed: { type: 'string' },
        'commit-ms': { type: 'string' },
      },
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    process.exit(2);
  }
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  if (
    !values.db ||
    !values['source-dir'] ||
    [values.rate, values.seed, values['commit-ms']].some((v) => v !== undefined && !Number.isFinite(Number(v)))
  ) {
    console.error(usage);
    process.exit(2);
  }
  const writer = startLiveWriter({
    path: values.db,
    sourceDir: values['source-dir'],
    tracesPerSec: num(values.rate),
    seed: num(values.seed),
    commitEveryMs: num(values['commit-ms']),
  });
  console.error(
    `live-writer: appending to ${values.db} (pid ${process.pid}); SIGTERM or Ctrl-C stops and prints stats`,
  );
  const finish = () => {
    writer.stop();
    console.log(JSON.stringify(writer.stats()));
    process.exit(0);
  };
  process.once('SIGTERM', finish);
  process.once('SIGINT', finish);
}

if (import.meta.main) main();
