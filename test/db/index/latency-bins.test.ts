// The latency bins the index keeps (call_hist) and the queries read back by duration range must
// agree on every duration, edges included.
import { describe, expect, it } from 'vitest';
import { MAX_BIN, MIN_BIN, binCondition, binEdge, latencyBin } from '../../../db/index/latency-bins.ts';

const below = (x: number) => x - Math.max(Number.MIN_VALUE, Math.abs(x) * Number.EPSILON);

describe('latency bins', () => {
  it('puts each edge in the bin it opens and the double just below it in the bin before', () => {
    for (let k = MIN_BIN + 1; k <= MAX_BIN; k++) {
      expect(latencyBin(binEdge(k)), `edge ${k}`).toBe(k);
      expect(latencyBin(below(binEdge(k))), `below edge ${k}`).toBe(k - 1);
    }
  });

  it('keeps every duration inside the bounds of its bin', () => {
    const odd = [0, -5, -Infinity, 1e-9, 0.002, 1, 10, 100, 0.9999999999999999, 12.3456, 9e6, 1e13];
    odd.push(Number.MAX_VALUE, Infinity);
    for (let i = 0; i < 2000; i++) odd.push(10 ** (Math.sin(i) * 7));
    // The condition SQL reads a bin back with, evaluated here for each duration.
    for (const d of odd) {
      const [sql, args] = binCondition(latencyBin(d));
      const holds = sql.startsWith('dur <')
        ? d < args[0]
        : sql.startsWith('dur >=')
          ? d >= args[0]
          : d >= args[0] && d < args[1];
      expect(holds, `${d}: ${sql} ${args.join(', ')}`).toBe(true);
    }
    expect(latencyBin(NaN)).toBe(MIN_BIN);
    expect(latencyBin(Number.MAX_VALUE)).toBe(MAX_BIN);
  });
});
