// `npm run bench -- [--rows N] [--rate rows/s] [--dir DIR] [--reps N] [--window seconds] [--fresh]`
// Builds (or reuses) a trace database of N rows, runs a live writer in another process, and
// measures every API operation as a client hits it (validation + worker round-trip), beside a
// naive query on data_trace for the same answer and the writer's commit latency with and
// without the inspector attached. Prints a table and one JSON object, then (unless --engine-only) the renderer's and the tracer's figures.
import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { InspectorEvents } from '../db/api/types.ts';
import { createHttpClient } from '../renderer/api/http-client.ts';
import { generateTraceDb } from '../main/demo/generate.ts';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    rate: { type: 'string', default: '2000' },
    dir: { type: 'string' },
    reps: { type: 'string', default: '15' },
    window: { type: 'string', default: '80' },
    fresh: { type: 'boolean', default: false },
    'engine-only': { type: 'boolean', default: false },
  },
});
const ROWS = Number(args.rows);
const RATE = Number(args.rate);
const REPS = Number(args.reps);
/** Each writer window: a p99 needs several hundred commits (10 a second) to mean anything. */
const WINDOW_MS = Number(args.window) * 1000;
const root = resolve(import.meta.dirname, '..');
const dir = resolve(args.dir ?? join(root, '.bench'));
const dbPath = join(dir, `bench-${ROWS}.db`);
const sourceDir = join(dir, 'src');
const writerScript = join(root, 'main', 'demo', 'live-writer.ts');
mkdirSync(dir, { recursive: true });

const figures: Record<string, number | string | boolean | null> = { rows: ROWS, rateRowsPerSec: RATE };
const table: [string, string, string, string][] = [];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

function record(name: string, samples: number[], target: number | null, baseline?: number) {
  const m = median(samples);
  figures[`${name}_ms`] = Number(m.toFixed(3));
  if (baseline !== undefined) {
    figures[`${name}_naive_ms`] = Number(baseline.toFixed(3));
    figures[`${name}_speedup`] = Number((baseline / m).toFixed(1));
  }
  const range = `${fmt(Math.min(...samples))}–${fmt(Math.max(...samples))}`;
  table.push([
    name,
    `${fmt(m)} (${range})`,
    target === null ? '' : `${m <= target ? 'ok' : 'MISS'} < ${target}`,
    baseline === undefined ? '' : `${fmt(baseline)} (${(baseline / m).toFixed(1)}×)`,
  ]);
}

async function time<T>(fn: () => Promise<T> | T, reps = REPS): Promise<{ samples: number[]; last: T }> {
  const samples: number[] = [];
  let last!: T;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    last = await fn();
    samples.push(performance.now() - t0);
  }
  return { samples, last };
}

