import { describe, expect, it } from 'vitest';
import type { InspectorEvents } from '../../../db/api/types.ts';
import { appendRows, createTraceDb, sampleRows } from '../../fixtures/trace-db.ts';
import { newEngine, openLive } from './engine-harness.ts';

describe('the rows event', () => {
  it('says which ids are new and lists the newest 200 of a large commit inline', async () => {
    const path = createTraceDb({ rows: sampleRows(10) });
    const engine = newEngine();
    const db = await openLive(engine, path);
    const events: InspectorEvents['rows'][] = [];
    engine.subscribe(db, (event, payload) => {
      if (event === 'rows') events.push(payload as InspectorEvents['rows']);
    });
    const ids = appendRows(
      path,
      sampleRows(500, Date.now()).map((r) => ({ ...r, process: 'burst.fn' })),
    );
    const deadline = Date.now() + 10_000;
    while (events.reduce((n, e) => n + e.count, 0) < 500 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));

    expect(events.reduce((n, e) => n + e.count, 0)).toBe(500);
    expect(events[0].firstId).toBe(ids[0]);
    expect(events[events.length - 1].maxId).toBe(ids[ids.length - 1]);
    for (const e of events) {
      expect(e.maxId - e.firstId + 1).toBe(e.count);
      expect(e.rows.length).toBe(Math.min(200, e.count));
      expect(e.rows.map((r) => r.id)).toEqual(Array.from({ length: e.rows.length }, (_, i) => e.maxId - i));
    }
  });
});
