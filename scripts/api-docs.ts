// `npm run docs:api`: writes docs/api.md from the API table, with each operation's example input
// and the response it really gets from an engine on a small generated database. The table is the
// source; this file only renders it, so the docs cannot list an operation the engine lacks.
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { operations } from '../db/api/operations.ts';
import { Engine } from '../db/engine/engine.ts';

const root = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'ti-api-docs-'));
const path = join(dir, 'traces.db');

// A small database that makes every example answer something real.
const w = new Database(path);
w.pragma('journal_mode = WAL');
w.exec(`CREATE TABLE data_trace (id INTEGER PRIMARY KEY, process TEXT, data TEXT, data_type TEXT, data_value TEXT, timestamp TEXT,
  status TEXT, exception TEXT, trace_id TEXT, span_id TEXT, parent_span_id TEXT, process_group TEXT, duration_ms REAL, memory_delta INTEGER,
  source_file TEXT, source_line INTEGER)`);
const ins = w.prepare('INSERT INTO data_trace VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
const now = Date.now();
w.transaction(() => {
  for (let i = 0; i < 60; i++) {
    const t = new Date(now - (60 - i) * 30_000).toISOString().replace('Z', '');
    const trace = i % 3 === 0 ? '4bf92f3577b34da6a3ce929d0e0e4736' : `trace-${i}`;
    const err = i % 10 === 7;
    ins.run(
      'orders.service.place_order',
      'order_id',
      'int',
      String(1000 + i),
      t,
      'OK',
      null,
      trace,
      `span-${i}`,
      null,
      'orders',
      null,
      null,
      '/srv/app/orders/service.py',
      42,
    );
    ins.run(
      'orders.service.place_order',
      err ? 'exception' : 'return',
      err ? 'str' : 'dict',
      err ? null : '{"ok": true}',
      t,
      err ? 'ERROR' : 'OK',
      err
        ? 'Traceback (most recent call last):\n  File "/srv/app/orders/service.py", line 48, in place_order\nValueError: out of stock'
        : null,
      trace,
      `span-${i}`,
      null,
      'orders',
      20 + (i % 9) * 7,
      2048,
      '/srv/app/orders/service.py',
      42,
    );
    ins.run(
      'inventory.sync.poll_stock',
      'self.last_sync',
      'str',
      '2026-11-20T09:00:00',
      t,
      'OK',
      null,
      trace,
      `child-${i}`,
      `span-${i}`,
      'inventory',
      3,
      0,
      null,
      null,
    );
  }
})();
w.close();

// The source `source` reads once setSourceRoot maps the recorded /srv/app to this folder.
mkdirSync(join(dir, 'src', 'orders'), { recursive: true });
writeFileSync(
  join(dir, 'src', 'orders', 'service.py'),
  `${'\n'.repeat(41)}def place_order(order_id):\n    return {"ok": True}\n`,
);

const engine = new Engine({ dataDir: join(dir, 'data') });
const opened = await engine.invoke('open', { path });
while ((await engine.invoke('info', { db: opened.db })).state !== 'live') await new Promise((r) => setTimeout(r, 20));

/** Long arrays and strings are cut so each example stays readable. */
function trim(v: unknown, depth = 0): unknown {
  if (Array.isArray(v))
    return v.length > 3
      ? [...v.slice(0, 2).map((x) => trim(x, depth + 1)), `… ${v.length - 2} more`]
      : v.map((x) => trim(x, depth + 1));
  if (typeof v === 'string') return v.length > 120 ? `${v.slice(0, 117)}…` : v;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, trim(x, depth + 1)]));
  return v;
}

