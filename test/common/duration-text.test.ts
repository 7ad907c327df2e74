import { describe, expect, it } from 'vitest';
import { formatSeconds } from '../../common/duration-text.ts';

describe('windows said in words (rules list and alert messages)', () => {
  it('uses the largest whole unit', () => {
    expect(formatSeconds(10)).toBe('10 s');
    expect(formatSeconds(90)).toBe('90 s');
    expect(formatSeconds(600)).toBe('10 min');
    expect(formatSeconds(5400)).toBe('1 h 30 min');
    expect(formatSeconds(7200)).toBe('2 h');
    expect(formatSeconds(7 * 86_400)).toBe('7 d');
  });
});
