// The one glob matcher of alert rules, used by the engine's evaluation and the rule builder alike.
import { describe, expect, it } from 'vitest';
import { globMatcher, globMatches } from '../../common/glob.ts';

describe('rule name globs', () => {
  it('matches exactly without wildcards, and with * (any run) and ? (one character)', () => {
    expect(globMatches('orders.place', 'orders.place')).toBe(true);
    expect(globMatches('orders.place', 'orders.placed')).toBe(false);
    expect(globMatches('inventory.sync.*', 'inventory.sync.poll_stock')).toBe(true);
    expect(globMatches('inventory.sync.*', 'inventoryXsync.poll')).toBe(false);
    expect(globMatches('a?c', 'abc')).toBe(true);
    expect(globMatches('a?c', 'ac')).toBe(false);
    expect(globMatches('*.poll_*', 'inventory.sync.poll_stock')).toBe(true);
  });

  it('takes regular-expression characters literally', () => {
    expect(globMatches('a+b(c)', 'a+b(c)')).toBe(true);
    expect(globMatches('a+b*', 'aab')).toBe(false);
    expect(globMatches('[x]*', '[x]1')).toBe(true);
    expect(globMatches('x.*', 'xy')).toBe(false);
  });

  it('lets * alone match anything, even a missing name (an ungrouped row), and nothing else match null', () => {
    expect(globMatches('*', 'anything')).toBe(true);
    expect(globMatches('*', null)).toBe(true);
    expect(globMatches('a*', null)).toBe(false);
    expect(globMatches('a', null)).toBe(false);
  });

  it('matches no name with a blank pattern: a rule must say what it watches (* is "any")', () => {
    for (const blank of ['', ' ', '\t ']) {
      expect(globMatches(blank, 'anything')).toBe(false);
      expect(globMatches(blank, '')).toBe(false);
      expect(globMatches(blank, blank)).toBe(false);
      expect(globMatches(blank, null)).toBe(false);
    }
  });

  it('spans newlines inside a name (names are data, not lines)', () => {
    expect(globMatcher('a*b')('a\nb')).toBe(true);
  });
});

describe('hostile glob patterns', () => {
  it('answers at once for a pattern that made the old regular expression backtrack for minutes', () => {
    // `*a*a…*ab` against a run of `a`s: exponential for a regex of `.*a`, linear-ish here. The
    // test's own timeout is the bound (the old matcher took 1.5 s at 8 pairs, minutes at 12).
    const pattern = `${'*a'.repeat(500)}b`;
    const name = 'a'.repeat(1024);
    expect(globMatches(pattern, name)).toBe(false);
    expect(globMatches(pattern, `${name}b`)).toBe(true);
    expect(globMatches('*'.repeat(1024), name)).toBe(true);
    expect(globMatches(`${'?'.repeat(1023)}*`, name)).toBe(true);
    expect(globMatches('?'.repeat(1025), name)).toBe(false);
  });

  it('treats * and ? inside a name after a star the same as the regex did', () => {
    expect(globMatches('*x*y', 'axbxcy')).toBe(true);
    expect(globMatches('*x*y', 'axbxc')).toBe(false);
    expect(globMatches('a*', 'a')).toBe(true);
    expect(globMatches('*a', '')).toBe(false);
    expect(globMatches('a**b', 'ab')).toBe(true);
  });
});
