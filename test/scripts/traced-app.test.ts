// The demo's traced Node app writes what every tab needs, through the real tracer: nested
// traces across awaits, errors with stacks, a stale variable and source lines in its own file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTracedApp } from '../../scripts/demo/traced-app.ts';
import { newEngine, openLive, until } from '../db/engine/engine-harness.ts';
import { tempDir } from '../fixtures/trace-db.ts';

describe('the traced demo app', () => {
  it('writes nested traces, errors, a stale variable and source locations', async () => {
    const path = join(tempDir(), 'node-app.db');
    const app = startTracedApp({ path, requestsPerSec: 100, heartbeat: true, syncEveryMs: 10, stallAfterPolls: 5 });
    await until(
      () => app.stats().written,
      (n) => n > 500,
      'the traced app to write 500 rows',
    );
    const stats = app.stop();
    expect(stats.dropped).toBe(0);
    expect(stats.written).toBeGreaterThan(500);

    const engine = newEngine();
    const db = await openLive(engine, path);
    const fns = await engine.invoke('functions', { db });
    expect(fns.map((f) => f.process).sort()).toEqual([
      'api.orders.checkout',
      'auth.session.verifyToken',
      'catalog.inventory.reserveStock',
      'catalog.pricing.priceOf',
      'catalog.sync.pollStock',
      'notifications.email.sendReceipt',
      'payments.gateway.charge',
    ]);
    for (const f of fns) {
      const line = readFileSync(f.sourceFile!, 'utf8').split('\n')[f.sourceLine! - 1];
      expect(line).toContain(`function ${f.process.split('.').at(-1)}(`);
    }
    const checkout = await engine.invoke('traces', { db, search: 'checkout', limit: 1, order: 'oldest' });
    const tree = await engine.invoke('traceTree', { db, traceId: checkout.rows[0].traceId! });
    expect(tree.nodes[0].process).toBe('api.orders.checkout');
    expect(tree.nodes.filter((n) => n.depth === 1).map((n) => n.process)).toContain('auth.session.verifyToken');

    const stale = await engine.invoke('staleness', { db });
    expect(stale.variables.map((v) => `${v.process}:${v.data}`)).toContain('catalog.sync.pollStock:since');
    const overview = await engine.invoke('overview', { db, range: { preset: '1h' } });
    expect(overview.writer.inferred).toBe(false);
  });
});
