// When the trace file cannot be written the app must not notice: the breaker opens instead of
// blocking or throwing, rows wait in the bounded queue, and it closes once the file is free.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../tracer/circuit-breaker.ts';
import { createTracer } from '../../tracer/index.ts';
import { tempDir } from '../fixtures/trace-db.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

describe('circuit breaker', () => {
  it('opens while another connection holds an exclusive lock, keeps calls prompt, and closes after', async () => {
    const path = join(tempDir(), 'locked.db');
    const tracer = createTracer({ path, flushMs: 10, heartbeatMs: 25, breaker: { threshold: 2, cooldownMs: 50 } });
    const add = tracer.wrap(
      function add(a: number, b: number) {
        return a + b;
      },
      { name: 'math.add' },
    );
    add(1, 2);
    tracer.flush();
    expect(tracer.stats()).toMatchObject({ written: 3, breaker: 'closed' });

    // The lock is taken through node:sqlite, the tracer's own SQLite: two copies of SQLite in one
    // process (better-sqlite3 has its own) do not see each other's POSIX locks.
    const other = new DatabaseSync(path);
    other.exec('BEGIN EXCLUSIVE');
    other.exec(`INSERT INTO writer_status VALUES ('2026-01-01T00:00:00Z', 0, 'OK')`); // takes the write lock
    try {
      await until(() => tracer.stats().breaker === 'open', 'the breaker to open');
      let slowest = 0;
      for (let i = 0; i < 200; i++) {
        const t0 = performance.now();
        expect(add(i, 1)).toBe(i + 1);
        slowest = Math.max(slowest, performance.now() - t0);
        if (i % 20 === 0) await sleep(5); // let the writer retry (half-open) meanwhile
      }
      expect(slowest).toBeLessThan(20);
      const s = tracer.stats();
      expect(s.status).toBe('CIRCUIT_OPEN');
      expect(s.queueDepth).toBe(600);
      expect(s.failedWrites).toBeGreaterThanOrEqual(2);
      expect(s.lastError).toMatch(/locked|busy/i);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    await until(() => tracer.stats().queueDepth === 0, 'the queue to drain after the lock is released');
    expect(tracer.stats()).toMatchObject({ breaker: 'closed', written: 603, dropped: 0 });
    tracer.close();

    const check = new Database(path, { readonly: true });
    expect(check.prepare('SELECT count(*) FROM data_trace').pluck().get()).toBe(603);
    const states = check.prepare('SELECT status FROM writer_status ORDER BY rowid').pluck().all() as string[];
    // The heartbeats taken while the file was locked are written once it is free: the history shows the outage.
    expect(states).toContain('CIRCUIT_OPEN');
    expect(states.at(-1)).toBe('OK');
    check.close();
  });

  it('never throws into the app when the file cannot even be created', () => {
    const tracer = createTracer({ path: join(tempDir(), 'no', 'such', 'dir', 'x.db'), breaker: { threshold: 1 } });
    const f = tracer.wrap(function f() {
      return 'fine';
    });
    expect(f()).toBe('fine');
    tracer.flush();
    expect(tracer.stats()).toMatchObject({ breaker: 'open', queueDepth: 1, written: 0 });
    expect(tracer.stats().lastError).toMatch(/unable to open/i);
    tracer.close();
  });

  it('half-opens after its cool-down and doubles it when the retry fails', () => {
    const b = new CircuitBreaker({ threshold: 2, cooldownMs: 100, maxCooldownMs: 300 });
    b.failure(0);
    expect(b.state).toBe('closed');
    b.failure(0);
    expect(b.state).toBe('open');
    expect(b.allow(50)).toBe(false);
    expect(b.allow(100)).toBe(true);
    expect(b.state).toBe('half-open');
    b.failure(100);
    expect(b.allow(250)).toBe(false); // 200 ms now
    expect(b.allow(300)).toBe(true);
    b.success();
    expect(b.state).toBe('closed');
    expect(b.opens).toBe(2);
  });
});
