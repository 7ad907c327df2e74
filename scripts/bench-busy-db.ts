// `npx node scripts/bench-busy-db.ts --out FILE [--calls N]`
// A trace database where one function (busy.fn) has `calls` single-row calls in the last 24 h, as
// the busiest function of the 100M-row bench has (~3.1M): the operations whose cost grows with one
// function's calls in a range (its stats, history, latency, error groups) timed without a 100M
// build (issue 14). Durations are log-normal (median ~20 ms, µs-rounded, so many tie), 2 % of calls
// fail with one of 40 exceptions; a few other functions add 200k calls. Deterministic.
import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import { removeDatabase } from '../main/demo/generate.ts';
import { isoMicros } from '../main/demo/iso-time.ts';
import { Rng } from '../main/demo/rng.ts';
import { ensureSchema } from '../main/demo/trace-table.ts';
import { flagsOrExit, numbersOrExit } from '../main/cli-args.ts';

const USAGE = 'usage: npx node scripts/bench-busy-db.ts --out FILE [--calls N] [--end epoch-ms]';
const args = flagsOrExit(
  process.argv.slice(2),
  { out: { type: 'string' }, calls: { type: 'string', default: '3000000' }, end: { type: 'string' } },
  USAGE,
);
const n = numbersOrExit({ calls: args.calls }, { calls: { min: 1, int: true } }, USAGE);
if (!args.out) {
  console.error(USAGE);
  process.exit(2);
}
const path = resolve(args.out);
removeDatabase(path);
const db = new Database(path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = OFF');
ensureSchema(db);
const rng = new Rng(14);
const end = Number(args.end ?? Date.now());
const start = end - 86_400_000 + 300_000;
const others = ['svc.parse', 'svc.load', 'svc.save', 'svc.render'];
const total = n.calls + 200_000;
const ins = db.prepare(
  `INSERT INTO data_trace (process, data, data_type, data_value, timestamp, status, exception, trace_id, span_id,
   process_group, duration_ms) VALUES (?, 'x', 'int', ?, ?, ?, ?, ?, ?, 'g', ?)`,
);
const normal = () => {
  let s = 0;
  for (let i = 0; i < 4; i++) s += rng.float();
  return (s - 2) * Math.sqrt(3);
};
db.exec('BEGIN');
for (let i = 0; i < total; i++) {
  const ts = start + Math.floor((i / total) * (end - 120_000 - start));
  const busy = i % 16 !== 0 || i / 16 >= 200_000;
  const err = rng.float() < 0.02;
  const dur = Math.round(Math.exp(Math.log(20) + 1.3 * normal()) * 1000) / 1000;
  ins.run(
    busy ? 'busy.fn' : others[i % 4],
    String(i),
    isoMicros(ts * 1000 + (i % 1000)),
    err ? 'ERROR' : 'OK',
    err ? `ValueError${i % 40}: bad input ${i}\n  File "busy.py", line ${i % 40}` : null,
    `t${Math.floor(i / 4)}`,
    `s${i}`,
    dur,
  );
  if (i % 200_000 === 199_999) db.exec('COMMIT; BEGIN');
}
db.exec('COMMIT');
db.close();
console.log(`${total} rows in ${path}`);
