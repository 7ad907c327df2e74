// The one model of stale thresholds: which entry a variable gets (the marks and the alert rules
// ask the same lookup), and how entries are set, replaced and removed.
import { describe, expect, it } from 'vitest';
import type { StaleRule } from '../../../db/api/alert-types.ts';
import {
  fromEngine,
  mergeStaleRules,
  NEVER_STALE,
  thresholdLookup,
  toEngine,
} from '../../../db/index/stale-thresholds.ts';
import { DEFAULT_STALE_THRESHOLD } from '../../../common/rule-limits.ts';

const rule = (process: string, data: string, threshold: StaleRule['threshold']): StaleRule => ({
  process,
  data,
  threshold,
});

describe('stale threshold lookup', () => {
  it('gives the default where no entry matches', () => {
    expect(thresholdLookup([rule('a', 'x', 9)])('b', 'x')).toBe(DEFAULT_STALE_THRESHOLD);
  });

  it('picks the most specific entry: exact process, then exact variable, then the longer glob', () => {
    const t = thresholdLookup([
      rule('*', '*', 50),
      rule('*', 'x', 40),
      rule('inv.*', '*', 30),
      rule('inv.sync.*', '*', 20),
      rule('inv.sync.poll', '*', 10),
      rule('inv.sync.poll', 'x', 3),
    ]);
    expect(t('inv.sync.poll', 'x')).toBe(3);
    expect(t('inv.sync.poll', 'y')).toBe(10);
    expect(t('inv.sync.push', 'y')).toBe(20);
    expect(t('inv.other', 'x')).toBe(30); // a process glob outranks an exact variable under `*`
    expect(t('orders', 'x')).toBe(40);
    expect(t('orders', 'y')).toBe(50);
  });

  it('lets the entry set last win among equally specific ones', () => {
    expect(thresholdLookup([rule('a*', '*', 7), rule('*b', '*', 8)])('ab', 'x')).toBe(8);
  });

  it('reads back the entry of a rule’s own patterns, globs and all', () => {
    const t = thresholdLookup([rule('*', '*', 12), rule('inv.*', 'x?', 'ignore')]);
    expect(t('*', '*')).toBe(12);
    expect(fromEngine(t('inv.*', 'x?'))).toBe('ignore');
  });

  it('makes an ignored variable never stale', () => {
    const t = thresholdLookup([rule('a', 'x', 'ignore')]);
    expect(t('a', 'x')).toBe(NEVER_STALE);
    expect(fromEngine(toEngine('ignore'))).toBe('ignore');
    expect(fromEngine(toEngine(1_000_000))).toBe(1_000_000);
  });
});

describe('setting stale thresholds', () => {
  const base = [rule('a', 'x', 3), rule('*', '*', 9)];

  it('replaces the entry of the same patterns (moving it last), adds new ones, removes with null', () => {
    expect(mergeStaleRules(base, [{ process: 'a', data: 'x', threshold: 4 }])).toEqual([
      rule('*', '*', 9),
      rule('a', 'x', 4),
    ]);
    expect(mergeStaleRules(base, [{ process: 'b', data: 'x', threshold: 'ignore' }])).toEqual([
      ...base,
      rule('b', 'x', 'ignore'),
    ]);
    expect(mergeStaleRules(base, [{ process: '*', data: '*', threshold: null }])).toEqual([rule('a', 'x', 3)]);
  });

  it('keeps entries that exist when asked only to fill gaps (the first of duplicates wins)', () => {
    expect(
      mergeStaleRules(
        base,
        [
          { process: 'a', data: 'x', threshold: 99 },
          { process: 'c', data: 'x', threshold: 6 },
          { process: 'c', data: 'x', threshold: 7 },
        ],
        true,
      ),
    ).toEqual([...base, rule('c', 'x', 6)]);
  });
});
