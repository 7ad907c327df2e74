// Per-database settings read back from files written by this version, older ones, or by hand.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings, STALE_RULES_MAX } from '../../../db/engine/settings-store.ts';
import { tempDir } from '../../fixtures/trace-db.ts';

function load(staleRules: unknown): unknown {
  const path = join(tempDir(), 'settings.json');
  writeFileSync(path, JSON.stringify({ staleRules, sourceRoots: [], savedFilters: [] }));
  return loadSettings(path, () => undefined).staleRules;
}

describe('stale thresholds in the settings file', () => {
  it('reads numbers and ignore, and takes the old Ignore (the largest threshold) as ignore', () => {
    expect(
      load([
        { process: 'a', data: 'x', threshold: 3 },
        { process: 'inv.*', data: '*', threshold: 'ignore' },
        { process: 'b', data: 'y', threshold: 1_000_000 },
      ]),
    ).toEqual([
      { process: 'a', data: 'x', threshold: 3 },
      { process: 'inv.*', data: '*', threshold: 'ignore' },
      { process: 'b', data: 'y', threshold: 'ignore' },
    ]);
  });

  it('drops entries no version could have written, keeping the others', () => {
    const good = { process: 'ok', data: 'x', threshold: 2 };
    expect(
      load([
        good,
        null,
        'a:x:3',
        { process: '', data: 'x', threshold: 3 },
        { process: '   ', data: 'x', threshold: 3 },
        { process: 'a', data: 'x'.repeat(1025), threshold: 3 },
        { process: 'a', data: 'x', threshold: 0 },
        { process: 'a', data: 'x', threshold: 2.5 },
        { process: 'a', data: 'x', threshold: 'IGNORE' },
        { process: 'a', data: 'x', threshold: '5' },
        { process: 'a', data: 'x', threshold: 1e300 },
        { process: { toString: 'a' }, data: 'x', threshold: 3 },
        { __proto__: { process: 'a', data: 'x', threshold: 3 } },
      ]),
    ).toEqual([good]);
    expect(load({ process: 'a', data: 'x', threshold: 3 })).toEqual([]);
  });

  it('keeps at most the newest STALE_RULES_MAX entries of a file that holds more', () => {
    const many = Array.from({ length: STALE_RULES_MAX + 5 }, (_, i) => ({ process: `p${i}`, data: 'x', threshold: 2 }));
    const rules = load(many) as { process: string }[];
    expect(rules).toHaveLength(STALE_RULES_MAX);
    expect(rules[0].process).toBe('p5');
  });
});
