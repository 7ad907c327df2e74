import { describe, expect, it } from 'vitest';
import { formatHash, formatRange, parseHash, parseRange } from '../../renderer/app/route.ts';
import { launchParams } from '../../renderer/api/connect.ts';

describe('URL hash route', () => {
  it('round-trips a tab with its filters', () => {
    const route = parseHash('#/explorer?range=24h&group=orders&errors=1&q=place%20order');
    expect(route).toEqual({
      tab: 'explorer',
      params: { range: '24h', group: 'orders', errors: '1', q: 'place order' },
    });
    expect(parseHash(formatHash(route))).toEqual(route);
  });

  it('falls back to the overview for an empty or unknown hash', () => {
    expect(parseHash('').tab).toBe('overview');
    expect(parseHash('#/nonsense?x=1')).toEqual({ tab: 'overview', params: { x: '1' } });
  });

  it('parses presets and custom windows, and refuses backwards or junk ranges', () => {
    expect(parseRange('6h')).toEqual({ preset: '6h' });
    expect(parseRange('1000-2000')).toEqual({ from: 1000, to: 2000 });
    expect(parseRange('2000-1000')).toEqual({ preset: '1h' });
    expect(parseRange('<script>')).toEqual({ preset: '1h' });
    expect(formatRange({ from: 1000, to: 2000 })).toBe('1000-2000');
  });
});

describe('launch parameters', () => {
  it('reads the database handle or the open error the desktop shell passes', () => {
    expect(launchParams('?db=db2')).toEqual({ db: 'db2', error: null });
    expect(launchParams('?error=Not%20SQLite&errorKind=not-sqlite&path=%2Ftmp%2Fa.txt')).toEqual({
      db: null,
      error: { kind: 'not-sqlite', message: 'Not SQLite', path: '/tmp/a.txt' },
    });
    expect(launchParams('')).toEqual({ db: null, error: null });
  });
});
