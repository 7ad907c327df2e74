import type { TimestampReading } from '../api/types.ts';
import type { QueryContext } from './query-context.ts';

/** Parent–child pairs compared (the newest): enough to be plain, cheap on any file. */
const SAMPLE_PAIRS = 2000;
/** Below this many decisive pairs the file says nothing, and timestamps are read as starts. */
const MIN_PAIRS = 20;
/** Re-read after this long: a live file's early calls can mislead, more arrive. */
const CACHE_MS = 30_000;

const cache = new WeakMap<QueryContext, { at: number; reading: Omit<TimestampReading, 'convention' | 'source'> }>();

/**
 * Whether the file's timestamps mark when calls started or when they ended. A call's time in the
 * index is its earliest row's. When rows are stamped at the start, a parent's earliest row comes
 * before its children's; when a decorator stamps each call as it returns (Python's usual place:
 * duration and return value are known only then), every child is stamped before its parent.
 * Across the newest 2,000 parent–child pairs one order wins plainly (80 %); otherwise, or with
 * fewer than 20 pairs, timestamps are read as starts.
 */
export function readTimestampConvention(ctx: QueryContext): TimestampReading {
  let hit = cache.get(ctx);
  if (!hit || Date.now() - hit.at > CACHE_MS) {
    const [parentFirst, childFirst] = ctx
      .side(
        `SELECT coalesce(sum(p.ts < c.ts), 0), coalesce(sum(p.ts > c.ts), 0) FROM (
           SELECT up, ts FROM calls WHERE parent IS NOT NULL AND trace IS NOT NULL
           ORDER BY id DESC LIMIT ${SAMPLE_PAIRS}) c
         JOIN calls p ON p.id = c.up`,
      )
      .raw(true)
      .get() as [number, number];
    const decisive = parentFirst + childFirst;
    const detected = decisive >= MIN_PAIRS && childFirst >= 0.8 * decisive ? 'end' : 'start';
    hit = { at: Date.now(), reading: { detected, parentFirst, childFirst } };
    cache.set(ctx, hit);
  }
  const set = ctx.target.timestamps;
  return { ...hit.reading, convention: set ?? hit.reading.detected, source: set ? 'setting' : 'detected' };
}

/** 1 when a call's start is its time less its duration (end-stamped files), else 0: a SQL parameter. */
export function startShift(ctx: QueryContext): 0 | 1 {
  return readTimestampConvention(ctx).convention === 'end' ? 1 : 0;
}
