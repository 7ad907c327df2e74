// Rules and the alert lifecycle through the engine's API table, on real trace files with rows
// appended while the engine tails them.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Alert } from '../../../db/api/alert-types.ts';
import { Engine } from '../../../db/engine/engine.ts';
import { appendRows, createTraceDb, tempDir, type FixtureRow } from '../../fixtures/trace-db.ts';
import { newEngine, openLive, until } from '../engine/engine-harness.ts';
import { generateTraceDb } from '../../../main/demo/generate.ts';

const now = () => new Date().toISOString();
const value = (process: string, data: string, v: string, extra: Partial<FixtureRow> = {}): FixtureRow => ({
  process,
  data,
  data_type: 'str',
  data_value: v,
  timestamp: now(),
  status: 'OK',
  ...extra,
});
const repeat = (n: number, process: string, data: string, v: string) =>
  Array.from({ length: n }, () => value(process, data, v));

async function bad2(engine: Engine, op: string, input: unknown): Promise<{ kind: string; message: string }> {
  const r = await engine.call(op, input);
  if (r.ok) throw new Error(`${op} accepted ${JSON.stringify(input)}`);
  return r.error;
}

async function call<T>(engine: Engine, op: string, input: unknown): Promise<T> {
  const r = await engine.call(op, input);
  if (!r.ok) throw new Error(`${op}: ${r.error.kind}: ${r.error.message}`);
  return r.value as T;
}

