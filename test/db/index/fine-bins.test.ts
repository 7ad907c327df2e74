// The fine duration bins behind call_hour_bins: a duration's bin must be the one whose SQL bounds
// (fineBounds) hold it, at every edge, or a percentile's pick would miss or double-count a call.
import { describe, expect, it } from 'vitest';
import { addHourBins, encodeHourBins } from '../../../db/index/call-hour-bins.ts';
import {
  FINE_BINS,
  FINE_MAX,
  FINE_MIN,
  addSortedToCounts,
  fineBin,
  fineBounds,
  fineEdge,
} from '../../../db/index/fine-bins.ts';
import { Rng } from '../../../main/demo/rng.ts';

describe('fine duration bins', () => {
  it('put every duration, edges and their neighbours included, inside its bin bounds', () => {
    const xs = [-1, 0, 1e-12, Infinity, -Infinity, 1e15];
    for (let k = FINE_MIN; k <= FINE_MAX + 1; k++) {
      const e = fineEdge(k);
      xs.push(e, e * (1 + 1e-15), e * (1 - 1e-15), e + 1e-9);
    }
    for (const x of xs) {
      const k = fineBin(x);
      const [lo, hi] = fineBounds(k);
      // The top bin is open above: an infinite duration is in it.
      expect([x, lo <= x && (x < hi || k === FINE_MAX)]).toEqual([x, true]);
    }
  });

  it('count a sorted run as one fineBin per value would, and survive the hour blob round trip', () => {
    const rng = new Rng(5);
    const run = Float64Array.from({ length: 5000 }, (_, i) =>
      i % 10 === 0 ? fineEdge(Math.floor(rng.float() * 200)) : Math.round(rng.float() ** 4 * 1e7) / 1000,
    ).sort();
    const fast = new Uint32Array(FINE_BINS);
    addSortedToCounts(run, fast);
    const slow = new Uint32Array(FINE_BINS);
    for (const x of run) slow[fineBin(x) - FINE_MIN]++;
    expect([...fast]).toEqual([...slow]);
    const back = new Float64Array(FINE_BINS);
    addHourBins(encodeHourBins(fast)!, back);
    expect([...back]).toEqual([...slow]);
    expect(encodeHourBins(new Uint32Array(FINE_BINS))).toBeNull();
  });
});
