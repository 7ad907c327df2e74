/** Rows the first slice aims at: ~1 µs each with their call looked up, more on a cold cache. */
const FIRST_SLICE_ROWS = 5_000;

/**
 * Counts [first, last] newest slice first within `budgetMs`: past it the count so far is "at
 * least" (exact: false). The first slice holds ~FIRST_SLICE_ROWS of the `rows` in the range; each
 * next one is twice as wide as the last, or as wide as the time left fits at the pace so far. The
 * budget is only checked between statements: slices that doubled from a minute regardless of the
 * rows in it ran past the 5 s query limit at 100M rows (a duration filter's count, each row's call
 * looked up on a cache colder than the 10M file's), where the second-to-last slice was in budget.
 */
export function countSliced(
  first: number,
  last: number,
  rows: number,
  countIn: (lo: number, hi: number) => number,
  budgetMs: number,
  now: () => number = () => performance.now(),
): { count: number; exact: boolean } {
  const t0 = now();
  let count = 0;
  let hi = last + 1;
  let width = Math.max(1, Math.ceil((hi - first) * Math.min(1, FIRST_SLICE_ROWS / Math.max(1, rows))));
  while (hi > first) {
    const lo = Math.max(first, hi - width);
    count += countIn(lo, hi);
    hi = lo;
    if (hi <= first) break;
    const spent = now() - t0;
    const left = budgetMs - spent;
    // The width the time left covers at the pace so far (ms per unit of time counted).
    const fits = spent > 0 ? Math.floor((left * (last + 1 - lo)) / spent) : Infinity;
    width = Math.min(width * 2, fits);
    if (left <= 0 || width < 1) return { count, exact: false };
  }
  return { count, exact: true };
}

/**
 * Counts by steps, each one statement (`step(after)`: its count, and where the next step starts,
 * null at the end), until the end, `cap` or `budgetMs`: one statement over a duration band's
 * index entries could not be stopped (500k of them took 6.0 s on the cold cache of a 100M-row
 * index, past the 5 s query limit, and a probe of the first ones, warm from the last count,
 * foretold nothing). `done`: it reached the end, or `cap` (the count is then at least `cap`);
 * else it ran out of time and the count is of the steps it took.
 */
export function countStepped<K>(
  step: (after: K | null) => { count: number; next: K | null },
  cap: number,
  budgetMs: number,
  now: () => number = () => performance.now(),
): { count: number; done: boolean } {
  const t0 = now();
  let count = 0;
  for (let after: K | null = null; ;) {
    const r = step(after);
    count += r.count;
    if (r.next === null || count >= cap) return { count, done: true };
    if (now() - t0 >= budgetMs) return { count, done: false };
    after = r.next;
  }
}
