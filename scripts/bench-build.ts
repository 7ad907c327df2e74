// `npx node scripts/bench-build.ts --source FILE [--rows N] [--chunk N] [--every N] [--dir DIR]`
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

const USAGE = 'usage: npx node scripts/bench-build.ts --source FILE [--rows N] [--chunk N] [--every N] [--dir DIR]';
const args = flagsOrExit(
  process.argv.slice(2),
  {
    rows: { type: 'string', default: '1000000000' },
    chunk: { type: 'string', default: '100000' },
    every: { type: 'string', default: '1000000' },
    dir: { type: 'string' },
    source: { type: 'string' },
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
const ingest = new Ingest(source.db, side, source.schema, thresholdLookup([]));

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

const times = new Map<string, number>();
const add = (k: string, ms: number) => times.set(k, (times.get(k) ?? 0) + ms);
type Timed = { run: (...a: unknown[]) => unknown; all: (...a: unknown[]) => unknown };
function wrap(name: string, stmt: Timed): void {
  for (const m of ['run', 'all'] as const) {
    const f = stmt[m].bind(stmt);
    stmt[m] = (...a: unknown[]) => {
      const t = performance.now();
      try {
        return f(...a);
      } finally {
        add(name, performance.now() - t);
      }
    };
  }
}

let done = 0;
let sliceStart = performance.now();
let sliceCpu = process.cpuUsage();
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let wrapped = false;
for (;;) {
  const t = performance.now();
  const r = ingest.stepBulk(Math.min(n.chunk, n.rows - done));
  add('(chunk)', performance.now() - t);
  const bulk = (ingest as unknown as { bulk: Record<string, unknown> | null }).bulk;
  if (bulk && !wrapped) {
    wrapped = true;
    for (const [k, s] of Object.entries(bulk.stmts as Record<string, Timed>)) wrap(k, s);
    (bulk.callRollup as Timed[]).forEach((s, i) => wrap(`callRollup${i}`, s));
    for (const k of ['read', 'load_', 'loadValues']) wrap(k, bulk[k] as Timed);
    // The flame rollup's minutes (flame-rollup.ts): statements and a walk in JS, timed as one.
    const flame = bulk.flameRollup as (callsBefore: number) => void;
    bulk.flameRollup = (callsBefore: number) => {
      const t = performance.now();
      try {
        flame(callsBefore);
      } finally {
        add('flameRollup', performance.now() - t);
      }
    };
  }
  done += r.added;
  const end = r.added === 0 || done >= n.rows;
  if (done % n.every < r.added || end) {
    const ms = performance.now() - sliceStart;
    const c = process.cpuUsage(sliceCpu);
    const chunk = times.get('(chunk)') ?? 0;
    times.delete('(chunk)');
    const top = [...times].sort((a, b) => b[1] - a[1]).slice(0, 9);
    console.log(
      `${done.toLocaleString('en-US')} rows: ${(ms / 1000).toFixed(1)} s wall, ${((c.user + c.system) / 1e6).toFixed(1)} CPU-s, chunks ${(chunk / 1000).toFixed(1)} s; ` +
        top.map(([k, v]) => `${k} ${(v / 1000).toFixed(2)}`).join(', ') +
        `; ${(written() / 1e9).toFixed(2)} GB written so far (load ${loadavg()[0].toFixed(1)})`,
    );
    times.clear();
    sliceStart = performance.now();
    sliceCpu = process.cpuUsage();
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
  `${(written() / 1e9).toFixed(2)} GB written, peak RSS ${peakBuild.toFixed(0)} MB in the build, ${peakMb().toFixed(0)} MB after its indexes; total ${done.toLocaleString('en-US')} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s (end of build ${(endMs / 1000).toFixed(1)} s), ${((c.user + c.system) / 1e6).toFixed(1)} CPU-s, load ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
side.close();
source.db.close();
if (!args.dir) rmSync(dir, { recursive: true, force: true });
