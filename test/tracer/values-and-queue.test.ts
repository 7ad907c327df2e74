// Values are captured safely and bounded; a full queue drops rows and counts them, never blocks.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paramNames } from '../../tracer/definition-site.ts';
import { capture, createTracer } from '../../tracer/index.ts';
import { tempDir } from '../fixtures/trace-db.ts';

describe('value capture', () => {
  it('prints cycles, BigInts, Buffers, Maps and class instances readably', () => {
    const order: Record<string, unknown> = { id: 7n, tags: new Set(['a']), meta: new Map([['k', 1]]) };
    order.self = order;
    expect(capture(order, 1000)).toEqual({
      type: 'Object',
      text: '{id: 7n, tags: Set("a"), meta: Map("k" => 1), self: [Circular]}',
    });
    expect(capture(Buffer.from([1, 2, 255]), 100)).toEqual({ type: 'Buffer', text: '<Buffer 01 02 ff (3 bytes)>' });
    class Cart {
      items = [1, 2];
    }
    expect(capture(new Cart(), 100)).toEqual({ type: 'Cart', text: 'Cart {items: [1, 2]}' });
    expect(capture(12345678901234567890n, 100)).toEqual({ type: 'bigint', text: '12345678901234567890' });
    expect(capture(null, 10)).toEqual({ type: 'null', text: 'null' });
    expect(capture(new Date(0), 100).text).toBe('1970-01-01T00:00:00.000Z');
    const throwing = {
      get boom() {
        throw new Error('getter failed');
      },
    };
    expect(capture(throwing, 100).text).toContain('[unserializable: getter failed]');
  });

  it('truncates huge strings and objects to the configured size without walking all of them', () => {
    const huge = 'x'.repeat(50_000_000);
    const s = capture(huge, 100);
    expect(s.text).toBe(`${'x'.repeat(100)}…[+49999900 chars]`);
    // A witness instead of a stopwatch: count the elements the capture reads.
    let reads = 0;
    const items = Array.from({ length: 100_000 }, (_, i) => ({ i, name: `item ${i}` }));
    const watched = new Proxy(items, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const big = capture(watched, 200);
    expect(reads).toBeLessThan(50);
    expect(big.text.length).toBeLessThan(230);
    expect(big.text.endsWith('…[truncated]')).toBe(true);
    expect(capture({ s: huge }, 50).text).toBe(`{s: "${'x'.repeat(45)}…[truncated]`);
  });

  it('names parameters from the source, once per function', () => {
    expect(
      paramNames(function f(a: number, { b }: { b: number }, c = Math.max(1, 2), ...rest: number[]) {
        return [a, b, c, rest];
      }),
    ).toEqual({ names: ['a', 'arg1', 'c'], rest: 'rest' });
    expect(paramNames(async (x: string) => x)).toEqual({ names: ['x'], rest: null });
    expect(paramNames((y: string) => y)).toEqual({ names: ['y'], rest: null });
  });
});

describe('bounded queue', () => {
  it('drops rows beyond its capacity, counts them, and writes the rest', () => {
    const path = join(tempDir(), 'overflow.db');
    const tracer = createTracer({ path, queueCapacity: 100, flushMs: 60_000, heartbeatMs: 0, maxValueChars: 10 });
    const log = tracer.wrap(
      function log(message: string) {
        return message.length;
      },
      { name: 'app.log' },
    );
    for (let i = 0; i < 100; i++) log(`message number ${i}`); // 2 rows a call
    expect(tracer.stats()).toMatchObject({ queued: 100, dropped: 100, queueDepth: 100, written: 0 });
    tracer.close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM data_trace').pluck().get()).toBe(100);
    expect(db.prepare(`SELECT data_value FROM data_trace WHERE data = 'message' LIMIT 1`).pluck().get()).toBe(
      'message nu…[+6 chars]',
    );
    db.close();
  });
});
