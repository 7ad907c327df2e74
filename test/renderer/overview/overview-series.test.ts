import { describe, expect, it } from 'vitest';
import type { Overview } from '../../../db/api/inspector-api.ts';
import {
  currentQueueDepth,
  errorRateSeries,
  groupBars,
  groupSeries,
  throughputSeries,
} from '../../../renderer/overview/overview-series.ts';

function overview(part: Partial<Overview>): Overview {
  return {
    range: { from: 0, to: 30_000 },
    bucketMs: 10_000,
    series: { t: [0, 10_000, 20_000], rows: [10, 0, 40], errors: [1, 0, 10], traces: [5, 0, 20] },
    totals: { rows: 50, errors: 11 },
    errorRate: { current: 25, previous: 10, trend: 'up' },
    rowsPerSec: { current: 4, previous: 1, trend: 'up' },
    tracesPerSec: { current: 2, previous: 0.5, trend: 'up' },
    queue: { t: [0, 10_000], depth: [3, 7] },
    writer: { status: 'OK', inferred: false, detail: '', queueDepth: null, lastHeartbeatTs: null, lastRowTs: null },
    recentErrors: [],
    groups: [],
    staleCount: 0,
    index: { indexedRows: 50, totalRows: 50, building: false },
    ...part,
  };
}

describe('overview series', () => {
  it('gives the error rate in % per bucket, with gaps where there were no rows', () => {
    expect(errorRateSeries(overview({}))).toEqual([
      [0, 10, 20],
      [10, null, 25],
    ]);
  });

  it('gives traces per second per bucket', () => {
    expect(throughputSeries(overview({}))[1]).toEqual([0.5, 0, 2]);
  });

  it("takes the writer's heartbeat queue depth as current, else the last sample", () => {
    expect(currentQueueDepth(overview({}))).toBe(7);
    expect(
      currentQueueDepth(
        overview({
          writer: { status: 'OK', inferred: false, detail: '', queueDepth: 12, lastHeartbeatTs: 1, lastRowTs: 1 },
        }),
      ),
    ).toBe(12);
    expect(currentQueueDepth(overview({ queue: { t: [], depth: [] } }))).toBe(null);
  });

  it('orders groups busiest first and names the NULL group (none)', () => {
    const bars = groupBars(
      overview({
        groups: [
          { group: 'b', rows: 5, errors: 0 },
          { group: null, rows: 9, errors: 1 },
          { group: 'a', rows: 5, errors: 2 },
        ],
      }),
    );
    expect(bars.map((b) => b.name)).toEqual(['(none)', 'a', 'b']);
    expect(groupSeries(bars)).toEqual([
      [0, 1, 2],
      [9, 5, 5],
      [1, 2, 0],
    ]);
  });
});
