// A traced app's database, opened by the real engine: what the tracer writes is what the
// inspector shows (trees across awaits, function stats, source locations, the writer's heartbeat).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTracer } from '../../tracer/index.ts';
import { newEngine, openLive } from '../db/engine/engine-harness.ts';
import { tempDir } from '../fixtures/trace-db.ts';
import { PLACE_ORDER_LINE, sampleApp } from './sample-app.ts';

describe('tracer → engine round trip', () => {
  it('writes calls the engine reads back as trees, stats and a live heartbeat', async () => {
    const path = join(tempDir(), 'app.db');
    const tracer = createTracer({ path, flushMs: 10, heartbeatMs: 20 });
    const app = sampleApp(tracer);
    const ok = await app.placeOrder(1, 50);
    expect(ok).toEqual({ user: 'user 1', receipt: { charged: 50, currency: 'EUR' } });
    await expect(app.placeOrder(7, 500)).rejects.toThrow(RangeError);
    await new Promise((r) => setTimeout(r, 40));
    const stats = tracer.close();
    expect(stats).toMatchObject({ dropped: 0, queueDepth: 0, breaker: 'closed', status: 'OK' });
    expect(stats.written).toBe(stats.queued);

    const engine = newEngine();
    const db = await openLive(engine, path);
    const info = await engine.invoke('info', { db });
    expect(info.schema.missingOptional).toEqual([]);
    expect(info.schema.hasWriterStatus).toBe(true);

    const page = await engine.invoke('traces', { db, range: { preset: 'all' }, order: 'oldest', limit: 1000 });
    // 2 orders × (2 args + return) + 4 fetchUser × 2 + 2 charge × (1 arg + 1 final)
    expect(page.rows).toHaveLength(6 + 8 + 4);
    const roots = page.rows.filter((r) => r.process === 'orders.service.placeOrder' && r.data === 'userId');
    expect(roots.map((r) => r.dataValue)).toEqual(['1', '7']);
    expect(roots[0].traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(roots[0].spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(roots[0].parentSpanId).toBeNull();

    const tree = await engine.invoke('traceTree', { db, traceId: roots[0].traceId! });
    expect(tree.nodes.map((n) => [n.depth, n.process])).toEqual([
      [0, 'orders.service.placeOrder'],
      [1, 'users.repo.fetchUser'],
      [1, 'users.repo.fetchUser'],
      [1, 'payments.gateway.charge'],
    ]);
    const root = tree.nodes[0];
    expect(root.status).toBe('OK');
    expect(root.durationMs).toBeGreaterThanOrEqual(3);
    expect(root.rows.find((r) => r.data === 'return')).toMatchObject({
      dataType: 'Object',
      dataValue: '{user: "user 1", receipt: {charged: 50, currency: "EUR"}}',
    });
    for (const child of tree.nodes.slice(1)) expect(child.parentSpanId).toBe(root.spanId);
    expect(tree.nodes[1].rows.map((r) => [r.data, r.dataType, r.dataValue])).toEqual([
      ['id', 'number', '1'],
      ['return', 'Object', '{id: 1, name: "user 1"}'],
    ]);

    const failed = await engine.invoke('traceTree', { db, traceId: roots[1].traceId! });
    expect(failed.nodes.map((n) => [n.process, n.status])).toEqual([
      ['orders.service.placeOrder', 'ERROR'],
      ['users.repo.fetchUser', 'OK'],
      ['users.repo.fetchUser', 'OK'],
      ['payments.gateway.charge', 'ERROR'],
    ]);
    const exc = failed.nodes[3].rows.find((r) => r.data === 'exception')!;
    expect(exc).toMatchObject({
      dataType: 'RangeError',
      dataValue: 'amount 500 EUR exceeds the limit',
      status: 'ERROR',
    });
    expect(exc.exception).toContain('RangeError: amount 500 EUR exceeds the limit\n    at charge');
    expect(typeof exc.memoryDelta).toBe('number');

    const fstats = await engine.invoke('functionStats', {
      db,
      process: 'orders.service.placeOrder',
      range: { preset: 'all' },
    });
    expect(fstats).toMatchObject({ calls: 2, errors: 1, timedCalls: 2, sourceLine: PLACE_ORDER_LINE });
    expect(fstats.sourceFile).toBe(join(import.meta.dirname, 'sample-app.ts'));

    const overview = await engine.invoke('overview', { db, range: { preset: '1h' } });
    expect(overview.writer).toMatchObject({ status: 'OK', inferred: false, queueDepth: 0 });
  });
});
