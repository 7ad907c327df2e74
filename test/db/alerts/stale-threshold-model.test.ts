// Stale thresholds and staleness alert rules are one model (db/index/stale-thresholds.ts): a
// threshold set on a mark is the rule's, one set on a rule moves the marks, an ignored variable
// neither marks nor fires, and rules saved before this keep their thresholds. Real files, live.
import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Alert, AlertRule, StaleRule } from '../../../db/api/alert-types.ts';
import type { StaleVariable } from '../../../db/api/types.ts';
import type { Engine } from '../../../db/engine/engine.ts';
import { databaseKey, settingsPath } from '../../../db/index/sidecar-location.ts';
import { STALE_RULES_MAX } from '../../../db/engine/settings-store.ts';
import { appendRows, createTraceDb, tempDir, type FixtureRow } from '../../fixtures/trace-db.ts';
import { newEngine, openLive, until } from '../engine/engine-harness.ts';

const repeat = (n: number, process: string, data: string, v: string): FixtureRow[] =>
  Array.from({ length: n }, () => ({
    process,
    data,
    data_type: 'str',
    data_value: v,
    timestamp: new Date().toISOString(),
    status: 'OK',
  }));

const SUBJECT = 'inv.poll · last_sync';

async function call<T>(engine: Engine, op: string, input: unknown): Promise<T> {
  const r = await engine.call(op, input);
  if (!r.ok) throw new Error(`${op}: ${r.error.kind}: ${r.error.message}`);
  return r.value as T;
}

async function refused(engine: Engine, op: string, input: unknown): Promise<{ kind: string; message: string }> {
  const r = await engine.call(op, input);
  if (r.ok) throw new Error(`${op} accepted ${JSON.stringify(input).slice(0, 200)}`);
  return r.error;
}

const variable = async (engine: Engine, db: string, process = 'inv.poll', data = 'last_sync') =>
  (await call<{ variables: StaleVariable[] }>(engine, 'staleness', { db, all: true })).variables.find(
    (v) => v.process === process && v.data === data,
  );
const openFor = async (engine: Engine, db: string, subject = SUBJECT) =>
  (await call<Alert[]>(engine, 'alerts', { db })).filter((a) => a.subject === subject);

