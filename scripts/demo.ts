// `npm run demo -- [--out DIR] [--rows N] [--rate traces/s] [--app-rate requests/s] [--no-live] [--seed S]`
// Writes a day of realistic trace history to DIR/demo.db (default .demo/), with the Python sources
// it points into under DIR/src, then keeps appending live traces until Ctrl-C: the simulated
// Python service's (live-writer.ts) and a real Node app's, traced by tracer/ (demo/traced-app.ts).

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseCommandLine } from '../main/cli-args.ts';
import { startLiveWriter } from '../main/demo/live-writer.ts';
import { DEFAULT_DEMO_DIR, DEFAULT_DEMO_ROWS, prepareDemo } from '../main/demo/prepare.ts';

const USAGE =
  'usage: npm run demo -- [--out DIR] [--rows N] [--rate traces/s] [--app-rate requests/s] [--no-live] [--seed S]';
const STATUS_EVERY_MS = 5000;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function positiveNumber(name: string, value: string | undefined, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isFinite(n) || n < 0 || (n === 0 && !allowZero))
    fail(`--${name} must be a positive number (got ${value}).`);
  return n;
}

function main(argv: string[]): number | undefined {
  const args = parseCommandLine(
    argv,
    {
      out: { type: 'string' },
      rows: { type: 'string' },
      rate: { type: 'string' },
      'app-rate': { type: 'string' },
      seed: { type: 'string' },
      'no-live': { type: 'boolean' },
    },
    USAGE,
  );
  if (typeof args === 'number') return args;
  if (args.positionals.length > 0) fail(`Unexpected argument '${args.positionals[0]}': the demo takes only flags.`);
  const { values } = args;
  const rows = Math.round(positiveNumber('rows', values.rows, DEFAULT_DEMO_ROWS));
  const rate = positiveNumber('rate', values.rate, 20);
  const appRate = positiveNumber('app-rate', values['app-rate'], 5, true);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0))
    fail(`--seed must be a whole number (got ${values.seed}).`);

  console.log(`Writing ${rows.toLocaleString('en-US')} rows of demo history to ${values.out ?? DEFAULT_DEMO_DIR} …`);
  const demo = prepareDemo({ outDir: values.out, rows, seed });
  const g = demo.generated;
  console.log(
    `  ${g.rows.toLocaleString('en-US')} rows in ${g.traces.toLocaleString('en-US')} traces, ${g.heartbeats.toLocaleString('en-US')} heartbeats, in ${(g.ms / 1000).toFixed(1)} s`,
  );
  console.log(`  database: ${demo.dbPath}`);
  console.log(`  sources:  ${demo.sourceDir}`);
  if (values['no-live']) return 0;

  const writer = startLiveWriter({ path: demo.dbPath, sourceDir: demo.sourceDir, tracesPerSec: rate });
  console.log(`Live writer: ${rate} traces/s, one commit every 100 ms. Ctrl-C stops.`);
  // The traced Node app is its own process, as a real app is (and must be: it writes with
  // node:sqlite, the live writer with better-sqlite3, and two SQLite libraries in one process do
  // not see each other's locks).
  const app =
    appRate > 0
      ? spawn(
          process.execPath,
          [join(import.meta.dirname, 'demo', 'traced-app.ts'), '--db', demo.dbPath, '--rate', String(appRate)],
          { stdio: ['ignore', 'ignore', 'inherit'] },
        )
      : null;
  if (app) console.log(`Traced Node app (scripts/demo/traced-app.ts): ${appRate} checkout requests/s through tracer/.`);
  let lastRows = 0;
  const status = setInterval(() => {
    const s = writer.stats();
    const time = new Date().toISOString().slice(11, 19);
    console.log(
      `  [${time}] +${s.rows - lastRows} rows (${s.rows} total, ${s.commits} commits), commit p50 ${s.commitP50Ms ?? '-'} ms / p99 ${s.commitP99Ms ?? '-'} ms, busy errors ${s.busyErrors}`,
    );
    lastRows = s.rows;
    if (s.error) {
      console.error(`Live writer stopped: ${s.error}`);
      clearInterval(status);
    }
  }, STATUS_EVERY_MS);
  const finish = () => {
    clearInterval(status);
    app?.kill('SIGTERM');
    writer.stop();
    const s = writer.stats();
    console.log(
      `\nStopped after ${s.rows} live rows in ${s.commits} commits (p99 commit ${s.commitP99Ms ?? '-'} ms). The database stays at ${demo.dbPath}.`,
    );
    process.exit(0);
  };
  process.once('SIGINT', finish);
  process.once('SIGTERM', finish);
}

const code = main(process.argv.slice(2));
if (code !== undefined) process.exitCode = code;
