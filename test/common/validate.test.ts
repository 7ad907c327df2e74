// The validator is what stands between a payload from IPC or HTTP and the engine: it must refuse
// what it does not know, name the field at fault, and fill defaults.
import { describe, expect, it } from 'vitest';
import {
  ValidationError,
  array,
  boolean,
  literal,
  nullable,
  number,
  object,
  optional,
  string,
  union,
} from '../../common/validate.ts';

/** The ValidationError a parse throws (fails the test if it does not throw one). */
function refusal(parse: () => unknown): ValidationError {
  try {
    parse();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return err as ValidationError;
  }
  throw new Error('expected a ValidationError, but the value was accepted');
}

const query = object({
  db: string({ min: 1 }),
  range: optional(object({ from: number(), to: optional(number()) })),
  limit: optional(number({ int: true, min: 1, max: 500 }), 100),
  order: optional(literal('newest', 'oldest'), 'newest'),
  groups: optional(array(nullable(string({ max: 8 })), { max: 3 })),
  errorsOnly: optional(boolean()),
});

describe('object', () => {
  it('accepts a valid payload and fills defaults', () => {
    expect(query.parse({ db: 'a' })).toEqual({ db: 'a', limit: 100, order: 'newest' });
    expect(
      query.parse({
        db: 'a',
        range: { from: 1, to: 2 },
        limit: 5,
        order: 'oldest',
        groups: ['x', null],
        errorsOnly: true,
      }),
    ).toEqual({ db: 'a', range: { from: 1, to: 2 }, limit: 5, order: 'oldest', groups: ['x', null], errorsOnly: true });
  });

  it('refuses unknown keys and names them, with the expected ones', () => {
    const err = refusal(() => query.parse({ db: 'a', limt: 5, colour: 'red' }));
    expect(err.message).toMatch(/has unknown field\(s\): limt, colour/);
    expect(err.message).toMatch(/expected: db, range, limit, order, groups, errorsOnly/);
    expect(err.path).toBe('');
  });

  it('refuses unknown keys in nested objects, naming the nested path', () => {
    const err = refusal(() => query.parse({ db: 'a', range: { from: 1, until: 2 } }));
    expect(err.path).toBe('range');
    expect(err.message).toMatch(/^range has unknown field\(s\): until/);
  });

  it('refuses __proto__ and inherited names as unknown fields', () => {
    expect(refusal(() => query.parse(JSON.parse('{"db":"a","__proto__":{"polluted":true}}'))).message).toMatch(
      /unknown field\(s\): __proto__/,
    );
    expect(refusal(() => query.parse({ db: 'a', toString: 'x' })).message).toMatch(/unknown field\(s\): toString/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names the nested path of a bad value', () => {
    const err = refusal(() => query.parse({ db: 'a', range: { from: 'yesterday' } }));
    expect(err.path).toBe('range.from');
    expect(err.message).toBe('range.from must be a finite number (got "yesterday")');
  });

  it('names array items by index', () => {
    const err = refusal(() => query.parse({ db: 'a', groups: ['ok', 42] }));
    expect(err.path).toBe('groups[1]');
    expect(err.message).toMatch(/^groups\[1\] must be a string \(got number\)/);
  });

  it('reports a missing required field by name', () => {
    expect(refusal(() => query.parse({})).message).toBe('db must be a string (got undefined)');
    expect(refusal(() => query.parse({ db: 'a', range: {} })).message).toMatch(/^range\.from must be a finite number/);
  });

  it('refuses what is not a plain object', () => {
    for (const v of [null, undefined, [], 'db', 3]) {
      expect(refusal(() => query.parse(v)).message).toBe('input must be an object');
    }
  });

  it('leaves absent optional fields out of the result rather than present as undefined', () => {
    const out = query.parse({ db: 'a' });
    expect(Object.keys(out).sort()).toEqual(['db', 'limit', 'order']);
  });
});

describe('optional and nullable', () => {
  it('treats null as absent and fills the default', () => {
    expect(query.parse({ db: 'a', limit: null, order: null, range: null, groups: null })).toEqual({
      db: 'a',
      limit: 100,
      order: 'newest',
    });
    expect(optional(number(), 7).parse(null)).toBe(7);
    expect(optional(number(), 7).parse(undefined)).toBe(7);
    expect(optional(number()).parse(null)).toBeUndefined();
  });

  it('still validates a value that is present', () => {
    expect(refusal(() => optional(number(), 7).parse('7')).message).toMatch(/must be a finite number/);
    expect(optional(number(), 7).parse(0)).toBe(0);
  });

  it('nullable keeps null but refuses undefined', () => {
    expect(nullable(string()).parse(null)).toBeNull();
    expect(nullable(string()).parse('x')).toBe('x');
    expect(refusal(() => nullable(string()).parse(undefined)).message).toMatch(/must be a string/);
  });
});

describe('literal', () => {
  it('accepts only the listed words, exactly', () => {
    const order = literal('newest', 'oldest');
    expect(order.parse('oldest')).toBe('oldest');
    expect(refusal(() => order.parse('Newest')).message).toBe('input must be one of newest, oldest (got "Newest")');
    expect(refusal(() => order.parse(1)).message).toMatch(/must be one of newest, oldest \(got 1\)/);
  });
});

describe('array', () => {
  it('refuses more items than its maximum', () => {
    const err = refusal(() => query.parse({ db: 'a', groups: ['a', 'b', 'c', 'd'] }));
    expect(err.path).toBe('groups');
    expect(err.message).toBe('groups must have at most 3 items');
    expect(query.parse({ db: 'a', groups: ['a', 'b', 'c'] }).groups).toEqual(['a', 'b', 'c']);
  });

  it('has a default maximum of 1000', () => {
    expect(array(number()).parse(new Array(1000).fill(1))).toHaveLength(1000);
    expect(refusal(() => array(number()).parse(new Array(1001).fill(1))).message).toMatch(/at most 1000 items/);
  });

  it('refuses a non-array', () => {
    expect(refusal(() => array(number()).parse({ 0: 1, length: 1 })).message).toBe('input must be an array');
  });
});

describe('number', () => {
  const limit = number({ int: true, min: 1, max: 500 });

  it('accepts integers within the bounds, inclusive', () => {
    expect(limit.parse(1)).toBe(1);
    expect(limit.parse(500)).toBe(500);
  });

  it('refuses integers outside the bounds, naming the bounds', () => {
    expect(refusal(() => limit.parse(0)).message).toBe('input must be between 1 and 500 (got 0)');
    expect(refusal(() => limit.parse(501)).message).toBe('input must be between 1 and 500 (got 501)');
    expect(refusal(() => limit.parse(-1)).message).toMatch(/between 1 and 500/);
  });

  it('refuses fractions where an integer is required', () => {
    expect(refusal(() => limit.parse(2.5)).message).toBe('input must be an integer (got 2.5)');
  });

  it('refuses non-finite numbers and numeric strings (no coercion)', () => {
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '5', null, 5n]) {
      expect(refusal(() => number().parse(v)).message).toMatch(/must be a finite number/);
    }
  });
});

