// `npx node scripts/bench-catch-up.ts --source FILE [--append N] [--dir DIR] [--runs N]`
// A reopen after the inspector was closed while the writer went on (issue 14: live and answering
// ≤ 1 s): a private copy of FILE is indexed once (kept in DIR/base), then each run copies that
// file and index, appends N demo rows (seed 99, after the file's last timestamp) and opens it in
// a fresh process with the engine (serve's bundled threads when built), timing the first page,
// the catch-up and its peak RSS. Copies stay in DIR (default .bench-catch-up/) for the next run.
// Indexes are keyed by the file's path: the file is built and reopened at one path (DIR/run), and
// DIR/base holds the built pair put back before each run.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../db/engine/engine.ts';
import { generateTraceDb } from '../main/demo/generate.ts';
import { bundledWorkers } from '../main/serve/bundled-workers.ts';
import { flagsOrExit, numbersOrExit } from '../main/cli-args.ts';

const USAGE = 'usage: npx node scripts/bench-catch-up.ts --source FILE [--append N] [--dir DIR] [--runs N]';
const args = flagsOrExit(
  process.argv.slice(2),
  {
    source: { type: 'string' },
    append: { type: 'string', default: '200000' },
    dir: { type: 'string' },
    runs: { type: 'string', default: '1' },
    phase: { type: 'string', default: 'all' },
  },
  USAGE,
);
const n = numbersOrExit(
  { append: args.append, runs: args.runs },
  { append: { min: 0, int: true }, runs: { min: 1, int: true } },
  USAGE,
);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = resolve(args.dir ?? join(root, '.bench-catch-up'));
const base = join(dir, 'base');
const run = join(dir, 'run');
const file = (d: string) => join(d, 'traces.db');
const dataDir = (d: string) => join(d, 'data');

const engineFor = (d: string) =>
  new Engine({ dataDir: dataDir(d), configDir: join(d, 'config'), workers: bundledWorkers(root) });

function status(field: string): number {
  return (
    Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function untilLive(engine: Engine, db: string): Promise<void> {
  while ((await engine.invoke('info', { db })).state !== 'live') await sleep(10);
}

/** Child process: the first build of run's copy. */
async function build(): Promise<void> {
  const engine = engineFor(run);
  const t0 = performance.now();
  const { db } = await engine.invoke('open', { path: file(run) });
  await untilLive(engine, db);
  console.log(
    `built the base index in ${((performance.now() - t0) / 1000).toFixed(1)} s, peak RSS ${status('VmHWM').toFixed(0)} MB`,
  );
  await engine.shutdown();
}

/** Child process: a reopen of run's copy, timed. */
async function reopen(): Promise<void> {
  const engine = engineFor(run);
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, status('VmRSS'))), 50);
  const progress: { at: number; indexed: number; building: boolean }[] = [];
  const t0 = performance.now();
  engine.subscribe(null, (event, p) => {
    if (event === 'progress') {
      const e = p as { indexedRows: number; building: boolean };
      progress.push({ at: performance.now() - t0, indexed: e.indexedRows, building: e.building });
    }
  });
  const opened = await engine.invoke('open', { path: file(run) });
  const openMs = performance.now() - t0;
  const page = await engine.invoke('traces', { db: opened.db, limit: 100 });
  const pageMs = performance.now() - t0;
  await untilLive(engine, opened.db);
  const liveMs = performance.now() - t0;
  const cpu = process.cpuUsage();
  clearInterval(sampler);
  const gaps = progress.slice(1).map((p, i) => p.at - progress[i].at);
  console.log(
    JSON.stringify({
      open_ms: Math.round(openMs),
      page_ms: Math.round(pageMs),
      page_partial: (page as { partial?: boolean }).partial ?? null,
      live_ms: Math.round(liveMs),
      rows_per_s: Math.round((n.append / liveMs) * 1000),
      progress_events: progress.length,
      building_events: progress.filter((p) => p.building).length,
      longest_progress_gap_ms: Math.round(Math.max(0, ...gaps)),
      peak_rss_mb: Math.round(Math.max(peak, status('VmHWM'))),
      rss_live_mb: Math.round(status('VmRSS')),
      cpu_s: +((cpu.user + cpu.system) / 1e6).toFixed(2),
      load: loadavg()[0],
    }),
  );
  await engine.shutdown();
}

/** The demo rows written while the inspector was closed: a later hour of another seed's traffic. */
function append(path: string, rows: number): void {
  const gen = join(dir, 'append.db');
  const db = new Database(path);
  try {
    const last = db.prepare('SELECT timestamp FROM data_trace ORDER BY rowid DESC LIMIT 1').pluck().get() as string;
    const lastMs = Date.parse(last.endsWith('Z') ? last : `${last}Z`);
    if (!existsSync(gen))
      generateTraceDb({
        path: gen,
        rows,
        seed: 99,
        endTs: lastMs + 3_600_000,
        spanMs: 3_600_000,
        sourceDir: join(dir, 'append-src'),
      });
    const cols = (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('data_trace') as string[]).filter(
      (c) => c !== 'id',
    );
    const list = cols.map((c) => `"${c}"`).join(', ');
    db.exec(`ATTACH '${gen}' AS gen`);
    db.exec(`INSERT INTO main.data_trace(${list}) SELECT ${list} FROM gen.data_trace ORDER BY rowid`);
    db.exec('DETACH gen');
  } finally {
    db.close();
  }
}

function child(phase: string): void {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...process.argv.slice(2), '--phase', phase], {
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (args.phase === 'build') await build();
else if (args.phase === 'reopen') await reopen();
else {
  if (!existsSync(dataDir(base))) {
    if (!args.source) {
      console.error(`--source is required for the first run\n${USAGE}`);
      process.exit(2);
    }
    rmSync(run, { recursive: true, force: true });
    mkdirSync(run, { recursive: true });
    // SQLite's backup: a consistent copy of a file that may have a WAL beside it.
    const src = new Database(resolve(args.source), { readonly: true });
    await src.backup(file(run));
    src.close();
    child('build');
    cpSync(run, base, { recursive: true });
  }
  for (let i = 0; i < n.runs; i++) {
    rmSync(run, { recursive: true, force: true });
    cpSync(base, run, { recursive: true });
    append(file(run), n.append);
    console.log(`run ${i + 1}: ${n.append.toLocaleString('en-US')} rows appended; load ${loadavg()[0].toFixed(2)}`);
    child('reopen');
  }
}
