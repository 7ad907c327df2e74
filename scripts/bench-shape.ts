// `npx node scripts/bench-shape.ts --source FILE [--rows N] [--dir DIR] [--reps N] [--process NAME]`
// The Code Inspector's analysis operations alone (issue 14: each ≤ 50 ms at 10M rows), in this
// process, with CPU time beside wall time (the machine is shared): the busiest function's stats,
// 24 h history, latency histogram + heatmap and aggregated flame graph over the file's last 24 h
// (or another function's, --process).
// Generates FILE (demo data, --rows) if it does not exist and builds its sidecar in DIR once
// (kept between runs when --dir is given), then prints one line per operation and the sidecar's
// size per table.
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Ingest } from '../db/index/ingest.ts';
import { createDeferredIndexes, openSidecar } from '../db/index/sidecar.ts';
import { thresholdLookup } from '../db/index/stale-thresholds.ts';
import { queryFlameGraph } from '../db/query/flame-graph.ts';
import { queryFunctionHistory, queryFunctionStats } from '../db/query/function-stats.ts';
import { queryLatency } from '../db/query/latency.ts';
import { QueryContext } from '../db/query/query-context.ts';
import { openSource } from '../db/source/open-source.ts';
import { generateTraceDb } from '../main/demo/generate.ts';
import { flagsOrExit, numbersOrExit } from '../main/cli-args.ts';

const USAGE = 'usage: npx node scripts/bench-shape.ts --source FILE [--rows N] [--dir DIR] [--reps N] [--process NAME]';
const args = flagsOrExit(
  process.argv.slice(2),
  {
    source: { type: 'string' },
    rows: { type: 'string', default: '1000000' },
    dir: { type: 'string' },
    reps: { type: 'string', default: '9' },
    process: { type: 'string' },
  },
  USAGE,
);
const n = numbersOrExit(
  { rows: args.rows, reps: args.reps },
  { rows: { min: 1, int: true }, reps: { min: 1, int: true } },
  USAGE,
);
if (!args.source) {
  console.error(`--source is required\n${USAGE}`);
  process.exit(2);
}
const sourcePath = resolve(args.source);
if (!existsSync(sourcePath)) {
  const sourceDir = join(dirname(sourcePath), 'src');
  mkdirSync(sourceDir, { recursive: true });
  generateTraceDb({ path: sourcePath, rows: n.rows, sourceDir, seed: 7 });
}
const dir = args.dir ? resolve(args.dir) : mkdtempSync(join(tmpdir(), 'bench-shape-'));
const source = openSource(sourcePath);
const opened = openSidecar(dir, 'bench', source.db, sourcePath, source.schema);
if (opened.rebuiltBecause !== null || !args.dir) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const ingest = new Ingest(source.db, opened.db, source.schema, thresholdLookup([]));
  while (ingest.stepBulk(100_000).added > 0);
  ingest.endBulk();
  createDeferredIndexes(opened.db);
  const c = process.cpuUsage(cpu0);
  console.log(
    `sidecar built in ${((performance.now() - t0) / 1000).toFixed(1)} s, ${((c.user + c.system) / 1e6).toFixed(1)} CPU-s`,
  );
}
opened.db.pragma('wal_checkpoint(TRUNCATE)');
const sizes = opened.db
  .prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC')
  .all() as { name: string; bytes: number }[];
opened.db.close();
source.db.close();

const ctx = new QueryContext({
  db: 'bench',
  sourcePath,
  sidecarPath: opened.path,
  generation: opened.generation,
  schema: source.schema,
});
const side = new Database(opened.path, { readonly: true });
const busiest =
  args.process ??
  (side
    .prepare('SELECT process FROM series ORDER BY (SELECT count(*) FROM calls WHERE calls.s = series.id) DESC LIMIT 1')
    .pluck()
    .get() as string);
const to = (side.prepare('SELECT max(ts) FROM calls').pluck().get() as number) + 1;
side.close();
const range = { from: to - 86_400_000, to };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(name: string, fn: () => unknown): void {
  fn(); // warm the caches and statements, as a worker that has answered before
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < n.reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  console.log(
    `${name.padEnd(28)} median ${median(cpu).toFixed(1).padStart(7)} ms CPU ${median(wall).toFixed(1).padStart(7)} ms wall (min ${Math.min(...wall).toFixed(1)})`,
  );
}

console.log(`function ${busiest}; load ${loadavg()[0].toFixed(1)}`);
time('function_stats_24h', () => queryFunctionStats(ctx, { process: busiest, range }));
time('function_history_24h', () => queryFunctionHistory(ctx, { process: busiest, range }));
time('latency_histogram_24h', () => queryLatency(ctx, { process: busiest, range }));
time('flame_graph_24h', () => queryFlameGraph(ctx, { process: busiest, range }));
console.log(`load ${loadavg()[0].toFixed(1)}`);
const mb = (b: number) => (b / 1e6).toFixed(1);
const file = statSync(opened.path).size;
console.log(
  `sidecar ${mb(file)} MB: ${sizes
    .slice(0, 12)
    .map((s) => `${s.name} ${mb(s.bytes)}`)
    .join(', ')}`,
);
ctx.close();
if (!args.dir) rmSync(dir, { recursive: true, force: true });
