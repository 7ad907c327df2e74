// `node --expose-gc scripts/bench-interop.ts [--rows N] [--requests N] [--formats csv,jsonl,chrome,otlp]`
// Interoperability figures: OTLP/HTTP ingest throughput (spans/s, 512-span requests as the SDK's
// BatchSpanProcessor sends them, JSON and protobuf, encoded by the official serializers), and
// streaming exports of N rows (default 1M): rows/s and the process's peak RSS growth while
// exporting (all threads: the engine's workers run in this process). Prints a table, then one
// JSON object as the last line.
import { SpanKind, context, trace } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Engine } from '../db/engine/engine.ts';
import { exportTraces } from '../db/export/stream-export.ts';
import type { ExportFormat } from '../db/export/export-request.ts';
import { OtlpStore } from '../db/otlp/otlp-store.ts';
import { startOtlpReceiver } from '../main/serve/otlp-receiver.ts';
import { flagsOrExit, numbersOrExit } from '../main/cli-args.ts';

const USAGE =
  'usage: node --expose-gc scripts/bench-interop.ts [--rows N] [--requests N] [--formats csv,jsonl,chrome,otlp]';
const args = flagsOrExit(
  process.argv.slice(2),
  {
    rows: { type: 'string', default: '1000000' },
    requests: { type: 'string', default: '200' },
    formats: { type: 'string', default: 'csv,jsonl,chrome,otlp' },
  },
  USAGE,
);
const numbers = numbersOrExit(
  { rows: args.rows, requests: args.requests },
  { rows: { min: 1, int: true }, requests: { min: 1, int: true } },
  USAGE,
);
const FORMATS = ['csv', 'jsonl', 'chrome', 'otlp'];
const unknownFormat = args.formats.split(',').find((f) => !FORMATS.includes(f));
if (unknownFormat !== undefined) {
  console.error(`--formats takes ${FORMATS.join(', ')} (got ${JSON.stringify(unknownFormat)}).\n${USAGE}`);
  process.exit(2);
}
const ROWS = numbers.rows;
const REQUESTS = numbers.requests;
const dir = mkdtempSync(join(tmpdir(), 'ti-bench-interop-'));
const figures: Record<string, number> = {};
const lines: string[] = [];

async function ingest(): Promise<void> {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bench' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  const tracer = provider.getTracer('bench');
  for (let t = 0; t < 64; t++) {
    const root = tracer.startSpan('GET /orders', {
      kind: SpanKind.SERVER,
      attributes: { 'http.route': '/orders', 'http.response.status_code': 200 },
    });
    const ctx = trace.setSpan(context.active(), root);
    for (let c = 0; c < 7; c++)
      tracer
        .startSpan(
          `db.query ${c}`,
          { kind: SpanKind.CLIENT, attributes: { 'db.statement': 'SELECT * FROM orders WHERE id = ?', 'db.rows': c } },
          ctx,
        )
        .end();
    root.end();
  }
  const spans = memory.getFinishedSpans();
  const bodies = {
    json: JsonTraceSerializer.serializeRequest(spans)!,
    protobuf: ProtobufTraceSerializer.serializeRequest(spans)!,
  };
  await provider.shutdown();
  for (const [encoding, body] of Object.entries(bodies)) {
    const store = new OtlpStore(join(dir, `otlp-${encoding}.db`));
    const receiver = await startOtlpReceiver(store);
    const type = encoding === 'json' ? 'application/json' : 'application/x-protobuf';
    const t0 = performance.now();
    // Four exporters at once, as several services would send.
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = 0; i < REQUESTS / 4; i++) {
          const res = await fetch(receiver.url, {
            method: 'POST',
            headers: { 'content-type': type },
            body: body as Uint8Array<ArrayBuffer>,
          });
          if (res.status !== 200) throw new Error(`receiver answered ${res.status}`);
          await res.arrayBuffer();
        }
      }),
    );
    const secs = (performance.now() - t0) / 1000;
    const perSec = Math.round((spans.length * REQUESTS) / secs);
    figures[`otlp_${encoding}_spans_per_sec`] = perSec;
    lines.push(
      `  OTLP ingest, ${encoding.padEnd(8)} ${spans.length}-span requests (${(body.length / 1024).toFixed(0)} KB)  ${perSec.toLocaleString('en-US').padStart(9)} spans/s`,
    );
    await receiver.close();
    store.close();
  }
}

