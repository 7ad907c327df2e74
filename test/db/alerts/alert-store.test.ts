import Database from 'better-sqlite3';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AlertStore, SCHEMA_VERSION } from '../../../db/alerts/alert-store.ts';
import { backoffMs } from '../../../db/alerts/delivery.ts';
import { WebhookSecrets } from '../../../db/alerts/webhook-secrets.ts';
import { tempDir } from '../../fixtures/trace-db.ts';

const hookInput = {
  name: 'r',
  url: 'http://127.0.0.1:9/',
  format: 'json' as const,
  enabled: true,
  headers: {},
  secret: null,
};

describe('webhook outbox store', () => {
  it('marks an attempt cut short by a crash when it is next opened, and keeps the message due', () => {
    const dir = tempDir();
    const path = join(dir, 'alerts.sqlite');
    const secrets = () => new WebhookSecrets(join(dir, 'config'));
    let store = new AlertStore(path, secrets());
    const hook = store.saveWebhook(hookInput, 1000);
    const [id] = store.enqueue(null, [{ webhookId: hook.id, event: 'test', body: '{"type":"test"}' }], 1000, 99_000);
    store.startAttempt(id, 1500);
    store.close(); // the process dies here, before the answer is recorded

    store = new AlertStore(path, secrets());
    const [d] = store.deliveries({ limit: 10 });
    expect(d).toMatchObject({
      id,
      status: 'pending',
      attempts: [
        { at: 1500, statusCode: null, error: 'no answer recorded: the app stopped during this attempt', durationMs: 0 },
      ],
    });
    expect(store.due(2000, 10).map((m) => [m.id, m.body])).toEqual([[id, '{"type":"test"}']]);
    store.close();
  });

  it('prunes finished messages, their attempts and resolved alerts past the retention age, and keeps the rest', () => {
    const dir = tempDir();
    const store = new AlertStore(join(dir, 'alerts.sqlite'), new WebhookSecrets(join(dir, 'config')));
    const hook = store.saveWebhook(hookInput, 0);
    const DAY = 86_400_000;
    const [oldDone, oldPending, newDone] = [0, 0, 40 * DAY].map(
      (at) => store.enqueue(null, [{ webhookId: hook.id, event: 'test', body: '{}' }], at, at + 1000)[0],
    );
    store.recordAttempt(oldDone, { at: 10, statusCode: 200, error: null, durationMs: 5 }, { status: 'delivered' });
    store.recordAttempt(
      newDone,
      { at: 40 * DAY, statusCode: 200, error: null, durationMs: 5 },
      { status: 'delivered' },
    );
    const alert = (id: string, subject: string, firedAt: number) => ({
      id,
      ruleId: 'rule_1',
      ruleName: 'r',
      ruleKind: 'silence' as const,
      severity: 'info' as const,
      subject,
      state: 'firing' as const,
      message: 'm',
      value: null,
      firedAt,
      acknowledgedAt: null,
      acknowledgedBy: null,
      comment: null,
      resolvedAt: null,
      resolvedBy: null,
    });
    store.insertFiring('db', alert('a_old', 'x', 0), null, 'engine', () => [], 1000);
    store.transition('db', 'a_old', 'resolved', DAY, 'engine', null, () => [], 2000);
    store.insertFiring('db', alert('a_open', 'y', 0), null, 'engine', () => [], 1000);

    expect(store.prune(41 * DAY - 30 * DAY)).toEqual({ messages: 1, alerts: 1 });
    expect(
      store
        .deliveries({ limit: 10 })
        .map((d) => d.id)
        .sort(),
    ).toEqual([oldPending, newDone].sort());
    expect(store.alerts('db', { open: false, limit: 10 }).map((a) => a.id)).toEqual(['a_open']);
    expect(store.history('db', { limit: 10 }).map((t) => t.alertId)).toEqual(['a_open']);
    expect(store.db.prepare('SELECT count(*) FROM attempts').pluck().get()).toBe(1);
    store.close();
  });

  it('migrates a file of the first schema: data kept, secrets moved to the config folder and out of the file', () => {
    const dir = tempDir();
    const path = join(dir, 'alerts.sqlite');
    // What the previous version wrote: no user_version, secrets in the webhooks table.
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    old.exec(`CREATE TABLE databases(db_key TEXT PRIMARY KEY, defaults_added INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
      CREATE TABLE rules(id TEXT PRIMARY KEY, db_key TEXT NOT NULL, position INTEGER NOT NULL, json TEXT NOT NULL);
      CREATE TABLE alerts(id TEXT PRIMARY KEY, db_key TEXT NOT NULL, rule_id TEXT NOT NULL, rule_name TEXT NOT NULL, rule_kind TEXT NOT NULL,
        severity TEXT NOT NULL, subject TEXT NOT NULL, state TEXT NOT NULL, message TEXT NOT NULL, value TEXT,
        fired_at INTEGER NOT NULL, acknowledged_at INTEGER, acknowledged_by TEXT, comment TEXT, resolved_at INTEGER, resolved_by TEXT, context TEXT);
      CREATE TABLE transitions(id INTEGER PRIMARY KEY, alert_id TEXT NOT NULL, db_key TEXT NOT NULL, at INTEGER NOT NULL, from_state TEXT, to_state TEXT NOT NULL, by TEXT NOT NULL, note TEXT);
      CREATE TABLE webhooks(id TEXT PRIMARY KEY, name TEXT NOT NULL, url TEXT NOT NULL, format TEXT NOT NULL, headers TEXT NOT NULL, secret TEXT, enabled INTEGER NOT NULL, created_at INTEGER NOT NULL);
      CREATE TABLE outbox(id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL, alert_id TEXT, event TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER, deadline_at INTEGER NOT NULL, created_at INTEGER NOT NULL, delivered_at INTEGER);
      CREATE TABLE attempts(id INTEGER PRIMARY KEY, outbox_id TEXT NOT NULL, at INTEGER NOT NULL, status_code INTEGER, error TEXT, duration_ms INTEGER);`);
    const rule = {
      id: 'rule_1',
      name: 'Kept rule',
      severity: 'warning',
      enabled: true,
      condition: { kind: 'silence', source: 'rows', seconds: 60 },
      webhooks: ['wh_1'],
      snoozedUntil: null,
      createdAt: 1,
      updatedAt: 1,
    };
    old.prepare('INSERT INTO rules VALUES (?, ?, 1, ?)').run('rule_1', 'db', JSON.stringify(rule));
    old
      .prepare(
        "INSERT INTO webhooks VALUES ('wh_1', 'Ops', 'https://bot:hunter2hunter2@hooks.example.com/x', 'json', ?, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 1, 5)",
      )
      .run(JSON.stringify({ Authorization: 'Bearer s3cr3t-token', 'X-Team': 'payments' }));
    old
      .prepare("INSERT INTO outbox VALUES ('msg_1', 'wh_1', NULL, 'test', '{}', 'pending', 0, 10, 99, 10, NULL)")
      .run();
    old.close();

    const config = join(dir, 'config');
    const store = new AlertStore(path, new WebhookSecrets(config));
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(store.rules('db')).toEqual([rule]);
    expect(store.due(100, 10).map((m) => m.id)).toEqual(['msg_1']);
    expect(store.webhooks()).toEqual([
      {
        id: 'wh_1',
        name: 'Ops',
        url: 'https://bot:••••••••@hooks.example.com/x',
        format: 'json',
        headers: { Authorization: '••••••••', 'X-Team': 'payments' },
        hasSecret: true,
        enabled: true,
        createdAt: 5,
      },
    ]);
    expect(store.deliveryTarget('wh_1')!.secrets).toEqual({
      url: 'https://bot:hunter2hunter2@hooks.example.com/x',
      headers: { Authorization: 'Bearer s3cr3t-token', 'X-Team': 'payments' },
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    });
    store.close();
    const bytes = readFileSync(path).toString('latin1');
    for (const secret of ['hunter2', 's3cr3t', 'MfKQ9r8']) expect(bytes).not.toContain(secret);
    expect(statSync(join(config, 'webhook-secrets.json')).mode & 0o777).toBe(0o600);
    // Opened again: nothing to migrate, nothing lost.
    const again = new AlertStore(path, new WebhookSecrets(config));
    expect(again.deliveryTarget('wh_1')!.secrets!.secret).toBe('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    again.close();
  });
});

describe('backoff', () => {
  it('doubles from the base, is capped, and jitters between half and all of the step', () => {
    const o = { baseDelayMs: 1000, maxDelayMs: 8000 };
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffMs(n, { ...o, random: () => 1 }))).toEqual([
      1000, 2000, 4000, 8000, 8000, 8000,
    ]);
    expect([1, 2, 3].map((n) => backoffMs(n, { ...o, random: () => 0 }))).toEqual([500, 1000, 2000]);
  });
});
