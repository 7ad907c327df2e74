// `npx node scripts/bench-build.ts --source FILE [--rows N] [--chunk N] [--every N] [--dir DIR] [--inline-read]`
// The first index build alone, in this process, with the time of each statement of a bulk chunk
// (BulkIngest.apply) per slice of rows: where a 10M-row build spends its time as the index grows
// (issue 14). Prints one line per slice (rows/s, CPU-s, the costliest statements) and a total.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { Ingest } from '../db/index/ingest.ts';
import { createDeferredIndexes, openSidecar } from '../db/index/sidecar.ts';
import { thresholdLookup } from '../db/index/stale-thresholds.ts';
import { openSource } from '../db/source/open-source.ts';
import { flagsOrExit, numbersOrExit } from '../main/cli-args.ts';

const USAGE =
  'usage: npx node scripts/bench-build.ts --source FILE [--rows N] [--chunk N] [--every N] [--dir DIR] [--inline-read]';
const args = flagsOrExit(
  process.argv.slice(2),
  {
    rows: { type: 'string', default: '1000000000' },
    chunk: { type: 'string', default: '100000' },
    every: { type: 'string', default: '1000000' },
    dir: { type: 'string' },
    source: { type: 'string' },
    'inline-read': { type: 'boolean', default: false },
  },
  USAGE,
);
const n = numbersOrExit(
  { rows: args.rows, chunk: args.chunk, every: args.every },
  { rows: { min: 1, int: true }, chunk: { min: 1, int: true }, every: { min: 1, int: true } },
  USAGE,
);
if (!args.source) {
  console.error(`--source is required\n${USAGE}`);
  process.exit(2);
}
const sourcePath = resolve(args.source);
const dir = args.dir ? resolve(args.dir) : mkdtempSync(join(tmpdir(), 'bench-build-'));
const source = openSource(sourcePath);
source.db.pragma('cache_size = -2000');
const side = openSidecar(dir, 'bench', source.db, sourcePath, source.schema).db;
const ingest = new Ingest(source.db, side, source.schema, thresholdLookup([]), { readerThread: !args['inline-read'] });

/** Bytes this process has written so far (Linux): the index's WAL and checkpoints, which grew with the index when random inserts missed the cache. */
function written(): number {
  try {
    return Number(/^wchar: (\d+)/m.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

/** Peak resident memory of this process so far, in MB (Linux). */
function peakMb(): number {
  try {
    return Number(/^VmHWM:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
}

/**
 * This thread's CPU time in ms: statements are timed by it, so their figures hold on a shared,
 * loaded machine where wall time mostly measures waiting for a core. The indexer thread's CPU is
 * the build's critical path: its wall time on a machine with a core free for the reader thread.
 */
function cpuMs(): number {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
}

const times = new Map<string, number>();
const add = (k: string, ms: number) => times.set(k, (times.get(k) ?? 0) + ms);
type Timed = {
  run: (...a: unknown[]) => unknown;
  all: (...a: unknown[]) => unknown;
  get: (...a: unknown[]) => unknown;
};
function wrap(name: string, stmt: Timed): void {
  for (const m of ['run', 'all', 'get'] as const) {
    const f = stmt[m].bind(stmt);
    stmt[m] = (...a: unknown[]) => {
      const t = cpuMs();
      try {
        return f(...a);
      } finally {
        add(name, cpuMs() - t);
      }
    };
  }
}

let done = 0;
let sliceStart = performance.now();
let sliceCpu = process.cpuUsage();
let sliceThread = cpuMs() / 1000;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const thread0 = cpuMs() / 1000;
// A chunk of no rows makes the bulk path's statements (and starts its reader thread), so the
// first real chunk is timed statement by statement too.
ingest.stepBulk(0);
{
  const bulk = (ingest as unknown as { bulk: Record<string, unknown> }).bulk;
  for (const [k, s] of Object.entries(bulk.stmts as Record<string, Timed>)) wrap(k, s);
  (bulk.callRollup as Timed[]).forEach((s, i) => wrap(`callRollup${i}`, s));
  (bulk.callParents as Timed[]).forEach((s, i) => wrap(`callParents${i}`, s));
  for (const k of ['load_', 'maxRowid']) wrap(k, bulk[k] as Timed);
  // The flame rollup's minutes (flame-rollup.ts): statements and a walk in JS, timed as one.
  const flame = bulk.flameRollup as (callsBefore: number) => void;
  bulk.flameRollup = (callsBefore: number) => {
    const t = cpuMs();
    try {
      flame(callsBefore);
    } finally {
      add('flameRollup', cpuMs() - t);
    }
  };
  // The source reads: on this thread with --inline-read, else the time spent waiting for the reader thread.
  const reader = bulk.reader as { next: (...a: unknown[]) => unknown };
  const next = reader.next.bind(reader);
  reader.next = (...a: unknown[]) => {
    const t = cpuMs();
    try {
      return next(...a);
    } finally {
      add('read', cpuMs() - t);
    }
  };
}
times.clear();
for (;;) {
  const t = cpuMs();
  const r = ingest.stepBulk(Math.min(n.chunk, n.rows - done));
  add('(chunk)', cpuMs() - t);
  done += r.added;
  const end = r.added === 0 || done >= n.rows;
  if (done % n.every < r.added || end) {
    const ms = performance.now() - sliceStart;
    const c = process.cpuUsage(sliceCpu);
    const chunk = times.get('(chunk)') ?? 0;
    times.delete('(chunk)');
    // Every statement over 0.1 s, the top 15 at most; what the chunks took beyond them is JS and
    // statements not wrapped (heartbeats, meta).
    const top = [...times]
      .sort((a, b) => b[1] - a[1])
      .filter(([, v]) => v >= 100)
      .slice(0, 15);
    const listed = [...times.values()].reduce((a, b) => a + b, 0);
    console.log(
      `${done.toLocaleString('en-US')} rows: ${(ms / 1000).toFixed(1)} s wall, ${((c.user + c.system) / 1e6).toFixed(1)} CPU-s (indexer thread ${(cpuMs() / 1000 - sliceThread).toFixed(1)}), chunks ${(chunk / 1000).toFixed(1)} CPU-s of this thread: ` +
        top.map(([k, v]) => `${k} ${(v / 1000).toFixed(2)}`).join(', ') +
        `, rest ${((chunk - listed) / 1000).toFixed(2)}` +
        `; ${(written() / 1e9).toFixed(2)} GB written so far (load ${loadavg()[0].toFixed(1)})`,
    );
    times.clear();
    sliceStart = performance.now();
    sliceCpu = process.cpuUsage();
    sliceThread = cpuMs() / 1000;
  }
  if (end) break;
}
const t = performance.now();
const peakBuild = peakMb();
ingest.endBulk();
createDeferredIndexes(side); // as LiveIndex does once the build has read every row
const endMs = performance.now() - t;
const c = process.cpuUsage(cpu0);
console.log(
  `${(written() / 1e9).toFixed(2)} GB written, peak RSS ${peakBuild.toFixed(0)} MB in the build, ${peakMb().toFixed(0)} MB after its indexes; total ${done.toLocaleString('en-US')} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s (end of build ${(endMs / 1000).toFixed(1)} s), ${((c.user + c.system) / 1e6).toFixed(1)} CPU-s (indexer thread ${(cpuMs() / 1000 - thread0).toFixed(1)}), load ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
side.close();
source.db.close();
if (!args.dir) rmSync(dir, { recursive: true, force: true });