describe('alert rules and lifecycle', () => {
  it('fires for a stale variable within 2 s, is acknowledged, and resolves when the value changes', async () => {
    const dataDir = join(tempDir(), 'data');
    const engine = newEngine({ dataDir, alerts: { tickMs: 200 } });
    const path = createTraceDb({ rows: repeat(3, 'inventory.sync.poll', 'self.last_sync', '2026-11-23T10:00') });
    const db = await openLive(engine, path);
    const events: Alert[] = [];
    engine.subscribe(db, (e, p) => e === 'alert' && events.push((p as { alert: Alert }).alert));

    const rules = await call<{ name: string; condition: unknown }[]>(engine, 'alertRules', { db });
    expect(rules).toEqual([
      expect.objectContaining({
        name: 'Stale variable',
        condition: { kind: 'staleness', process: '*', data: '*', threshold: 5 },
      }),
    ]);
    expect(await call(engine, 'alerts', { db })).toEqual([]);

    const t0 = Date.now();
    appendRows(path, repeat(3, 'inventory.sync.poll', 'self.last_sync', '2026-11-23T10:00')); // 6 in a row > 5
    const fired = await until(
      () => call<Alert[]>(engine, 'alerts', { db }),
      (a) => a.length === 1,
      'the alert to fire',
    );
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(fired[0]).toMatchObject({
      state: 'firing',
      severity: 'warning',
      subject: 'inventory.sync.poll · self.last_sync',
      ruleKind: 'staleness',
      value: 6,
    });
    expect(fired[0].message).toMatch(/same value 6 times in a row \(more than 5\)/);

    // Repeating further keeps one alert (deduplicated by rule and subject).
    appendRows(path, repeat(4, 'inventory.sync.poll', 'self.last_sync', '2026-11-23T10:00'));
    await new Promise((r) => setTimeout(r, 600));
    expect(await call<Alert[]>(engine, 'alerts', { db })).toHaveLength(1);

    const acked = await call<Alert>(engine, 'acknowledgeAlert', {
      db,
      id: fired[0].id,
      comment: 'poller restarted',
      by: 'dana',
    });
    expect(acked).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'dana', comment: 'poller restarted' });
    await expect(engine.invoke('acknowledgeAlert', { db, id: fired[0].id })).rejects.toMatchObject({
      kind: 'invalid-input',
    });

    appendRows(path, [value('inventory.sync.poll', 'self.last_sync', '2026-11-23T10:05')]);
    await until(
      () => call<Alert[]>(engine, 'alerts', { db }),
      (a) => a.length === 0,
      'the alert to resolve',
    );
    const all = await call<Alert[]>(engine, 'alerts', { db, state: 'all' });
    expect(all[0]).toMatchObject({ state: 'resolved', resolvedBy: 'engine' });

    const history = await call<{ from: string | null; to: string; by: string }[]>(engine, 'alertHistory', {
      db,
      alertId: fired[0].id,
    });
    expect(history.map((h) => [h.from, h.to, h.by]).reverse()).toEqual([
      [null, 'firing', 'engine: rule "Stale variable"'],
      ['firing', 'acknowledged', 'dana'],
      ['acknowledged', 'resolved', 'engine'],
    ]);
    expect(events.map((e) => e.state)).toEqual(['firing', 'acknowledged', 'resolved']);
  });

  it('evaluates error-rate, slow-function and silence rules, and resolves them when they clear', async () => {
    const engine = newEngine({ alerts: { tickMs: 200 } });
    const old = new Date(Date.now() - 120_000).toISOString();
    const path = createTraceDb({
      rows: [
        ...Array.from({ length: 30 }, (_, i) =>
          value('pay.charge', 'amount', String(i), {
            status: i % 3 === 0 ? 'ERROR' : 'OK',
            process_group: 'payments',
            duration_ms: i < 25 ? 10 : 900,
            span_id: `s${i}`,
            trace_id: `t${i}`,
          }),
        ),
        value('batch.job', 'n', '1', { timestamp: old }),
      ],
    });
    const db = await openLive(engine, path);
    await call(engine, 'saveAlertRule', {
      db,
      rule: {
        name: 'Payments failing',
        severity: 'critical',
        condition: { kind: 'errorRate', scope: 'group', match: 'pay*', percent: 20, windowSec: 300 },
      },
    });
    await call(engine, 'saveAlertRule', {
      db,
      rule: {
        name: 'Slow charge',
        severity: 'warning',
        condition: { kind: 'slowFunction', process: 'pay.charge', p95Ms: 500, windowSec: 300 },
      },
    });
    await call(engine, 'saveAlertRule', {
      db,
      rule: { name: 'Quiet', severity: 'info', condition: { kind: 'silence', source: 'rows', seconds: 30 } },
    });
    const open = await until(
      () => call<Alert[]>(engine, 'alerts', { db }),
      (a) => a.length >= 2,
      'windowed alerts',
    );
    const byRule = Object.fromEntries(open.map((a) => [a.ruleName, a]));
    expect(byRule['Payments failing']).toMatchObject({ subject: 'payments', value: 33.3 });
    expect(byRule['Slow charge']).toMatchObject({ subject: 'pay.charge', value: 900 });
    expect(byRule.Quiet).toBeUndefined(); // rows are 0 s old

    // Many good, fast calls dilute both below their limits: they resolve by themselves.
    appendRows(
      path,
      Array.from({ length: 300 }, (_, i) =>
        value('pay.charge', 'amount', String(i), {
          process_group: 'payments',
          duration_ms: 12,
          span_id: `n${i}`,
          trace_id: `u${i}`,
        }),
      ),
    );
    await until(
      () => call<Alert[]>(engine, 'alerts', { db }),
      (a) => a.length === 0,
      'the windowed alerts to resolve',
    );
  });

  it('refuses invalid rules with a clear error and keeps rules per database across restarts', async () => {
    const dataDir = join(tempDir(), 'data');
    const path = createTraceDb({ rows: [value('a', 'x', '1')] });
    let engine = new Engine({ dataDir });
    let db = await openLive(engine, path);
    const bad = async (rule: unknown) =>
      (await engine.call('saveAlertRule', { db, rule })) as { ok: false; error: { kind: string; message: string } };
    expect(
      (await bad({ name: 'x', severity: 'loud', condition: { kind: 'silence', source: 'rows', seconds: 5 } })).error,
    ).toMatchObject({
      kind: 'invalid-input',
      message: expect.stringMatching(/severity must be one of info, warning, critical/),
    });
    expect((await bad({ name: 'x', severity: 'info', condition: { kind: 'telepathy' } })).error.message).toMatch(
      /condition\.kind must be one of staleness, errorRate, slowFunction, silence/,
    );
    expect(
      (
        await bad({
          name: 'x',
          severity: 'info',
          condition: { kind: 'staleness', process: '*', data: '*', threshold: 0 },
        })
      ).error.message,
    ).toMatch(/threshold must be between 1/);
    expect(
      (
        await bad({
          name: 'x',
          severity: 'info',
          condition: { kind: 'silence', source: 'rows', seconds: 5 },
          webhooks: ['wh_nope'],
        })
      ).error,
    ).toMatchObject({ kind: 'invalid-input', message: expect.stringMatching(/no webhook with id "wh_nope"/) });

    const saved = await call<{ id: string }>(engine, 'saveAlertRule', {
      db,
      rule: {
        name: 'Quiet writer',
        severity: 'critical',
        condition: { kind: 'silence', source: 'heartbeat', seconds: 60 },
      },
    });
    // A tick between the save and the snooze may already have raised it (no heartbeat at all): that
    // alert stays open, as documented; what the snooze stops is any alert raised after it.
    const snoozed = await call<{ snoozedUntil: number }>(engine, 'snoozeAlertRule', { db, id: saved.id, minutes: 30 });
    const snoozedAt = Date.now();
    expect(snoozed.snoozedUntil).toBeGreaterThan(Date.now() + 29 * 60_000);
    expect(
      (await call<{ snoozedUntil: number }>(engine, 'snoozeAlertRule', { db, id: saved.id, minutes: 'forever' }))
        .snoozedUntil,
    ).toBe(8.64e15);
    expect((await bad2(engine, 'snoozeAlertRule', { db, id: saved.id, minutes: 'tomorrow' })).message).toMatch(
      /minutes/,
    );
    const exported = await call<{ version: number; rules: unknown[] }>(engine, 'exportAlertRules', { db });
    expect(exported.rules).toHaveLength(2);
    await engine.shutdown();

    engine = new Engine({ dataDir });
    db = await openLive(engine, path);
    const rules = await call<{ name: string }[]>(engine, 'alertRules', { db });
    expect(rules.map((r) => r.name)).toEqual(['Stale variable', 'Quiet writer']); // no second default rule
    // The snoozed rule raised nothing even though there is no heartbeat at all.
    await new Promise((r) => setTimeout(r, 1200));
    const raised = (await call<Alert[]>(engine, 'alerts', { db })).filter((a) => a.ruleName === 'Quiet writer');
    expect(raised.filter((a) => a.firedAt >= snoozedAt)).toEqual([]);

    const other = createTraceDb({ rows: [value('b', 'y', '2')] });
    const db2 = await openLive(engine, other);
    expect((await call<{ name: string }[]>(engine, 'alertRules', { db: db2 })).map((r) => r.name)).toEqual([
      'Stale variable',
    ]);
    const imported = await call<{ name: string }[]>(engine, 'importAlertRules', {
      db: db2,
      rules: exported.rules,
      mode: 'replace',
    });
    expect(imported.map((r) => r.name)).toEqual(['Stale variable', 'Quiet writer']);
    await engine.shutdown();
  });

  it('raises alerts for the current runs of a database with history, and an append touches only its own variable', async () => {
    const dir = tempDir();
    const path = join(dir, 'history.db');
    generateTraceDb({ path, rows: 30_000, sourceDir: join(dir, 'src'), seed: 11 });
    const engine = newEngine({ alerts: { tickMs: 200 } });
    const db = await openLive(engine, path);
    // What is stale now, by the engine's own staleness query (same default threshold 5).
    const staleNow = (await engine.invoke('staleness', { db })).variables
      .filter((v) => v.stale)
      .map((v) => `${v.process} · ${v.data}`)
      .sort();
    expect(staleNow.length).toBeGreaterThan(3);
    const first = await until(
      () => call<Alert[]>(engine, 'alerts', { db }),
      (a) => a.length >= staleNow.length,
      'alerts for the stale variables',
    );
    expect(first.map((a) => a.subject).sort()).toEqual(staleNow);
    // Nothing fired and resolved for runs of the past while the index replayed the history.
    expect(await call<unknown[]>(engine, 'alertHistory', { db })).toHaveLength(staleNow.length);

    appendRows(path, repeat(7, 'e2e.stuck', 'value', 'same'));
    const after = await until(
      () => call<Alert[]>(engine, 'alerts', { db }),
      (a) => a.length === staleNow.length + 1,
      'the new alert',
    );
    expect(after.map((a) => a.subject).sort()).toEqual([...staleNow, 'e2e.stuck · value'].sort());
    await new Promise((r) => setTimeout(r, 500));
    expect(await call<unknown[]>(engine, 'alertHistory', { db })).toHaveLength(staleNow.length + 1);
  });
});