/** The writer runs in its own process, as the user's app would; it reports commit latencies on SIGTERM. */
function startWriter(tracesPerSec: number): { child: ChildProcess; stop: () => Promise<Record<string, number>> } {
  const child = spawn(
    process.execPath,
    [writerScript, '--db', dbPath, '--rate', String(tracesPerSec), '--source-dir', sourceDir],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  return {
    child,
    stop: () =>
      new Promise((done) => {
        child.once('exit', () => {
          const line = out
            .trim()
            .split('\n')
            .filter((l) => l.startsWith('{'))
            .pop();
          done(line ? (JSON.parse(line) as Record<string, number>) : {});
        });
        child.kill('SIGTERM');
      }),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// 1. The database.
if (args.fresh || !existsSync(dbPath)) {
  for (const s of ['', '-wal', '-shm']) rmSync(dbPath + s, { force: true });
  const t0 = performance.now();
  generateTraceDb({ path: dbPath, rows: ROWS, sourceDir, seed: 7 });
  figures.generate_s = Number(((performance.now() - t0) / 1000).toFixed(1));
}
const raw = new Database(dbPath, { readonly: true });
const actualRows = Number(raw.prepare('SELECT max(rowid) FROM data_trace').pluck().get());
const traces = Number(
  raw
    .prepare('SELECT count(DISTINCT trace_id) FROM (SELECT trace_id FROM data_trace ORDER BY rowid DESC LIMIT 20000)')
    .pluck()
    .get(),
);
const rowsPerTrace = 20000 / Math.max(1, traces);
const tracesPerSec = Math.max(1, Math.round(RATE / rowsPerTrace));
figures.rowsInFile = actualRows;

// 2. Writer alone: its commit latency without the inspector.
console.error(`writer alone for ${WINDOW_MS / 1000} s at ~${RATE} rows/s (${tracesPerSec} traces/s)…`);
let w = startWriter(tracesPerSec);
await sleep(WINDOW_MS);
const alone = await w.stop();

// 3. Inspector attached: first build, then live tailing while the writer runs.
const dataDir = join(dir, 'inspector-data');
rmSync(dataDir, { recursive: true, force: true });
// The inspector runs as its own process (`serve`), as the desktop app's main process would, and
// the bench hits it through the HTTP transport with the renderer's client: what a user waits for,
// transport included, and an RSS that is the inspector's alone (the bench holds baseline
// connections and generated the file).
const t0 = performance.now();
// The bench fixes the server's token (TRACE_INSPECTOR_TOKEN), as any script would, and sends it as a Bearer header.
const token = randomBytes(32).toString('hex');
const server = spawn(
  process.execPath,
  [join(root, 'main', 'serve', 'serve-cli.ts'), dbPath, '--port', '0', '--data-dir', dataDir],
  { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TRACE_INSPECTOR_TOKEN: token } },
);
// Where the peak happens: the inspector's RSS sampled every 250 ms, the maximum kept per phase.
const rssByPhase = new Map<string, number>();
let phase = 'first index build';
const setPhase = (name: string) => (phase = name);
const sampler = setInterval(() => {
  try {
    const { rss } = memoryOf(server.pid!);
    rssByPhase.set(phase, Math.max(rssByPhase.get(phase) ?? 0, rss));
  } catch {
    // the process has exited
  }
}, 250);
const url = await new Promise<string>((done, fail) => {
  let out = '';
  server.stdout.on('data', (d) => {
    out += d;
    const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
    if (m) done(m[1]);
  });
  server.once('exit', (code) => fail(new Error(`serve exited (${code}): ${out}`)));
});
const api = createHttpClient({ baseUrl: url, token });
const engine = {
  async invoke<T = unknown>(op: string, input: Record<string, unknown>): Promise<T> {
    const res = await (
      api as unknown as Record<string, (i: unknown) => Promise<{ ok: boolean; value: T; error: { message: string } }>>
    )[op](input);
    if (!res.ok) throw new Error(`${op}: ${res.error.message}`);
    return res.value;
  },
  subscribe(db: string, listener: (event: string, payload: unknown) => void): () => void {
    const offs = (['rows', 'status', 'alert'] as const).map((e) =>
      api.on(e, db, (p: InspectorEvents[typeof e]) => listener(e, p)),
    );
    return () => offs.forEach((off) => off());
  },
};
/** Resident and peak resident memory of the inspector's process, from the kernel. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}
const db = (await engine.invoke<{ db: string }[]>('databases', {}))[0].db;
engine.subscribe(db, (event, payload) => {
  if (event === 'status') console.error(`database state: ${JSON.stringify(payload)}`);
});
while ((await engine.invoke<{ state: string }>('info', { db })).state !== 'live') await sleep(50);
figures.first_index_s = Number(((performance.now() - t0) / 1000).toFixed(2));
figures.first_index_rows_per_s = Math.round(actualRows / ((performance.now() - t0) / 1000));

console.error(`first index build: ${figures.first_index_s} s`);
setPhase('operations under a writer');
// 3a. API operations in a tight loop while the writer appends: on 2 cores this saturates the
// machine, so its commit latencies are reported apart ("under query load").
w = startWriter(tracesPerSec);
const attachedFrom = Date.now();
await sleep(1000);
const q = (op: string, input: Record<string, unknown>) => () => engine.invoke(op, { db, ...input });
const ops: [string, number[], number | null][] = [];
const op = async (name: string, fn: () => Promise<unknown>, target: number | null) =>
  ops.push([name, (await time(fn)).samples, target]);
await op('overview_1h', q('overview', { range: { preset: '1h' } }), 100);
await op('overview_24h', q('overview', { range: { preset: '24h' } }), 100);
await op('first_page', q('traces', { limit: 100 }), 30);
const groups = (await engine.invoke<{ groups: { group: string }[] }>('overview', { db })).groups.map((g) => g.group);
await op(
  'filtered_page',
  q('traces', { limit: 100, groups: [groups[0]], errorsOnly: true, range: { preset: '24h' } }),
  30,
);
// A page 1,000 pages deep: walk there by cursor once, then time that page.
let cursor: string | null = null;
for (let i = 0; i < 1000 && (i === 0 || cursor); i++)
  cursor = (
    await engine.invoke<{ nextCursor: string | null }>('traces', { db, limit: 100, ...(cursor ? { cursor } : {}) })
  ).nextCursor;
await op('page_1000_deep', q('traces', { limit: 100, cursor }), 30);
await op('search_process', q('traces', { limit: 100, search: 'charge' }), 200);
await op('count_errors_all', q('traceCount', { errorsOnly: true }), null);
const traceIds = raw
  .prepare('SELECT trace_id FROM data_trace WHERE rowid % 997 = 0 AND trace_id IS NOT NULL LIMIT 50')
  .pluck()
  .all() as string[];
let k = 0;
await op('trace_tree', () => engine.invoke('traceTree', { db, traceId: traceIds[k++ % traceIds.length] }), 20);
const busiest = (await engine.invoke<{ process: string }[]>('functions', { db }))[0].process;
figures.busiest_function = busiest;
figures.busiest_calls = (await engine.invoke<{ calls: number }>('functionStats', { db, process: busiest })).calls;
await op('function_stats_busiest', q('functionStats', { process: busiest, range: { preset: 'all' } }), 150);
await op('function_history_24h', q('functionHistory', { process: busiest }), null);
await op('functions_list', q('functions', {}), null);
await op('staleness', q('staleness', {}), null);
// Issue 13: filters on every column, slowest first, the Code Inspector's slow calls and go-to.
// Exact filters read the sidecar's indexes (target: first page ≤ 50 ms at 10M rows); "contains"
// reads the file under a 400 ms budget per answer (target: an answer ≤ 500 ms, with what it found).
const names = raw
  .prepare(
    'SELECT data, count(*) n FROM (SELECT data FROM data_trace WHERE rowid % 101 = 0) GROUP BY data ORDER BY n DESC',
  )
  .raw(true)
  .all() as [string, number][];
const commonName = names[0][0];
const rareName = names[names.length - 1][0];
figures.filter_names = `${commonName} / ${rareName}`;
const ALLR = { range: { preset: 'all' } };
await op(
  'filter_trace_id',
  () => engine.invoke('traces', { db, ...ALLR, traceId: traceIds[k++ % traceIds.length], limit: 100 }),
  50,
);
await op('filter_variable_common', q('traces', { ...ALLR, data: commonName, limit: 100 }), 50);
await op('filter_variable_rare', q('traces', { ...ALLR, data: rareName, limit: 100 }), 50);
await op('filter_status_ok_24h', q('traces', { range: { preset: '24h' }, status: 'OK', limit: 100 }), 50);
await op('filter_duration_over_1s', q('traces', { ...ALLR, minDurationMs: 1000, limit: 100 }), 50);
await op('filter_duration_band', q('traces', { ...ALLR, minDurationMs: 5, maxDurationMs: 6, limit: 100 }), 50);
await op(
  'filter_variable_errors_group',
  q('traces', { ...ALLR, data: commonName, errorsOnly: true, groups: [groups[0]], limit: 100 }),
  50,
);
await op('slowest_first_all', q('traces', { ...ALLR, order: 'slowest', limit: 100 }), 50);
await op('slowest_first_variable', q('traces', { ...ALLR, data: commonName, order: 'slowest', limit: 100 }), 50);
await op('count_variable_common', q('traceCount', { ...ALLR, data: commonName }), null);
await op('count_duration_over_1s', q('traceCount', { ...ALLR, minDurationMs: 1000 }), null);
// A needle from the middle of the file (half of it read before the first match) and one that is nowhere.
const midValue = (
  (raw
    .prepare('SELECT data_value FROM data_trace WHERE rowid >= ? AND length(data_value) >= 12 LIMIT 1')
    .pluck()
    .get(Math.floor(actualRows / 2)) as string | undefined) ?? 'x'
).slice(0, 12);
const contains = (needle: string) => async () => {
  const page = await engine.invoke<{ rows: unknown[]; searched: number }>('traces', {
    db,
    ...ALLR,
    valueContains: needle,
    limit: 100,
  });
  figures[`contains_rows_searched_${needle === midValue ? 'mid' : 'absent'}`] = page.searched;
  return page;
};
await op('contains_value_first_answer', contains(midValue), 500);
await op('contains_absent_first_answer', contains('zq-not-in-the-file-qz'), 500);
await op('contains_exception_first_answer', q('traces', { ...ALLR, exceptionContains: 'timeout', limit: 100 }), 500);
await op('function_calls_slowest_busiest', q('functionCalls', { process: busiest, ...ALLR, kind: 'slowest' }), 50);
await op('function_calls_errors_busiest', q('functionCalls', { process: busiest, ...ALLR, kind: 'errors' }), 50);
await op(
  'go_to_fuzzy',
  q('goTo', {
    query: busiest
      .split('.')
      .map((x) => x.slice(0, 3))
      .join(''),
  }),
  50,
);
await op(
  'go_to_trace_prefix',
  () => engine.invoke('goTo', { db, query: traceIds[k++ % traceIds.length].slice(0, 8) }),
  50,
);
// The SQL console's typical indexed question. Each statement runs in a process of its own (so
// Cancel can kill it): the round trip includes starting it; SQLite's own time is its runMs.
const slowestSql = `SELECT start_time, duration_ms, trace_id FROM calls WHERE process = '${busiest.replace(/'/g, "''")}' AND start_ms > now_ms() - 3600e3 ORDER BY duration_ms DESC LIMIT 20`;
const sqlRunMs: number[] = [];
await op(
  'sql_slowest_calls_1h',
  async () => sqlRunMs.push((await engine.invoke<{ runMs: number }>('sql', { db, sql: slowestSql })).runMs),
  null,
);
figures.sql_slowest_calls_1h_sqlite_ms = median(sqlRunMs);
await sleep(Math.max(1000, WINDOW_MS - (Date.now() - attachedFrom))); // as long a window as the writer had alone
const underLoad = await w.stop();

// 3b. The target's condition: the inspector attached, tailing, and refreshed as the UI does
// (overview and the first page once a second), for as long as the writer ran alone.
console.error(`writer with the inspector attached for ${WINDOW_MS / 1000} s…`);
setPhase('attached window');
w = startWriter(tracesPerSec);
for (const end = Date.now() + WINDOW_MS; Date.now() < end;) {
  await engine.invoke('overview', { db, range: { preset: '1h' } });
  await engine.invoke('traces', { db, limit: 100 });
  await sleep(1000);
}
const attached = await w.stop();

console.error('API operations measured');
// 3c. Commit → visible at the same write rate, with RSS sampled over the tail. The bench commits
// marked rows itself (a second writer, so this window is not used for commit latencies).
w = startWriter(tracesPerSec);
await sleep(1000);
const rssTailStart = memoryOf(server.pid!).rss;
setPhase('tail: commit → visible, row → alert');
const probe = new Database(dbPath);
probe.pragma('busy_timeout = 5000');
const insertProbe = probe.prepare(
  `INSERT INTO data_trace (process, data, data_type, data_value, timestamp, status, process_group) VALUES ('bench.probe', 'n', 'int', ?, ?, 'OK', 'bench')`,
);
const visible: number[] = [];
for (let i = 0; i < 40; i++) {
  if (i % 10 === 0) console.error(`probe ${i}`);
  // Visible = the API has indexed past the probe's rowid (an event lists at most 200 rows inline;
  // its maxId says how far the index has got).
  let probeId = Infinity;
  const c0 = performance.now();
  const seen = new Promise<number>((done) => {
    const timer = setTimeout(() => {
      off();
      done(c0 + 5000);
    }, 5000);
    const off = engine.subscribe(db, (event, payload) => {
      if (event === 'rows' && (payload as { maxId: number }).maxId >= probeId) {
        clearTimeout(timer);
        off();
        done(performance.now());
      }
    });
  });
  probeId = Number(insertProbe.run(String(i), new Date().toISOString()).lastInsertRowid);
  visible.push((await seen) - c0);
  await sleep(200);
}
// Row → alert: a variable that repeats 6 times (the default rule fires above 5), committed in one
// transaction, until the `alert` event for it arrives (target: within 2 s).
const insertStuck = probe.prepare(
  `INSERT INTO data_trace (process, data, data_type, data_value, timestamp, status, process_group) VALUES (?, 'v', 'str', 'same', ?, 'OK', 'bench')`,
);
const fired: number[] = [];
for (let i = 0; i < 10; i++) {
  const subject = `bench.stuck.${Date.now()}.${i} · v`;
  const c0 = performance.now();
  const seen = new Promise<number>((done) => {
    const timer = setTimeout(() => (off(), done(c0 + 5000)), 5000);
    const off = engine.subscribe(db, (event, payload) => {
      const alert = (payload as { alert?: { subject: string; state: string } }).alert;
      if (event === 'alert' && alert?.subject === subject && alert.state === 'firing') {
        clearTimeout(timer);
        off();
        done(performance.now());
      }
    });
  });
  probe.transaction(() => {
    for (let k = 0; k < 6; k++) insertStuck.run(subject.split(' · ')[0], new Date().toISOString());
  })();
  fired.push((await seen) - c0);
  await sleep(300);
}
const rssTailEnd = memoryOf(server.pid!).rss;
await w.stop();
probe.close();
const peakRss = memoryOf(server.pid!).peak;
clearInterval(sampler);
await new Promise((done) => {
  server.once('exit', done);
  server.kill('SIGTERM');
});
record('commit_to_visible', visible, 300);
record('row_to_alert', fired, 2000);

// 4. The same answers the naive way, straight on data_trace (no writer, no inspector running).
const naive = async (fn: () => unknown) => median((await time(fn, 3)).samples);
const base: Record<string, number> = {
  overview_24h: await naive(() =>
    raw
      .prepare(
        `SELECT process_group, count(*), sum(status = 'ERROR') FROM data_trace WHERE timestamp >= ? GROUP BY process_group`,
      )
      .all(new Date(Date.now() - 86_400_000).toISOString().slice(0, 19)),
  ),
  page_1000_deep: await naive(() =>
    raw.prepare('SELECT * FROM data_trace ORDER BY timestamp DESC LIMIT 100 OFFSET 100000').all(),
  ),
  search_process: await naive(() =>
    raw.prepare(`SELECT * FROM data_trace WHERE process LIKE '%charge%' ORDER BY timestamp DESC LIMIT 100`).all(),
  ),
  count_errors_all: await naive(() =>
    raw.prepare(`SELECT count(*) FROM data_trace WHERE lower(status) = 'error'`).pluck().get(),
  ),
  trace_tree: await naive(() => raw.prepare('SELECT * FROM data_trace WHERE trace_id = ?').all(traceIds[0])),
  sql_slowest_calls_1h: await naive(() =>
    raw
      .prepare(
        'SELECT timestamp, duration_ms, trace_id FROM data_trace WHERE process = ? AND timestamp >= ? ORDER BY duration_ms DESC LIMIT 20',
      )
      .all(busiest, new Date(Date.now() - 3_600_000).toISOString().slice(0, 19)),
  ),
  function_stats_busiest: await naive(() => {
    const d = raw
      .prepare('SELECT duration_ms FROM data_trace WHERE process = ? AND duration_ms IS NOT NULL ORDER BY duration_ms')
      .pluck()
      .all(busiest) as number[];
    return [d[Math.ceil(0.5 * d.length) - 1], d[Math.ceil(0.95 * d.length) - 1], d[Math.ceil(0.99 * d.length) - 1]];
  }),
};
raw.close();
for (const [name, samples, target] of ops) record(name, samples, target, base[name]);

figures.writer_p50_alone_ms = alone.commitP50Ms ?? null;
figures.writer_p99_alone_ms = alone.commitP99Ms ?? null;
figures.writer_p50_attached_ms = attached.commitP50Ms ?? null;
figures.writer_p99_attached_ms = attached.commitP99Ms ?? null;
figures.writer_p99_ratio =
  alone.commitP99Ms && attached.commitP99Ms ? Number((attached.commitP99Ms / alone.commitP99Ms).toFixed(2)) : null;
figures.writer_commits_alone = alone.commits ?? null;
figures.writer_commits_attached = attached.commits ?? null;
figures.writer_p50_under_query_load_ms = underLoad.commitP50Ms ?? null;
figures.writer_p99_under_query_load_ms = underLoad.commitP99Ms ?? null;
figures.writer_busy_under_query_load = underLoad.busyErrors ?? null;
figures.writer_busy_alone = alone.busyErrors ?? null;
figures.writer_busy_attached = attached.busyErrors ?? null;
figures.peak_rss_mb = Math.round(peakRss / 2 ** 20);
figures.rss_tail_start_mb = Math.round(rssTailStart / 2 ** 20);
figures.rss_tail_end_mb = Math.round(rssTailEnd / 2 ** 20);

table.push([
  'writer p50 / p99 commit, alone',
  `${alone.commitP50Ms} / ${alone.commitP99Ms} ms (${alone.commits} commits)`,
  '',
  '',
]);
table.push([
  'writer p50 / p99 commit, attached',
  `${attached.commitP50Ms} / ${attached.commitP99Ms} ms (${attached.commits} commits)`,
  `${figures.writer_p99_ratio !== null && Number(figures.writer_p99_ratio) <= 1.2 ? 'ok' : 'MISS'} p99 ≤ 1.2× (${figures.writer_p99_ratio}×)`,
  '',
]);
table.push([
  'writer p50 / p99 commit, under query load',
  `${underLoad.commitP50Ms} / ${underLoad.commitP99Ms} ms (${underLoad.commits} commits)`,
  '(informative)',
  '',
]);
table.push([
  'writer SQLITE_BUSY (alone / attached / load)',
  `${alone.busyErrors} / ${attached.busyErrors} / ${underLoad.busyErrors}`,
  attached.busyErrors === 0 && underLoad.busyErrors === 0 ? 'ok = 0' : 'MISS = 0',
  '',
]);
table.push([
  'peak RSS of the inspector process',
  `${figures.peak_rss_mb} MB`,
  `${Number(figures.peak_rss_mb) < 300 ? 'ok' : 'MISS'} < 300`,
  '',
]);
table.push([
  'peak RSS sampled per phase',
  [...rssByPhase].map(([name, b]) => `${name} ${Math.round(b / 2 ** 20)}`).join(', ') + ' MB',
  '',
  '',
]);
table.push(['RSS over the tail (start → end)', `${figures.rss_tail_start_mb} → ${figures.rss_tail_end_mb} MB`, '', '']);
table.push(['sql_slowest_calls_1h in SQLite (runMs)', `${figures.sql_slowest_calls_1h_sqlite_ms} ms`, '', '']);
table.push(['first index build', `${figures.first_index_s} s (${figures.first_index_rows_per_s} rows/s)`, '', '']);

const widths = [0, 1, 2, 3].map((i) =>
  Math.max(
    ...[['operation', 'median ms (min–max)', 'target', 'naive on data_trace'], ...table].map((r) => r[i].length),
  ),
);
const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
console.log(
  `Trace Inspector bench: ${actualRows.toLocaleString('en')} rows, writer ~${RATE} rows/s, ${REPS} reps per operation`,
);
console.log(line(['operation', 'median ms (min–max)', 'target', 'naive on data_trace']));
for (const r of table) console.log(line(r));
console.log(JSON.stringify(figures));

// The renderer's figures (Overview visible after a tab switch, in Chromium) on the same database.
if (!args['engine-only']) {
  console.log('\nRenderer (scripts/bench-ui.ts):');
  spawnSync(process.execPath, [join(root, 'scripts', 'bench-ui.ts'), '--rows', String(ROWS)], { stdio: 'inherit' });
  console.log('\nTracer (scripts/bench-tracer.ts):');
  spawnSync(process.execPath, [join(root, 'scripts', 'bench-tracer.ts')], { stdio: 'inherit' });
}
