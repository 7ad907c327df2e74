// Files whose rows mark a call's start, and files whose decorator stamps each call as it returns:
// the engine tells them apart from parent and child order, and the trace tree's starts, offsets
// and order follow (start = end − duration on an end-stamped file). The user can override it.
import { describe, expect, it } from 'vitest';
import { createTraceDb, type FixtureRow } from '../../fixtures/trace-db.ts';
import { newEngine, openLive } from '../engine/engine-harness.ts';

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);

/** One call as (name, parent, start, duration); a trace: handle [0, 100) → load [10, 40) → query [15, 35), save [50, 90). */
const CALLS: [string, string | null, number, number][] = [
  ['api.handle', null, 0, 100],
  ['repo.load', 'api.handle', 10, 30],
  ['db.query', 'repo.load', 15, 20],
  ['repo.save', 'api.handle', 50, 40],
];

function file(stamp: 'start' | 'end', traces = 30): FixtureRow[] {
  const rows: FixtureRow[] = [];
  for (let t = 0; t < traces; t++) {
    const base = T0 + t * 1000;
    for (const [name, parent, start, dur] of CALLS) {
      const common = {
        process: name,
        trace_id: `tr${t}`,
        span_id: name,
        parent_span_id: parent,
        duration_ms: dur,
        status: 'OK',
      };
      if (stamp === 'start') {
        rows.push({ ...common, data: 'arg', timestamp: new Date(base + start).toISOString() });
        rows.push({ ...common, data: 'return', timestamp: new Date(base + start + dur).toISOString() });
      } else {
        rows.push({ ...common, data: 'arg', timestamp: new Date(base + start + dur).toISOString() });
        rows.push({ ...common, data: 'return', timestamp: new Date(base + start + dur).toISOString() });
      }
    }
  }
  // Written in the order an end-stamping tracer writes: innermost call first.
  return stamp === 'end' ? rows.sort((a, b) => String(a.timestamp).localeCompare(String(b.timestamp))) : rows;
}

describe('timestamps that mark a call start or its end', () => {
  it.each(['start', 'end'] as const)('detects %s-stamped rows and draws the trace from real starts', async (stamp) => {
    const engine = newEngine();
    const db = await openLive(engine, createTraceDb({ rows: file(stamp) }));
    const reading = await engine.invoke('timestamps', { db });
    expect(reading).toMatchObject({ convention: stamp, detected: stamp, source: 'detected' });
    const tree = await engine.invoke('traceTree', { db, traceId: 'tr3' });
    // Depth-first, siblings by start: handle, load, query, save — and offsets from the root's start.
    expect(tree.nodes.map((n) => [n.process, n.offsetMs])).toEqual([
      ['api.handle', 0],
      ['repo.load', 10],
      ['db.query', 15],
      ['repo.save', 50],
    ]);
    expect(tree.startTs).toBe(T0 + 3000);
    expect(tree.durationMs).toBe(100);
  });

  it('follows what the user sets, and goes back to detecting on auto', async () => {
    const engine = newEngine();
    const db = await openLive(engine, createTraceDb({ rows: file('end') }));
    await engine.invoke('setTimestampConvention', { db, convention: 'start' });
    expect(await engine.invoke('timestamps', { db })).toMatchObject({
      convention: 'start',
      source: 'setting',
      detected: 'end',
    });
    const raw = await engine.invoke('traceTree', { db, traceId: 'tr0' });
    // Read as starts, the end stamps put the root after its children (the bug this detection fixes).
    expect(raw.nodes.map((n) => [n.process, n.offsetMs])).toEqual([
      ['api.handle', 100 - 35],
      ['repo.load', 40 - 35],
      ['db.query', 0],
      ['repo.save', 90 - 35],
    ]);
    await engine.invoke('setTimestampConvention', { db, convention: 'auto' });
    expect(await engine.invoke('timestamps', { db })).toMatchObject({ convention: 'end', source: 'detected' });
    await expect(engine.invoke('setTimestampConvention', { db, convention: 'middle' as never })).rejects.toMatchObject({
      kind: 'invalid-input',
    });
  });

  it('reads a file with too few parent and child calls as start-stamped', async () => {
    const engine = newEngine();
    const db = await openLive(engine, createTraceDb({ rows: file('end', 3) }));
    expect(await engine.invoke('timestamps', { db })).toMatchObject({ convention: 'start', childFirst: 9 });
  });
});
