import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { AlertStore } from '../../../db/alerts/alert-store.ts';
import { backoffMs } from '../../../db/alerts/delivery.ts';
import { tempDir } from '../../fixtures/trace-db.ts';

describe('webhook outbox store', () => {
  it('marks an attempt cut short by a crash when it is next opened, and keeps the message due', () => {
    const path = join(tempDir(), 'alerts.sqlite');
    let store = new AlertStore(path);
    const hook = store.saveWebhook({ name: 'r', url: 'http://127.0.0.1:9/', format: 'json', enabled: true }, 1000);
    const [id] = store.enqueue(null, [{ webhookId: hook.id, event: 'test', body: '{"type":"test"}' }], 1000, 99_000);
    store.startAttempt(id, 1500);
    store.close(); // the process dies here, before the answer is recorded

    store = new AlertStore(path);
    const [d] = store.deliveries({ limit: 10 });
    expect(d).toMatchObject({ id, status: 'pending', attempts: [{ at: 1500, statusCode: null, error: 'no answer recorded: the app stopped during this attempt', durationMs: 0 }] });
    expect(store.due(2000, 10).map((m) => [m.id, m.body])).toEqual([[id, '{"type":"test"}']]);
    store.close();
  });
});

describe('backoff', () => {
  it('doubles from the base, is capped, and jitters between half and all of the step', () => {
    const o = { baseDelayMs: 1000, maxDelayMs: 8000 };
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffMs(n, { ...o, random: () => 1 }))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    expect([1, 2, 3].map((n) => backoffMs(n, { ...o, random: () => 0 }))).toEqual([500, 1000, 2000]);
  });
});
