import { describe, expect, it } from 'vitest';
import {
  filterParams,
  formatExplorerParams,
  hasFilters,
  parseExplorerParams,
  replaceFilters,
  rowFilter,
} from '../../../renderer/explorer/explorer-params.ts';

const NONE = {
  groups: [],
  errorsOnly: false,
  search: '',
  processes: [],
  excludeProcesses: [],
  data: '',
  valueContains: '',
  exceptionContains: '',
  traceId: '',
  status: null,
  minDurationMs: null,
  maxDurationMs: null,
  order: 'newest',
  trace: null,
  row: null,
};

describe('explorer hash params', () => {
  it('reads the agreed names', () => {
    expect(parseExplorerParams({ group: 'orders', errors: '1', q: 'place', trace: 'abc', row: '42' })).toEqual({
      ...NONE,
      groups: ['orders'],
      errorsOnly: true,
      search: 'place',
      trace: 'abc',
      row: 42,
    });
    expect(parseExplorerParams({})).toEqual(NONE);
  });

  it('reads every column filter and the order', () => {
    const p = parseExplorerParams({
      groups: '["orders",null]',
      procs: '["a.b"]',
      notp: '["c.d"]',
      data: 'customer',
      vq: "50%_'",
      xq: 'stock',
      tid: 't1',
      status: 'error',
      dmin: '250',
      dmax: '1000.5',
      sort: 'slowest',
    });
    expect(p).toMatchObject({
      groups: ['orders', null],
      processes: ['a.b'],
      excludeProcesses: ['c.d'],
      data: 'customer',
      valueContains: "50%_'",
      exceptionContains: 'stock',
      traceId: 't1',
      status: 'ERROR',
      minDurationMs: 250,
      maxDurationMs: 1000.5,
      order: 'slowest',
    });
    expect(rowFilter(p)).toEqual({
      groups: ['orders', null],
      processes: ['a.b'],
      excludeProcesses: ['c.d'],
      data: 'customer',
      valueContains: "50%_'",
      exceptionContains: 'stock',
      traceId: 't1',
      status: 'ERROR',
      minDurationMs: 250,
      maxDurationMs: 1000.5,
    });
  });

  it('ignores what a hand-edited or hostile hash gets wrong instead of sending it', () => {
    const p = parseExplorerParams({
      groups: '{"a":1}',
      procs: 'not json',
      notp: '[1, "", "ok"]',
      dmin: '-5',
      dmax: 'Infinity',
      status: 'maybe',
      sort: 'fastest',
      vq: 'x'.repeat(5000),
    });
    expect(p).toMatchObject({
      groups: [],
      processes: [],
      excludeProcesses: ['ok'],
      minDurationMs: null,
      maxDurationMs: null,
      status: null,
      order: 'newest',
    });
    expect(p.valueContains).toHaveLength(1024);
  });

  it('reads (none) as the NULL group and ignores a row that is not an id', () => {
    const p = parseExplorerParams({ group: '(none)', row: 'x', errors: 'yes' });
    expect(p.groups).toEqual([null]);
    expect(p.row).toBeNull();
    expect(p.errorsOnly).toBe(false);
    expect(rowFilter(p)).toEqual({ groups: [null] });
  });

  it('writes only what changed, removing cleared keys; one group as group, several as groups', () => {
    expect(formatExplorerParams({ groups: [null], errorsOnly: false })).toEqual({
      group: '(none)',
      groups: undefined,
      errors: undefined,
    });
    expect(formatExplorerParams({ groups: ['a', 'b'] })).toEqual({ group: undefined, groups: '["a","b"]' });
    expect(formatExplorerParams({ search: '', row: 7, trace: 't' })).toEqual({ q: undefined, row: '7', trace: 't' });
    expect(formatExplorerParams({ minDurationMs: 0, order: 'slowest', status: 'OK' })).toEqual({
      dmin: '0',
      sort: 'slowest',
      status: 'ok',
    });
  });

  it('round-trips through the hash', () => {
    const p = parseExplorerParams({
      groups: '["cache","db"]',
      q: 'hit',
      errors: '1',
      data: 'key',
      dmin: '3',
      notp: '["x"]',
      sort: 'slowest',
    });
    const written = formatExplorerParams(p);
    const clean = Object.fromEntries(Object.entries(written).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >;
    expect(parseExplorerParams(clean)).toEqual(p);
    expect(hasFilters(p)).toBe(true);
  });

  it('saves and applies only the filter keys', () => {
    const hash = { group: 'orders', data: 'customer', trace: 't', row: '4', range: '1h' };
    expect(filterParams(hash)).toEqual({ group: 'orders', data: 'customer' });
    const applied = replaceFilters({ vq: 'stock', trace: 'ignored' });
    expect(applied.vq).toBe('stock');
    expect(applied.group).toBeUndefined();
    expect('group' in applied && 'trace' in applied).toBe(false);
  });
});
