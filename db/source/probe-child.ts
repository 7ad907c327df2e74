// The first look at a trace file nobody has vetted yet, in a process of its own: run by
// probe-source.ts. better-sqlite3 cannot interrupt a statement, and a worker thread stuck inside
// one ignores worker.terminate() (and then process.exit() hangs on it too, measured on Node 24),
// so a file built to make SQLite spin is read here, where SIGKILL ends it.
// Protocol on stdout: "R\n" once the modules are loaded, then one JSON line { ok, value | error }.
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { toApiError } from '../api/errors.ts';
import { openSource } from './open-source.ts';
import type { ProbeAnswer } from './probe-source.ts';

// This process never outlives its limit, even when its parent was killed before it could kill
// it: a thread of its own (JavaScript still runs there while SQLite spins here) ends it.
const limitMs = Number(process.argv[3] ?? 10_000);
new Worker(`setTimeout(() => process.kill(${process.pid}, 'SIGKILL'), ${limitMs})`, { eval: true }).unref();
process.stdout.write('R\n');
const path = process.argv[2] ?? '';
let answer: ProbeAnswer;
try {
  const h = openSource(path);
  h.db.close();
  const st = statSync(h.path);
  answer = {
    ok: true,
    value: { path: h.path, schema: h.schema, journalMode: h.journalMode, identity: { dev: st.dev, ino: st.ino } },
  };
} catch (err) {
  answer = { ok: false, error: toApiError(err) };
}
process.stdout.write(`${JSON.stringify(answer)}\n`);
