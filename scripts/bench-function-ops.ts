// `npx node scripts/bench-function-ops.ts --source FILE --index SIDECAR [--code DIR] [--reps N] [--process NAME]`
// The operations whose cost grows with one function's calls in a range (issue 14's 100M misses),
// timed in this process straight on a built sidecar: the busiest function's stats (whole file,
// 24 h), its 24 h history, its latency histogram, the error groups, and a count of calls ≥ 1 s.
// --code DIR loads db/query from another checkout (a `git archive` of main) to time the code
// before a change on the same index, back to back. Prints one JSON line of medians and a hash of
// each answer (the same answer before and after a change: compare them). A file whose function
// has ~3M calls in 24 h: scripts/bench-busy-db.ts.
import type * as ErrorGroups from '../db/query/error-groups.ts';
import type * as FunctionStats from '../db/query/function-stats.ts';
import type * as Latency from '../db/query/latency.ts';
import type * as Traces from '../db/query/traces.ts';
import { codeModule, indexBenchArgs, indexContext, timeOps } from './bench-on-index.ts';

const bench = indexBenchArgs(
  'usage: npx node scripts/bench-function-ops.ts --source FILE --index SIDECAR [--code DIR] [--reps N] [--process NAME]',
  { process: { type: 'string', default: 'busy.fn' } },
);
const { code } = bench;
const { queryFunctionStats, queryFunctionHistory } = await codeModule<typeof FunctionStats>(
  code,
  'db/query/function-stats.ts',
);
const { queryLatency } = await codeModule<typeof Latency>(code, 'db/query/latency.ts');
const { queryErrorGroups } = await codeModule<typeof ErrorGroups>(code, 'db/query/error-groups.ts');
const { countTraces } = await codeModule<typeof Traces>(code, 'db/query/traces.ts');
const ctx = await indexContext(code, bench.source, bench.index);
const process_ = bench.values.process;
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
timeOps(ops, bench.reps, { code: bench.code });
ctx.close();
