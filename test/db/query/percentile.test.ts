import { describe, expect, it } from 'vitest';
import { nearestRank, nearestRanks } from '../../../db/query/percentile.ts';
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