describe('stale thresholds and staleness rules: one model', () => {
  it('moves the marks, the rules and the alerts together, wherever the threshold is set', async () => {
    const engine = newEngine({ alerts: { tickMs: 200 } });
    const path = createTraceDb({ rows: repeat(6, 'inv.poll', 'last_sync', 'a') });
    const db = await openLive(engine, path);
    const fired = await until(
      () => openFor(engine, db),
      (a) => a.length === 1,
      'the default rule to fire',
    );
    expect(fired[0]).toMatchObject({ ruleName: 'Stale variable', value: 6 });

    // Set on the mark: the variable is no longer stale, and its alert resolves.
    await call(engine, 'setStaleThreshold', { db, process: 'inv.poll', data: 'last_sync', threshold: 10 });
    expect(await variable(engine, db)).toMatchObject({ threshold: 10, stale: false });
    await until(
      () => openFor(engine, db),
      (a) => a.length === 0,
      'the alert to resolve',
    );
    const resolved = (await call<Alert[]>(engine, 'alerts', { db, state: 'all' })).find((a) => a.id === fired[0].id);
    expect(resolved?.resolvedBy).toBe('engine');

    // Set on a rule: the mark follows (and so does the default rule, which watches every variable).
    const rule = await call<AlertRule>(engine, 'saveAlertRule', {
      db,
      rule: {
        name: 'Poll stuck',
        severity: 'critical',
        condition: { kind: 'staleness', process: 'inv.poll', data: 'last_sync', threshold: 3 },
      },
    });
    expect(rule.condition).toEqual({ kind: 'staleness', process: 'inv.poll', data: 'last_sync', threshold: 3 });
    expect(await variable(engine, db)).toMatchObject({ threshold: 3, stale: true });
    const both = await until(
      () => openFor(engine, db),
      (a) => a.length === 2,
      'both rules to fire',
    );
    expect(both.map((a) => a.ruleName).sort()).toEqual(['Poll stuck', 'Stale variable']);

    // Ignored on the mark: the rule shows it, both alerts resolve, and more repeats raise nothing.
    await call(engine, 'setStaleThreshold', { db, process: 'inv.poll', data: 'last_sync', threshold: 'ignore' });
    const rules = await call<AlertRule[]>(engine, 'alertRules', { db });
    expect(rules.find((r) => r.id === rule.id)?.condition).toMatchObject({ threshold: 'ignore' });
    expect(rules.find((r) => r.name === 'Stale variable')?.condition).toMatchObject({ threshold: 5 });
    expect(await variable(engine, db)).toMatchObject({ threshold: 'ignore', stale: false, staleSinceTs: null });
    await until(
      () => openFor(engine, db),
      (a) => a.length === 0,
      'the ignored variable’s alerts to resolve',
    );
    appendRows(path, [...repeat(40, 'inv.poll', 'last_sync', 'a'), ...repeat(6, 'witness', 'w', 'b')]);
    // The witness's alert comes from the same evaluation pass that saw the 40 new repeats.
    await until(
      () => openFor(engine, db, 'witness · w'),
      (a) => a.length === 1,
      'the witness to fire',
    );
    expect(await openFor(engine, db)).toEqual([]);
    expect(
      (await call<{ variables: StaleVariable[] }>(engine, 'staleness', { db })).variables.map((v) => v.process),
    ).toEqual(['witness']);

    // Back to the default (5): 46 repeats are stale again, for the marks and both rules.
    await call(engine, 'setStaleThreshold', { db, process: 'inv.poll', data: 'last_sync', threshold: null });
    expect(await variable(engine, db)).toMatchObject({ threshold: 5, stale: true, runLength: 46 });
    await until(
      () => openFor(engine, db),
      (a) => a.length === 2,
      'both rules to fire again',
    );
    expect(
      (await call<AlertRule[]>(engine, 'alertRules', { db })).find((r) => r.id === rule.id)?.condition,
    ).toMatchObject({
      threshold: 5,
    });
  });

  it('saves a rule without a threshold leaving the model as it is, and a refused rule changes nothing', async () => {
    const engine = newEngine();
    const path = createTraceDb({ rows: repeat(4, 'inv.poll', 'last_sync', 'a') });
    const db = await openLive(engine, path);
    await call(engine, 'setStaleThreshold', { db, process: 'inv.*', data: '*', threshold: 2 });
    const kept = await call<AlertRule>(engine, 'saveAlertRule', {
      db,
      rule: { name: 'Any inv', severity: 'info', condition: { kind: 'staleness', process: 'inv.*', data: '*' } },
    });
    expect(kept.condition).toEqual({ kind: 'staleness', process: 'inv.*', data: '*', threshold: 2 });
    expect(await call(engine, 'staleThresholds', { db })).toEqual([{ process: 'inv.*', data: '*', threshold: 2 }]);
    const error = await refused(engine, 'saveAlertRule', {
      db,
      rule: {
        name: 'x',
        severity: 'info',
        condition: { kind: 'staleness', process: 'inv.*', data: '*', threshold: 40 },
        webhooks: ['wh_nope'],
      },
    });
    expect(error.kind).toBe('invalid-input');
    expect(await variable(engine, db)).toMatchObject({ threshold: 2, stale: true });
  });

  it('refuses hostile threshold input with a specific error and loses nothing', async () => {
    const dataDir = join(tempDir(), 'data');
    const path = createTraceDb({ rows: repeat(4, 'inv.poll', 'last_sync', 'a') });
    // A settings file already at the limit (as many entries as a database may keep).
    const full: StaleRule[] = Array.from({ length: STALE_RULES_MAX }, (_, i) => ({
      process: `p${i}`,
      data: 'x',
      threshold: 2,
    }));
    const file = settingsPath(dataDir, databaseKey(path));
    mkdirSync(join(dataDir, 'settings'), { recursive: true });
    writeFileSync(file, JSON.stringify({ staleRules: full, sourceRoots: [], savedFilters: [] }));
    const engine = newEngine({ dataDir });
    const db = await openLive(engine, path);
    const set = (process: unknown, data: unknown, threshold: unknown) =>
      refused(engine, 'setStaleThreshold', { db, process, data, threshold });

    for (const t of [0, -1, 2.5, 1_000_001, 1e300, 'IGNORE', 'Infinity', '5', {}, [], true])
      expect((await set('a', 'x', t)).kind, JSON.stringify(t)).toBe('invalid-input');
    expect((await set('   ', 'x', 3)).message).toMatch(/process cannot be blank/);
    expect((await set('a', '', 3)).kind).toBe('invalid-input');
    expect((await set('a'.repeat(1025), 'x', 3)).kind).toBe('invalid-input');
    expect((await set({ length: 1 }, 'x', 3)).kind).toBe('invalid-input');
    expect(
      (await refused(engine, 'setStaleThreshold', { db, process: 'a', data: 'x', threshold: 3, extra: 1 })).kind,
    ).toBe('invalid-input');
    const tooMany = await set('new', 'x', 3);
    expect(tooMany).toMatchObject({
      kind: 'too-large',
      message: expect.stringMatching(/at most 1,000 stale thresholds/),
    });
    // Replacing an entry does not grow the list, so it is still allowed; nothing was lost.
    const after = await call<StaleRule[]>(engine, 'setStaleThreshold', { db, process: 'p7', data: 'x', threshold: 9 });
    expect(after).toHaveLength(STALE_RULES_MAX);
    expect(after.find((r) => r.process === 'p7')?.threshold).toBe(9);
    expect(after.some((r) => r.process === 'new')).toBe(false);

    // A pattern built to make a backtracking matcher spin is just a pattern: the marks still answer.
    await call(engine, 'setStaleThreshold', { db, process: 'p7', data: 'x', threshold: null });
    await call(engine, 'setStaleThreshold', { db, process: `${'*a'.repeat(500)}b`, data: '*', threshold: 2 });
    expect(await variable(engine, db)).toMatchObject({ threshold: 5, runLength: 4 });
  });

  it('moves the thresholds of rules saved before the one model into it, without overriding a set one', async () => {
    const dataDir = join(tempDir(), 'data');
    const path = createTraceDb({
      rows: [...repeat(4, 'inv.poll', 'last_sync', 'a'), ...repeat(4, 'orders', 'id', 'b')],
    });
    let engine = newEngine({ dataDir });
    let db = await openLive(engine, path);
    const save = (name: string, process: string, data: string) =>
      call<AlertRule>(engine, 'saveAlertRule', {
        db,
        rule: { name, severity: 'warning', condition: { kind: 'staleness', process, data } },
      });
    const a = await save('Poll', 'inv.poll', 'last_sync');
    const b = await save('Poll again', 'inv.poll', 'last_sync');
    const c = await save('Orders', 'orders', 'id');
    const d = await save('Queue', 'queue', 'depth');
    const e = await save('Queue again', 'queue', 'depth');
    await call(engine, 'setStaleThreshold', { db, process: 'orders', data: 'id', threshold: 'ignore' });
    await engine.shutdown();

    // As an older version stored them: each staleness rule with its own threshold.
    const store = new Database(join(dataDir, 'alerts.sqlite'));
    const put = store.prepare("UPDATE rules SET json = json_set(json, '$.condition.threshold', ?) WHERE id = ?");
    for (const [id, t] of [
      [a.id, 3],
      [b.id, 9],
      [c.id, 2],
      [d.id, 5],
      [e.id, 9],
    ] as const)
      put.run(t, id);
    store
      .prepare(
        "UPDATE rules SET json = json_set(json, '$.condition.threshold', 5) WHERE json ->> '$.name' = 'Stale variable'",
      )
      .run();
    store.close();

    engine = newEngine({ dataDir });
    db = await openLive(engine, path);
    const rules = await until(
      () => call<AlertRule[]>(engine, 'alertRules', { db }),
      (rs) =>
        rs.find((r) => r.id === a.id)?.condition.kind === 'staleness' &&
        (rs.find((r) => r.id === a.id)?.condition as { threshold: unknown }).threshold === 3,
      'the legacy threshold to be in the model',
    );
    // The first rule's number wins over a later rule's for the same variables (even the default 5,
    // which needs no entry); the set 'ignore' stays.
    expect(rules.map((r) => [r.name, (r.condition as { threshold: unknown }).threshold])).toEqual([
      ['Stale variable', 5],
      ['Poll', 3],
      ['Poll again', 3],
      ['Orders', 'ignore'],
      ['Queue', 5],
      ['Queue again', 5],
    ]);
    expect(await variable(engine, db)).toMatchObject({ threshold: 3, stale: true });
    // The rules no longer carry a threshold of their own: the model is the only copy.
    const stored = await until(
      () => {
        const s = new Database(join(dataDir, 'alerts.sqlite'), { readonly: true });
        try {
          return s.prepare("SELECT json ->> '$.condition.threshold' FROM rules").pluck().all();
        } finally {
          s.close();
        }
      },
      (ts) => ts.every((t) => t === null),
      'the rules to be stored without thresholds',
    );
    expect(stored).toHaveLength(6);
  });
});
