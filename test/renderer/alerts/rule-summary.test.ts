import { describe, expect, it } from 'vitest';
import { describeCondition } from '../../../renderer/alerts/rule-summary.ts';

describe('rule summaries in words', () => {
  it('reads the default staleness rule as any variable repeating', () => {
    expect(describeCondition({ kind: 'staleness', process: '*', data: '*', threshold: 5 })).toBe(
      'any variable repeats > 5 times',
    );
  });
  it('names the variable and the process when they are given', () => {
    expect(
      describeCondition({ kind: 'staleness', process: 'inventory.sync.*', data: 'self.last_sync', threshold: 20 }),
    ).toBe('self.last_sync in inventory.sync.* repeats > 20 times');
    expect(describeCondition({ kind: 'staleness', process: 'e2e.stuck', data: '*', threshold: 1 })).toBe(
      'any variable in e2e.stuck repeats > 1 time',
    );
  });
  it('says error rates with their scope and window, and the minimum rows when not the default', () => {
    expect(
      describeCondition({
        kind: 'errorRate',
        scope: 'group',
        match: 'payments',
        percent: 5,
        windowSec: 300,
        minRows: 20,
      }),
    ).toBe('errors > 5 % of rows in group payments over 5 min');
    expect(
      describeCondition({ kind: 'errorRate', scope: 'process', match: '*', percent: 2.5, windowSec: 3600, minRows: 1 }),
    ).toBe('errors > 2.5 % of rows in any process over 1 h (≥ 1 rows)');
  });
  it('says slow functions as a p95 over a window, and the minimum calls when not the default', () => {
    expect(
      describeCondition({
        kind: 'slowFunction',
        process: 'orders.service.place_order',
        p95Ms: 250,
        windowSec: 90,
        minCalls: 5,
      }),
    ).toBe('p95 of orders.service.place_order > 250 ms over 90 s');
    expect(describeCondition({ kind: 'slowFunction', process: '*', p95Ms: 1000, windowSec: 600, minCalls: 50 })).toBe(
      'p95 of any function > 1000 ms over 10 min (≥ 50 calls)',
    );
  });
  it('says silence for rows and for the writer heartbeat', () => {
    expect(describeCondition({ kind: 'silence', source: 'rows', seconds: 120 })).toBe('no new rows for 2 min');
    expect(describeCondition({ kind: 'silence', source: 'heartbeat', seconds: 45 })).toBe(
      'no writer heartbeat for 45 s',
    );
  });
});