describe('string', () => {
  it('refuses NUL characters', () => {
    expect(refusal(() => string().parse('app\u0000.main')).message).toBe('input must not contain NUL characters');
    expect(refusal(() => query.parse({ db: 'a\u0000' })).path).toBe('db');
  });

  it('enforces min and max length', () => {
    expect(refusal(() => string({ min: 1 }).parse('')).message).toBe('input must not be empty');
    expect(refusal(() => string({ min: 3 }).parse('ab')).message).toBe('input must have at least 3 characters');
    expect(refusal(() => string({ max: 8 }).parse('123456789')).message).toBe('input must have at most 8 characters');
    expect(string({ max: 8 }).parse('12345678')).toBe('12345678');
  });

  it('has a default maximum of 4096 characters', () => {
    expect(string().parse('x'.repeat(4096))).toHaveLength(4096);
    expect(refusal(() => string().parse('x'.repeat(4097))).message).toMatch(/at most 4096 characters/);
  });

  it('refuses non-strings, naming the type it got', () => {
    expect(refusal(() => string().parse(12)).message).toBe('input must be a string (got number)');
  });
});

describe('boolean and union', () => {
  it('boolean refuses truthy look-alikes', () => {
    expect(boolean().parse(false)).toBe(false);
    for (const v of ['true', 1, 0, null])
      expect(refusal(() => boolean().parse(v)).message).toMatch(/must be true or false/);
  });

  it("union takes the first shape that parses and reports the first shape's error otherwise", () => {
    const byId = object({ id: number({ int: true }) });
    const byName = object({ name: string({ min: 1 }) });
    const either = union(byId, byName);
    expect(either.parse({ id: 3 })).toEqual({ id: 3 });
    expect(either.parse({ name: 'x' })).toEqual({ name: 'x' });
    expect(refusal(() => either.parse({ id: 'x' })).message).toBe('id must be a finite number (got "x")');
  });
});
