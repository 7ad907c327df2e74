// `npx node scripts/bench-function-ops.ts --source FILE --index SIDECAR [--code DIR] [--reps N] [--process NAME]`
// The operations whose cost grows with one function's calls in a range (issue 14's 100M misses),
// timed in this process straight on a built sidecar: the busiest function's stats (whole file,
// 24 h), its 24 h history, its latency histogram, the error groups, and a count of calls ≥ 1 s.
// --code DIR loads db/query from another checkout (a `git archive` of main) to time the code
// before a change on the same index, back to back. Prints one JSON line of medians and a hash of
// each answer (the same answer before and after a change: compare them). A file whose function
// has ~3M calls in 24 h: scripts/bench-busy-db.ts.
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import type * as QueryContextModule from '../db/query/query-context.ts';
import type * as ErrorGroups from '../db/query/error-groups.ts';
import type * as FunctionStats from '../db/query/function-stats.ts';
import type * as Latency from '../db/query/latency.ts';
import type * as Traces from '../db/query/traces.ts';
import type * as OpenSource from '../db/source/open-source.ts';
import { flagsOrExit, numbersOrExit } from '../main/cli-args.ts';

const USAGE =
  'usage: npx node scripts/bench-function-ops.ts --source FILE --index SIDECAR [--code DIR] [--reps N] [--process NAME]';
const args = flagsOrExit(
  process.argv.slice(2),
  {
    source: { type: 'string' },
    index: { type: 'string' },
    code: { type: 'string', default: resolve(import.meta.dirname, '..') },
    reps: { type: 'string', default: '7' },
    process: { type: 'string', default: 'busy.fn' },
  },
  USAGE,
);
const n = numbersOrExit({ reps: args.reps }, { reps: { min: 1, int: true } }, USAGE);
if (!args.source || !args.index) {
  console.error(USAGE);
  process.exit(2);
}
const code = resolve(args.code);
const { openSource } = (await import(`${code}/db/source/open-source.ts`)) as typeof OpenSource;
const { QueryContext } = (await import(`${code}/db/query/query-context.ts`)) as typeof QueryContextModule;
const { queryFunctionStats, queryFunctionHistory } = (await import(
  `${code}/db/query/function-stats.ts`
)) as typeof FunctionStats;
const { queryLatency } = (await import(`${code}/db/query/latency.ts`)) as typeof Latency;
const { queryErrorGroups } = (await import(`${code}/db/query/error-groups.ts`)) as typeof ErrorGroups;
const { countTraces } = (await import(`${code}/db/query/traces.ts`)) as typeof Traces;
const source = openSource(resolve(args.source));
const schema = source.schema;
source.db.close();
const ctx = new QueryContext({
  db: 'b',
  sourcePath: resolve(args.source),
  sidecarPath: resolve(args.index),
  generation: 1,
  schema,
});
const process_ = args.process;
// Fixed ranges (the presets move with the clock): the whole file, and 24 h ending 90 s before
// the file's last call with edges off the minute (the "24 h" preset's cut minutes).
const last = ctx.side('SELECT max(ts) FROM calls').pluck().get() as number;
const ALL = { preset: 'all' as const };
const DAY = { from: last - 90_000 - 86_400_000 + 12_345, to: last - 90_000 + 12_345 };
const ops: Record<string, () => unknown> = {
  function_stats_all: () => queryFunctionStats(ctx, { process: process_, range: ALL }),
  function_stats_24h: () => queryFunctionStats(ctx, { process: process_, range: DAY }),
  function_history_24h: () => queryFunctionHistory(ctx, { process: process_, range: DAY }),
  latency_24h: () => queryLatency(ctx, { process: process_, range: DAY }),
  error_groups_all: () => queryErrorGroups(ctx, { range: ALL }),
  error_groups_24h_fn: () => queryErrorGroups(ctx, { range: DAY, process: process_ }),
  count_duration_over_1s: () => countTraces(ctx, { range: ALL, minDurationMs: 1000 }),
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out: Record<string, unknown> = { code, load: loadavg()[0].toFixed(2) };
for (const [name, run] of Object.entries(ops)) {
  const first = performance.now();
  const answer = JSON.stringify(run());
  const ms: number[] = [performance.now() - first];
  for (let i = 1; i < n.reps; i++) {
    const t = performance.now();
    run();
    ms.push(performance.now() - t);
  }
  out[name] = Number(median(ms).toFixed(1));
  out[`${name}_answer`] = createHash('sha1').update(answer).digest('hex').slice(0, 10);
}
out.load_end = loadavg()[0].toFixed(2);
ctx.close();
console.log(JSON.stringify(out));
