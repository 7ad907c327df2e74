// How long the API takes to answer while serve mode ingests a 16 MiB OTLP batch: starts
// `serve --otlp-port 0`, posts batches of ~15.9 MiB of OTLP/JSON, and meanwhile calls
// POST /api/databases back to back, reporting the slowest and median round trips during the
// batches (and at rest). `node scripts/measure-otlp-latency.ts [--batches N]`; figures in docs/otlp.md.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve, join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { OtlpStore } from '../db/otlp/otlp-store.ts';

const ROOT = resolve(import.meta.dirname, '..');
const batches = Number(process.argv[process.argv.indexOf('--batches') + 1]) || 3;
const dataDir = mkdtempSync(join(tmpdir(), 'ti-otlp-latency-'));

function batch(): string {
  const spans = [];
  const now = BigInt(Date.now()) * 1_000_000n;
  let size = 0;
  for (let i = 0; size < 15.5 * 1024 * 1024; i++) {
    const span = {
      traceId: randomBytes(16).toString('hex'),
      spanId: randomBytes(8).toString('hex'),
      name: `op.${i % 50}`,
      kind: 2,
      startTimeUnixNano: String(now + BigInt(i) * 1000n),
      endTimeUnixNano: String(now + BigInt(i) * 1000n + 500_000n),
      attributes: [
        { key: 'http.route', value: { stringValue: `/orders/${i}` } },
        { key: 'payload', value: { stringValue: 'x'.repeat(300) } },
      ],
      status: { code: 1 },
    };
    size += JSON.stringify(span).length + 1;
    spans.push(span);
  }
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'latency-probe' } }] },
        scopeSpans: [{ scope: { name: 'probe' }, spans }],
      },
    ],
  });
}

// An empty contract file to open (without one, serve starts the live demo and its writer).
const traces = join(dataDir, 'traces.db');
new OtlpStore(traces).close();
const child = spawn(
  process.execPath,
  [join(ROOT, 'main', 'serve', 'serve-cli.ts'), traces, '--port', '0', '--otlp-port', '0', '--data-dir', dataDir],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const urls = await new Promise<{ api: string; otlp: string }>((ok) => {
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    const api = /Open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1];
    const otlp = /at (http:\/\/127\.0\.0\.1:\d+\/v1\/traces)/.exec(out)?.[1];
    if (api && otlp) ok({ api, otlp });
  });
});

async function roundTrip(): Promise<number> {
  const t = performance.now();
  const res = await fetch(`${urls.api}api/databases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  await res.json();
  return performance.now() - t;
}

async function probeWhile(work: Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  let done = false;
  void work.finally(() => (done = true));
  while (!done) times.push(await roundTrip());
  return times;
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return {
    calls: s.length,
    p50: +s[Math.floor(s.length / 2)].toFixed(1),
    p99: +s[Math.floor(s.length * 0.99)].toFixed(1),
    max: +s[s.length - 1].toFixed(1),
  };
};

const body = batch();
console.log(`batch: ${(body.length / 1048576).toFixed(1)} MiB of OTLP/JSON`);
const rest = await probeWhile(new Promise((r) => setTimeout(r, 1000)));
console.log('at rest', stats(rest));
const during: number[] = [];
for (let i = 0; i < batches; i++) {
  const t = performance.now();
  const post = fetch(urls.otlp, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(
    async (r) => ({ status: r.status, text: await r.text() }),
  );
  during.push(...(await probeWhile(post)));
  const r = await post;
  console.log(`batch ${i + 1}: HTTP ${r.status} in ${(performance.now() - t).toFixed(0)} ms`);
}
console.log('during batches', stats(during));
child.kill();
