// A count walked slice by slice must stop near its budget however slow each row is (a cold cache
// at 100M rows), and be exact whenever it reaches the range's start.
import { describe, expect, it } from 'vitest';
import { countSliced, countStepped } from '../../../db/query/count-sliced.ts';

/** A range of `rows` rows spread evenly over [0, span), each costing `msPerRow` on a fake clock. */
function fake(rows: number, span: number, msPerRow: number) {
  let clock = 0;
  const slices: number[] = [];
  const countIn = (lo: number, hi: number) => {
    const n = Math.round(((hi - lo) / span) * rows);
    clock += n * msPerRow;
    slices.push(n);
    return n;
  };
  return { countIn, now: () => clock, slices, spent: () => clock };
}

describe('countSliced', () => {
  it('counts the whole range exactly when the rows are cheap', () => {
    const f = fake(1_000_000, 86_400_000, 0.0001);
    expect(countSliced(0, 86_399_999, 1_000_000, f.countIn, 250, f.now)).toEqual({ count: 1_000_000, exact: true });
  });

  it('stops within about the budget when every row is slow, starting from a slice of a few thousand rows', () => {
    for (const msPerRow of [0.001, 0.01, 0.1]) {
      const f = fake(100_000_000, 86_400_000, msPerRow);
      const r = countSliced(0, 86_399_999, 100_000_000, f.countIn, 250, f.now);
      expect(r.exact).toBe(false);
      expect(f.slices[0]).toBeLessThanOrEqual(5_001);
      // The slices before the budget ran out, and one that fits what was left at the same pace.
      expect(f.spent(), `${msPerRow} ms a row`).toBeLessThanOrEqual(250 + 5_001 * msPerRow);
      expect(r.count).toBe(f.slices.reduce((a, b) => a + b, 0));
    }
  });

  it('is exact on a small range in one slice', () => {
    const f = fake(300, 60_000, 1);
    expect(countSliced(0, 59_999, 300, f.countIn, 250, f.now)).toEqual({ count: 300, exact: true });
    expect(f.slices).toHaveLength(1);
  });
});

describe('countStepped', () => {
  /** Steps of `per` over `entries` entries at `msPerEntry` on a fake clock. */
  function stepper(entries: number, per: number, msPerEntry: number) {
    let clock = 0;
    let steps = 0;
    const step = (after: number | null) => {
      steps++;
      const from = after ?? 0;
      const n = Math.min(per, entries - from);
      clock += n * msPerEntry;
      return { count: n, next: from + n < entries ? from + n : null };
    };
    return { step, now: () => clock, steps: () => steps };
  }

  it('counts a band to its end exactly when it is quick (a warm 10M index)', () => {
    const s = stepper(332_061, 14_000, 0.0006);
    expect(countStepped(s.step, 500_000, 1000, s.now)).toEqual({ count: 332_061, done: true });
    expect(s.steps()).toBe(24);
  });

  it('stops at the cap, with at least the cap counted', () => {
    const s = stepper(2_000_000, 14_000, 0.0001);
    const r = countStepped(s.step, 500_000, 1000, s.now);
    expect(r.done).toBe(true);
    expect(r.count).toBeGreaterThanOrEqual(500_000);
    expect(r.count).toBeLessThan(500_000 + 14_000);
  });

  it('gives up within a step of its budget when every entry is slow (a cold 100M index: 500k took 6.0 s)', () => {
    const s = stepper(2_000_000, 14_000, 6000 / 500_000);
    const r = countStepped(s.step, 500_000, 1000, s.now);
    expect(r.done).toBe(false);
    // What it counted is what its steps held: a lower bound.
    expect(r.count).toBe(14_000 * s.steps());
    expect(s.now()).toBeLessThanOrEqual(1000 + 14_000 * (6000 / 500_000));
    // With no time left, one step is all it takes.
    const late = stepper(2_000_000, 14_000, 0.0001);
    expect(countStepped(late.step, 500_000, 0, late.now)).toEqual({ count: 14_000, done: false });
    expect(late.steps()).toBe(1);
  });
});
