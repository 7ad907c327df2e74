import { describe, expect, it } from 'vitest';
import {
  formatExplorerParams,
  hasFilters,
  parseExplorerParams,
  rowFilter,
} from '../../../renderer/explorer/explorer-params.ts';

describe('explorer hash params', () => {
  it('reads the agreed names', () => {
    expect(parseExplorerParams({ group: 'orders', errors: '1', q: 'place', trace: 'abc', row: '42' })).toEqual({
      group: 'orders',
      errorsOnly: true,
      search: 'place',
      trace: 'abc',
      row: 42,
    });
    expect(parseExplorerParams({})).toEqual({
      group: undefined,
      errorsOnly: false,
      search: '',
      trace: null,
      row: null,
    });
  });

  it('reads (none) as the NULL group and ignores a row that is not an id', () => {
    const p = parseExplorerParams({ group: '(none)', row: 'x', errors: 'yes' });
    expect(p.group).toBeNull();
    expect(p.row).toBeNull();
    expect(p.errorsOnly).toBe(false);
    expect(rowFilter(p)).toEqual({ groups: [null] });
  });

  it('writes only what changed, removing cleared keys', () => {
    expect(formatExplorerParams({ group: null, errorsOnly: false })).toEqual({ group: '(none)', errors: undefined });
    expect(formatExplorerParams({ search: '', row: 7, trace: 't' })).toEqual({ q: undefined, row: '7', trace: 't' });
  });

  it('round-trips through the hash', () => {
    const p = parseExplorerParams({ group: 'cache', q: 'hit', errors: '1' });
    const written = formatExplorerParams(p);
    const clean = Object.fromEntries(Object.entries(written).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >;
    expect(parseExplorerParams(clean)).toEqual(p);
    expect(hasFilters(p)).toBe(true);
    expect(rowFilter(p)).toEqual({ groups: ['cache'], errorsOnly: true, search: 'hit' });
  });
});
