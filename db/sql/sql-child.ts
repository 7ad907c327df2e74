// One console statement in a process of its own, started by sql-runner.ts. A worker thread inside
// sqlite3_step ignores worker.terminate() (measured: an endless recursive CTE kept its thread at
// 100% CPU after terminate resolved nothing), and better-sqlite3 cannot call sqlite3_interrupt;
// SIGKILL is what really stops the work when the user presses Cancel or the time limit passes.
// Protocol on stdout: "R\n" once the modules are loaded, then one JSON line { ok, value | error }.
import { readFileSync, rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { toApiError } from '../api/errors.ts';
import { runJob } from './sql-run.ts';
import type { SqlChildAnswer, SqlJob } from './sql-job.ts';

// Never outlives its limit, even when the engine that started it died first (see probe-child.ts).
const limitMs = Number(process.argv[3] ?? 70_000);
new Worker(`setTimeout(() => process.kill(${process.pid}, 'SIGKILL'), ${limitMs})`, { eval: true }).unref();
process.stdout.write('R\n');
const requestPath = process.argv[2] ?? '';
let answer: SqlChildAnswer;
try {
  const job = JSON.parse(readFileSync(requestPath, 'utf8')) as SqlJob;
  rmSync(requestPath, { force: true });
  answer = { ok: true, value: runJob(job) };
} catch (err) {
  answer = { ok: false, error: toApiError(err) };
}
process.stdout.write(`${JSON.stringify(answer)}\n`);
