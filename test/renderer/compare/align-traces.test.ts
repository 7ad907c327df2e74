import { describe, expect, it } from 'vitest';
import type { TraceNode, TraceRow } from '../../../db/api/inspector-api.ts';
import { alignTraces } from '../../../renderer/compare/align-traces.ts';

function node(process: string, depth: number, durationMs: number | null, vars: Record<string, string> = {}): TraceNode {
  const rows = Object.entries(vars).map(([data, dataValue], i) => ({ id: i, data, dataValue }) as TraceRow);
  return { spanId: null, parentSpanId: null, process, depth, startTs: 0, durationMs, offsetMs: 0, status: 'OK', rows };
}

describe('alignTraces', () => {
  it('matches calls by function and occurrence, with the delta and the variables that differ', () => {
    const a = [
      node('api.handle', 0, 100, { user: 'u1' }),
      node('db.query', 1, 10, { sql: 'select 1' }),
      node('db.query', 1, 20, { sql: 'select 2' }),
      node('cache.get', 1, 1),
    ];
    const b = [
      node('api.handle', 0, 400, { user: 'u2' }),
      node('db.query', 1, 15, { sql: 'select 1' }),
      node('db.query', 1, 300, { sql: 'select 2' }),
      node('db.query', 1, 30, { sql: 'select 3' }),
    ];
    const rows = alignTraces(a, b);
    expect(rows.map((r) => [r.depth, r.process, !!r.a, !!r.b, r.deltaMs])).toEqual([
      [0, 'api.handle', true, true, 300],
      [1, 'db.query', true, true, 5],
      [1, 'db.query', true, true, 280],
      [1, 'cache.get', true, false, null],
      [1, 'db.query', false, true, null],
    ]);
    expect(rows[0].changed).toEqual([{ data: 'user', a: 'u1', b: 'u2' }]);
    expect(rows[1].changed).toEqual([]);
  });

  it('keeps each subtree under its own call, and walks a deep trace without recursion', () => {
    const a = [node('r', 0, 1), node('x', 1, 1), node('y', 2, 1), node('z', 1, 1)];
    const b = [node('r', 0, 1), node('z', 1, 1), node('w', 2, 1)];
    expect(alignTraces(a, b).map((r) => `${r.depth}${r.process}${r.a ? 'a' : ''}${r.b ? 'b' : ''}`)).toEqual([
      '0rab',
      '1xa',
      '2ya',
      '1zab',
      '2wb',
    ]);
    const deep = Array.from({ length: 50_000 }, (_, i) => node(`f${i % 3}`, i, 1));
    expect(alignTraces(deep, deep)).toHaveLength(50_000);
  });
});
