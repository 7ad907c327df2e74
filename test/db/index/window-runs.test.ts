import { describe, expect, it } from 'vitest';
import { HEAD_TS } from '../../../db/index/staleness.ts';
import { mergeRuns, windowRuns, type ValueRow, type WindowRun } from '../../../db/index/window-runs.ts';

/** Rows of a few pairs whose values repeat in runs of every length, some longer than HEAD_TS. */
function rows(n: number, seed: number): ValueRow[] {
  let x = seed;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  const out: ValueRow[] = [];
  const current = new Map<string, number>();
  for (let id = 1; id <= n; id++) {
    const proc = ['a', 'b', 'a\u0001'][Math.floor(rnd() * 3)];
    const data = ['x', 'y', '\u0001x'][Math.floor(rnd() * 3)];
    const key = `${proc}/${data}`;
    // 'a\u0001' with 'x' and 'a' with '\u0001x' are two pairs. Values change rarely for some pairs (long runs), often for others.
    let v = current.get(key) ?? 0;
    if (rnd() < (data === 'x' ? 0.02 : 0.4)) v = Math.floor(rnd() * 3);
    current.set(key, v);
    out.push([id, proc, data, v === 2 ? null : 'int', `int\u0001${v}`, `${v}@${id}`]);
  }
  return out;
}

/** The last run of each pair, found the slow way: walk back from the pair's last row while the value is the same. */
function reference(all: ValueRow[]): WindowRun[] {
  const pairs = new Map<string, ValueRow[]>();
  for (const r of all) {
    const key = JSON.stringify([r[1], r[2]]);
    pairs.set(key, [...(pairs.get(key) ?? []), r]);
  }
  const out: WindowRun[] = [];
  for (const list of pairs.values()) {
    let i = list.length - 1;
    while (i > 0 && list[i - 1][4] === list[i][4]) i--;
    const run = list.slice(i);
    const [start, proc, data, vtype, vk, sample] = run[0];
    out.push({
      proc,
      data,
      vtype,
      vk,
      sample,
      start,
      headIds: run.slice(0, HEAD_TS).map((r) => r[0]),
      n: run.length,
      lid: run[run.length - 1][0],
      unbroken: i === 0,
    });
  }
  return byPair(out);
}

const byPair = (runs: Iterable<WindowRun>) =>
  [...runs].sort((a, b) =>
    a.proc < b.proc ? -1 : a.proc > b.proc ? 1 : a.data < b.data ? -1 : a.data > b.data ? 1 : 0,
  );

describe('staleness runs found window by window', () => {
  it('are the last runs of the whole chunk, whatever the windows', () => {
    for (const seed of [1, 2, 3]) {
      const all = rows(600, seed);
      const want = reference(all);
      for (const size of [1, 2, 7, 64, 65, 599, 600]) {
        const into = new Map<string, WindowRun>();
        for (let i = 0; i < all.length; i += size) mergeRuns(into, windowRuns(all.slice(i, i + size)));
        expect(byPair(into.values()), `seed ${seed}, windows of ${size}`).toEqual(want);
      }
    }
  });

  it('keeps a run unbroken only when no earlier row of its pair had another value', () => {
    const into = new Map<string, WindowRun>();
    mergeRuns(into, windowRuns([[1, 'p', 'd', 't', 'k1', 's1']]));
    mergeRuns(into, windowRuns([[2, 'p', 'd', 't', 'k1', 's2']]));
    expect([...into.values()][0]).toMatchObject({ start: 1, n: 2, sample: 's1', unbroken: true, headIds: [1, 2] });
    mergeRuns(into, windowRuns([[3, 'p', 'd', 't', 'k2', 's3']]));
    expect([...into.values()]).toHaveLength(1);
    expect([...into.values()][0]).toMatchObject({
      start: 3,
      n: 1,
      sample: 's3',
      unbroken: false,
      headIds: [3],
      lid: 3,
    });
  });
});
