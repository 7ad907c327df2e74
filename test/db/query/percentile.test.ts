import { describe, expect, it } from 'vitest';
import { nearestRank, nearestRanks } from '../../../db/query/percentile.ts';
import { ranksOfRuns, selectInRuns } from '../../../db/query/sorted-runs.ts';
import { Rng } from '../../../main/demo/rng.ts';

describe('nearestRanks (quickselect)', () => {
  it('gives the nearest-rank percentiles of the sorted array, for sizes 0–2,000, with ties, runs and reversed runs', () => {
    const rng = new Rng(14);
    const ps = [99, 50, 95, 0.1, 100];
    for (let n = 0; n <= 2000; n += n < 20 ? 1 : 97) {
      for (const shape of ['random', 'ties', 'sorted', 'reversed'] as const) {
        const xs = Array.from({ length: n }, (_, i) =>
          shape === 'random'
            ? rng.float() * 1000
            : shape === 'ties'
              ? Math.floor(rng.float() * 4)
              : shape === 'sorted'
                ? i
                : n - i,
        );
        const sorted = Float64Array.from(xs).sort();
        expect(nearestRanks(Float64Array.from(xs), ps), `${shape}, n = ${n}`).toEqual(
          ps.map((p) => nearestRank(sorted, p)),
        );
      }
    }
  });
});

describe('selectInRuns (ranks over ascending runs, in place)', () => {
  it('gives every rank of the merged runs, with empty runs, ties across runs and one long run', () => {
    const rng = new Rng(23);
    for (let trial = 0; trial < 60; trial++) {
      const runs = Array.from({ length: 1 + (trial % 9) }, (_, r) => {
        const len = r === 0 && trial % 5 === 0 ? 0 : Math.floor(rng.float() * (trial % 7 === 0 ? 900 : 40));
        return Float64Array.from({ length: len }, () =>
          trial % 3 === 0 ? Math.floor(rng.float() * 3) : Math.round(rng.float() ** 3 * 5e5) / 1000,
        ).sort();
      });
      const merged = Float64Array.from(runs.flatMap((r) => [...r])).sort();
      for (let k = 0; k < merged.length; k += 1 + Math.floor(merged.length / 50))
        expect(selectInRuns(runs, k), `trial ${trial}, k = ${k}`).toBe(merged[k]);
      if (merged.length > 0) expect(selectInRuns(runs, merged.length - 1)).toBe(merged[merged.length - 1]);
      expect(ranksOfRuns({ runs, n: merged.length }, [50, 95, 99, 100])).toEqual(
        [50, 95, 99, 100].map((p) => nearestRank(merged, p)),
      );
    }
  });
});
