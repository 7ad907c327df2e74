// `npx node scripts/bench-queries.ts --source FILE --index SIDECAR [--code DIR] [--reps N]`
// The Explorer's duration and trace-id queries timed in this process straight on a built sidecar (no engine, no
// worker round-trip): slowest first, duration filters and their counts, as `npm run bench` asks
// them. --code DIR loads db/query from another checkout (a `git archive` of main) to time the
// code before a change on its own index in the same conditions. Prints one JSON line of medians.
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import type * as QueryContextModule from '../db/query/query-context.ts';
import type * as GoTo from '../db/query/go-to.ts';
import type * as TraceTree from '../db/query/trace-tree.ts';
import type * as Traces from '../db/query/traces.ts';
import type * as OpenSource from '../db/source/open-source.ts';
import { flagsOrExit, numbersOrExit } from '../main/cli-args.ts';

const USAGE = 'usage: npx node scripts/bench-queries.ts --source FILE --index SIDECAR [--code DIR] [--reps N]';
const args = flagsOrExit(
  process.argv.slice(2),
  {
    source: { type: 'string' },
    index: { type: 'string' },
    code: { type: 'string', default: resolve(import.meta.dirname, '..') },
    reps: { type: 'string', default: '7' },
  },
  USAGE,
);
const n = numbersOrExit({ reps: args.reps }, { reps: { min: 1, int: true } }, USAGE);
if (!args.source || !args.index) {
  console.error(USAGE);
  process.exit(2);
}
const code = resolve(args.code);
// Typed as this checkout's modules: the other one is the same code before a change.
const { openSource } = (await import(`${code}/db/source/open-source.ts`)) as typeof OpenSource;
const { QueryContext } = (await import(`${code}/db/query/query-context.ts`)) as typeof QueryContextModule;
const { queryTraces, countTraces } = (await import(`${code}/db/query/traces.ts`)) as typeof Traces;
const { queryGoTo } = (await import(`${code}/db/query/go-to.ts`)) as typeof GoTo;
const { queryTraceTree } = (await import(`${code}/db/query/trace-tree.ts`)) as typeof TraceTree;
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
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out: Record<string, unknown> = { code, index: args.index, load: loadavg()[0].toFixed(2) };
for (const [name, run] of Object.entries(ops)) {
  const first = performance.now();
  const answer = JSON.stringify(run());
  const ms: number[] = [performance.now() - first];
  for (let i = 1; i < n.reps; i++) {
    const t = performance.now();
    run();
    ms.push(performance.now() - t);
  }
  out[name] = Number(median(ms).toFixed(2));
  out[`${name}_first`] = Number(ms[0].toFixed(1));
  // The same answer before and after a change: compare these.
  out[`${name}_answer`] = createHash('sha1').update(answer).digest('hex').slice(0, 12);
}
ctx.close();
console.log(JSON.stringify(out));
