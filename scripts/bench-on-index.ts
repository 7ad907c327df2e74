// What the benches that time queries straight on a built sidecar share (bench-queries.ts,
// bench-function-ops.ts): their flags, a QueryContext over the sidecar from this checkout or
// another one (--code DIR: a `git archive` of main, to time the code before a change on the same
// index), and the timing loop that prints one JSON line of medians and a hash of each answer.
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import type * as QueryContextModule from '../db/query/query-context.ts';
import type * as OpenSource from '../db/source/open-source.ts';
import { flagsOrExit, numbersOrExit } from '../main/cli-args.ts';

type Flags = Record<string, { type: 'string'; default?: string }>;

/** Parses --source, --index, --code, --reps and `extra`; exits 2 with `usage` on a bad or missing flag. */
export function indexBenchArgs<E extends Flags>(usage: string, extra: E) {
  const args = flagsOrExit(
    process.argv.slice(2),
    {
      source: { type: 'string' },
      index: { type: 'string' },
      code: { type: 'string', default: resolve(import.meta.dirname, '..') },
      reps: { type: 'string', default: '7' },
      ...extra,
    },
    usage,
  ) as unknown as Record<string, string | undefined>;
  const n = numbersOrExit({ reps: args.reps as string }, { reps: { min: 1, int: true } }, usage);
  if (!args.source || !args.index) {
    console.error(usage);
    process.exit(2);
  }
  return {
    values: args as Record<keyof E, string>,
    source: resolve(args.source),
    index: resolve(args.index),
    code: resolve(args.code as string),
    reps: n.reps,
  };
}

/** A module of the checkout being timed, typed as this checkout's (the other one is the same code before a change). */
export async function codeModule<T>(code: string, path: string): Promise<T> {
  return (await import(`${code}/${path}`)) as T;
}

/** A QueryContext on `index`, with the schema of `source`, from the checkout at `code`. */
export async function indexContext(code: string, source: string, index: string) {
  const { openSource } = await codeModule<typeof OpenSource>(code, 'db/source/open-source.ts');
  const { QueryContext } = await codeModule<typeof QueryContextModule>(code, 'db/query/query-context.ts');
  const opened = openSource(source);
  const schema = opened.schema;
  opened.db.close();
  return new QueryContext({ db: 'b', sourcePath: source, sidecarPath: index, generation: 1, schema });
}

/**
 * Runs each operation `reps` times into `out`: its median ms (`digits` decimals), its first run,
 * and a hash of its answer (the same answer before and after a change: compare them).
 */
export function timeOps(ops: Record<string, () => unknown>, reps: number, out: Record<string, unknown>, digits = 1) {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  out.load = loadavg()[0].toFixed(2);
  for (const [name, run] of Object.entries(ops)) {
    const first = performance.now();
    const answer = JSON.stringify(run());
    const ms: number[] = [performance.now() - first];
    for (let i = 1; i < reps; i++) {
      const t = performance.now();
      run();
      ms.push(performance.now() - t);
    }
    out[name] = Number(median(ms).toFixed(digits));
    out[`${name}_first`] = Number(ms[0].toFixed(1));
    out[`${name}_answer`] = createHash('sha1').update(answer).digest('hex').slice(0, 12);
  }
  out.load_end = loadavg()[0].toFixed(2);
  console.log(JSON.stringify(out));
}
