// `npx node scripts/bench-queries.ts --source FILE --index SIDECAR [--code DIR] [--reps N]`
// The Explorer's duration and trace-id queries timed in this process straight on a built sidecar (no engine, no
// worker round-trip): slowest first, duration filters and their counts, as `npm run bench` asks
// them. --code DIR loads db/query from another checkout (a `git archive` of main) to time the
// code before a change on its own index in the same conditions. Prints one JSON line of medians.
import type * as GoTo from '../db/query/go-to.ts';
import type * as TraceTree from '../db/query/trace-tree.ts';
import type * as Traces from '../db/query/traces.ts';
import { codeModule, indexBenchArgs, indexContext, timeOps } from './bench-on-index.ts';

const bench = indexBenchArgs(
  'usage: npx node scripts/bench-queries.ts --source FILE --index SIDECAR [--code DIR] [--reps N]',
  {},
);
const { code } = bench;
const { queryTraces, countTraces } = await codeModule<typeof Traces>(code, 'db/query/traces.ts');
const { queryGoTo } = await codeModule<typeof GoTo>(code, 'db/query/go-to.ts');
const { queryTraceTree } = await codeModule<typeof TraceTree>(code, 'db/query/trace-tree.ts');
const ctx = await indexContext(code, bench.source, bench.index);
const ALL = { range: { preset: 'all' as const } };
// A trace id from the middle of the file, as the file spells it (stored as text or as 16 bytes).
const key = ctx.side('SELECT key FROM traces WHERE id = (SELECT max(id) / 2 FROM traces)').pluck().get() as
  string | Buffer;
const traceId = typeof key === 'string' ? key : key.toString('hex');
const ops: Record<string, () => unknown> = {
  filter_trace_id: () => queryTraces(ctx, { ...ALL, traceId, limit: 100 }),
  trace_tree: () => queryTraceTree(ctx, { traceId }),
  go_to_trace_prefix: () => queryGoTo(ctx, { query: traceId.slice(0, 7) }),
  slowest_first_all: () => queryTraces(ctx, { ...ALL, order: 'slowest', limit: 100 }),
  slowest_first_page_2: () => {
    const first = queryTraces(ctx, { ...ALL, order: 'slowest', limit: 100 });
    return queryTraces(ctx, { ...ALL, order: 'slowest', limit: 100, cursor: first.nextCursor ?? undefined });
  },
  slowest_first_offset_10k: () => queryTraces(ctx, { ...ALL, order: 'slowest', limit: 100, offset: 10_000 }),
  slowest_first_errors: () => queryTraces(ctx, { ...ALL, status: 'ERROR', order: 'slowest', limit: 100 }),
  filter_duration_over_1s: () => queryTraces(ctx, { ...ALL, minDurationMs: 1000, limit: 100 }),
  filter_duration_band: () => queryTraces(ctx, { ...ALL, minDurationMs: 5, maxDurationMs: 6, limit: 100 }),
  count_duration_over_1s: () => countTraces(ctx, { ...ALL, minDurationMs: 1000 }),
  count_duration_band: () => countTraces(ctx, { ...ALL, minDurationMs: 5, maxDurationMs: 6 }),
};
timeOps(ops, bench.reps, { code: bench.code, index: bench.index }, 2);
ctx.close();