/** ROWS rows built by SQLite: traces of 10 calls of 2 rows (an argument, then a result with a duration). */
function buildDb(): string {
  const path = join(dir, 'export.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE data_trace (id INTEGER PRIMARY KEY, process TEXT, data TEXT, data_type TEXT, data_value TEXT, timestamp, status TEXT, exception TEXT,
    trace_id TEXT, span_id TEXT, parent_span_id TEXT, process_group TEXT, duration_ms REAL, memory_delta INTEGER, source_file TEXT, source_line INTEGER)`);
  db.prepare(
    `INSERT INTO data_trace (process, process_group, data, data_type, data_value, timestamp, status, exception, trace_id, span_id, parent_span_id, duration_ms)
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1)
    SELECT 'svc' || (i / 2 % 10 % 3) || '.fn' || (i / 2 % 10), 'svc' || (i / 2 % 10 % 3), CASE i % 2 WHEN 0 THEN 'order_id' ELSE 'return' END, 'int',
      'value ' || i || ', "quoted"', ? + i, CASE WHEN i % 97 = 1 THEN 'ERROR' ELSE 'OK' END, CASE WHEN i % 97 = 1 THEN 'Traceback: boom' END,
      printf('%032x', i / 20), printf('%016x', i / 2 + 1), CASE WHEN i / 2 % 10 = 0 THEN NULL ELSE printf('%016x', i / 20 * 10 + 1) END,
      CASE i % 2 WHEN 1 THEN 1.5 END FROM n`,
  ).run(ROWS, Date.now() - ROWS);
  db.close();
  return path;
}

async function exports(): Promise<void> {
  const path = buildDb();
  const engine = new Engine({ dataDir: join(dir, 'data') });
  const { db } = await engine.invoke('open', { path });
  const t0 = performance.now();
  for (
    let i = await engine.invoke('info', { db });
    i.state !== 'live' || i.index.building;
    i = await engine.invoke('info', { db })
  )
    await new Promise((r) => setTimeout(r, 200));
  lines.push(
    `  (index of ${ROWS.toLocaleString('en-US')} rows built in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
  // A first, small export of every format warms up the workers' heaps and the JIT, which would
  // otherwise count as the first measured format's growth (+100 MB or so).
  const head = await engine.invoke('traces', { db, range: { preset: 'all' }, order: 'oldest', limit: 1 });
  const from = head.rows[0]?.ts ?? 0;
  for (const format of ['csv', 'jsonl', 'chrome', 'otlp'] as const) {
    await exportTraces(
      engine,
      { db, format, range: { from, to: from + 50_000 } },
      new Writable({ write: (_c, _e, done) => done() }),
    );
  }
  for (const format of args.formats.split(',') as ExportFormat[]) {
    global.gc?.();
    await new Promise((r) => setTimeout(r, 500));
    const base = process.memoryUsage().rss;
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    let bytes = 0;
    // A sink that takes a moment per chunk, like a disk or a socket, so backpressure is exercised.
    const sink = new Writable({
      highWaterMark: 1 << 20,
      write(chunk: Buffer, _e, done) {
        bytes += chunk.length;
        setImmediate(done);
      },
    });
    const s0 = performance.now();
    const summary = await exportTraces(engine, { db, format }, sink);
    const secs = (performance.now() - s0) / 1000;
    clearInterval(sampler);
    const growth = Math.round((peak - base) / 1e6);
    figures[`export_${format}_rows_per_sec`] = Math.round(summary.rows / secs);
    figures[`export_${format}_peak_rss_growth_mb`] = growth;
    lines.push(
      `  export ${format.padEnd(6)} ${summary.rows.toLocaleString('en-US')} rows, ${(bytes / 1e6).toFixed(0)} MB in ${secs.toFixed(1)} s: ${Math.round(summary.rows / secs).toLocaleString('en-US')} rows/s, peak RSS +${growth} MB (from ${Math.round(base / 1e6)} MB)`,
    );
  }
  await engine.shutdown();
}

try {
  await ingest();
  await exports();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log('Interoperability figures:');
for (const l of lines) console.log(l);
console.log(JSON.stringify({ rows: ROWS, ...figures }));