const parts: string[] = [
  `# API

Every operation of Trace Inspector's engine, generated from the API table (\`db/api/operations.ts\`) by
\`npm run docs:api\`. The same table serves both transports:

- **HTTP** (\`npm run serve\`, 127.0.0.1 only): \`POST /api/<operation>\` with a JSON body. Live events
  stream from \`GET /api/events?db=<handle>\` as Server-Sent Events. \`GET /api/operations\` lists the table.
  Every route needs the run's token ([security.md](security.md)): the browser gets it from the
  printed address as a cookie; scripts send \`Authorization: Bearer <token>\`, e.g. with
  \`npm run serve -- --token-file ~/.ti-token\` and \`TOKEN=$(cat ~/.ti-token)\` as below. Without it:
  401 and \`permission-denied\`.
- **Electron IPC**: the preload bridge exposes each operation as a method of \`window.inspector\`.

Every response is a value: \`{ "ok": true, "value": … }\` or \`{ "ok": false, "error": { "kind", "message" } }\`.
Error kinds: ${'`invalid-input`, `unknown-operation`, `unknown-database`, `not-found`, `not-a-file`, `permission-denied`, `empty-file`, `not-sqlite`, `encrypted`, `corrupt`, `missing-table`, `missing-columns`, `unsupported-table`, `unsafe-schema`, `locked`, `vanished`, `timeout`, `too-large`, `closed`, `internal`'}.
Inputs are validated: an unknown field, a wrong type or a value out of range is an \`invalid-input\`
error naming the field. Result types are in \`db/api/types.ts\`. Time ranges are
\`{ "preset": "5m" | "1h" | "6h" | "24h" | "all" }\` (ending now) or \`{ "from": ms, "to": ms }\` (epoch milliseconds,
half-open). Query operations return within 5 s or fail with \`timeout\`; pages hold at most 10,000 rows.

## Events

| event | payload |
|---|---|
| \`rows\` | \`{ db, count, firstId, maxId, latestTs, rows }\`: rows firstId..maxId are indexed and queryable; \`rows\` lists the newest of them, newest first (at most 200): page through \`traces\` for the rest |
| \`stale\` | \`{ db, changes }\`: variables whose stale flag flipped |
| \`progress\` | \`{ db, indexedRows, totalRows, building }\`: index progress |
| \`status\` | \`{ db, state, message }\`: \`indexing\`, \`live\`, \`missing\` (file deleted), \`error\`, \`closed\` |
| \`alert\` | \`{ db, alert }\`: an alert fired, was acknowledged or resolved (see [alerts.md](alerts.md)) |

## Operations
`,
];
// Deleting and closing run last so the other examples still have their rule, webhook and
// database; the placeholder ids of the alert examples are replaced by the real ones as they appear.
const names = Object.keys(operations) as (keyof typeof operations)[];
const LAST = ['deleteAlertRule', 'deleteWebhook', 'close'];
const ids = new Map<string, string>();
const results = new Map<string, unknown>();
for (const name of [...names.filter((n) => !LAST.includes(n)), ...LAST] as (keyof typeof operations)[]) {
  if (name === 'alerts') {
    // The stale variable of the example database fires the default rule within a second or so.
    for (let i = 0; i < 100 && (await engine.invoke('alerts', { db: opened.db })).length === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
  }
  let text = JSON.stringify(operations[name].example)
    .replaceAll('/home/me/app/traces.db', path)
    .replaceAll('/home/me/app/src', join(dir, 'src'))
    .replaceAll('"db1"', JSON.stringify(opened.db));
  for (const [placeholder, real] of ids) text = text.replaceAll(placeholder, real);
  const result = (await engine.call(name, JSON.parse(text))) as { ok: boolean; value?: unknown };
  results.set(name, result);
  const value = result.value as { id?: string } | { id: string }[] | undefined;
  if (name === 'saveWebhook' && value && !Array.isArray(value)) ids.set('wh_0123', value.id!);
  if (name === 'saveAlertRule' && value && !Array.isArray(value)) ids.set('rule_0123', value.id!);
  if (name === 'alerts' && Array.isArray(value) && value[0]) ids.set('alert_0123', value[0].id);
}
for (const name of names) {
  const op = operations[name];
  const result = results.get(name);
  // Inside the shell's single quotes, a ' of the JSON (an SQL string literal) is written '\''.
  const shown = JSON.stringify(op.example).replaceAll("'", "'\\''");
  parts.push(`### \`${name}\`

${op.summary}

Input: \`${op.input.describe}\`

\`\`\`sh
curl -s -X POST http://127.0.0.1:7420/api/${name} -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -d '${shown}'
\`\`\`

\`\`\`json
${JSON.stringify(trim(result), null, 2)
  .replaceAll(dir, '/home/me/app')
  .replace(/"sidecarPath": "[^"]*"/, '"sidecarPath": "~/.cache/trace-inspector/index/traces.db-….index.sqlite"')}
\`\`\`
`);
}
await engine.shutdown();
rmSync(dir, { recursive: true, force: true });
writeFileSync(join(root, 'docs', 'api.md'), parts.join('\n'));
console.log(`docs/api.md: ${Object.keys(operations).length} operations`);
