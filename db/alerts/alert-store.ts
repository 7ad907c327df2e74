// The alerts' own state, in one SQLite file in the app's data folder (never in the user's trace
// file): rules per database, alerts and their history, webhooks, and the webhook outbox. Every
// alert transition and the notifications it causes are written in one transaction, so a crash
// can neither lose a notification nor record one that was never caused. Webhooks' secrets are not
// in this file: it holds their masked form (what answers show); the real URL, headers and signing
// secret are in the config folder (webhook-secrets.ts). The schema is versioned (user_version).
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type {
  Alert,
  AlertRule,
  AlertRuleInput,
  RuleConditionInput,
  AlertState,
  AlertTransition,
  Delivery,
  DeliveryAttempt,
  Webhook,
  WebhookFormat,
} from '../api/alert-types.ts';
import { InspectorError } from '../api/errors.ts';
import { maskHeaders, maskUrl } from './secret-mask.ts';
import type { WebhookSecret, WebhookSecrets } from './webhook-secrets.ts';

/** Version 1: the first schema (files written before versioning read 0 and already hold it). */
const SCHEMA_V1 = `
CREATE TABLE IF NOT EXISTS databases(db_key TEXT PRIMARY KEY, defaults_added INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rules(id TEXT PRIMARY KEY, db_key TEXT NOT NULL, position INTEGER NOT NULL, json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS rules_db ON rules(db_key, position);
CREATE TABLE IF NOT EXISTS alerts(
  id TEXT PRIMARY KEY, db_key TEXT NOT NULL, rule_id TEXT NOT NULL, rule_name TEXT NOT NULL, rule_kind TEXT NOT NULL,
  severity TEXT NOT NULL, subject TEXT NOT NULL, state TEXT NOT NULL, message TEXT NOT NULL, value TEXT,
  fired_at INTEGER NOT NULL, acknowledged_at INTEGER, acknowledged_by TEXT, comment TEXT, resolved_at INTEGER, resolved_by TEXT,
  context TEXT);
-- One open alert per rule and subject: firing again while open is a no-op, not a duplicate.
CREATE UNIQUE INDEX IF NOT EXISTS alerts_open ON alerts(db_key, rule_id, subject) WHERE state != 'resolved';
CREATE INDEX IF NOT EXISTS alerts_db_time ON alerts(db_key, fired_at);
CREATE TABLE IF NOT EXISTS transitions(
  id INTEGER PRIMARY KEY, alert_id TEXT NOT NULL, db_key TEXT NOT NULL, at INTEGER NOT NULL,
  from_state TEXT, to_state TEXT NOT NULL, by TEXT NOT NULL, note TEXT);
CREATE INDEX IF NOT EXISTS transitions_db ON transitions(db_key, id);
CREATE TABLE IF NOT EXISTS webhooks(
  id TEXT PRIMARY KEY, name TEXT NOT NULL, url TEXT NOT NULL, format TEXT NOT NULL, headers TEXT NOT NULL,
  secret TEXT, enabled INTEGER NOT NULL, created_at INTEGER NOT NULL);
-- The outbox: the exact body is stored, so every retry sends the same bytes under the same id.
CREATE TABLE IF NOT EXISTS outbox(
  id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL, alert_id TEXT, event TEXT NOT NULL, body TEXT NOT NULL,
  status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER, deadline_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL, delivered_at INTEGER);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox(next_attempt_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS outbox_webhook ON outbox(webhook_id, created_at);
CREATE TABLE IF NOT EXISTS attempts(
  id INTEGER PRIMARY KEY, outbox_id TEXT NOT NULL, at INTEGER NOT NULL, status_code INTEGER, error TEXT, duration_ms INTEGER);
CREATE INDEX IF NOT EXISTS attempts_outbox ON attempts(outbox_id);
`;

/** Version 2: secrets move to the config folder (the row keeps their masked form); retention's indexes. */
function migrateV2(db: Database.Database, secrets: WebhookSecrets): void {
  db.exec(`ALTER TABLE webhooks ADD COLUMN has_secret INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX outbox_finished ON outbox(created_at) WHERE status != 'pending';
    CREATE INDEX alerts_resolved ON alerts(resolved_at) WHERE state = 'resolved';`);
  const rows = db.prepare('SELECT id, url, headers, secret FROM webhooks').all() as {
    id: string;
    url: string;
    headers: string;
    secret: string | null;
  }[];
  if (!rows.length) return;
  // Written (and synced) before this transaction commits: a crash in between leaves both copies,
  // and the next open runs this again, to the same result.
  secrets.setAll(
    Object.fromEntries(
      rows.map((r) => [
        r.id,
        { url: r.url, headers: JSON.parse(r.headers) as Record<string, string>, secret: r.secret },
      ]),
    ),
  );
  const put = db.prepare('UPDATE webhooks SET url = ?, headers = ?, secret = NULL, has_secret = ? WHERE id = ?');
  for (const r of rows)
    put.run(
      maskUrl(r.url),
      JSON.stringify(maskHeaders(JSON.parse(r.headers) as Record<string, string>)),
      r.secret === null ? 0 : 1,
      r.id,
    );
}

const MIGRATIONS: ((db: Database.Database, secrets: WebhookSecrets) => void)[] = [
  (db) => db.exec(SCHEMA_V1),
  migrateV2,
];
export const SCHEMA_VERSION = MIGRATIONS.length;

/** A webhook as the delivery loop needs it: the real URL, headers and secret (null when they are lost). */
export type DeliveryTarget = Webhook & { secrets: WebhookSecret | null };

/** What the store saves: real values (the service has resolved any mask sent back). */
export interface WebhookRecord {
  id?: string;
  name: string;
  format: WebhookFormat;
  enabled: boolean;
  url: string;
  headers: Record<string, string>;
  secret: string | null;
}

export interface OutboxMessage {
  id: string;
  webhookId: string;
  alertId: string | null;
  event: string;
  body: string;
  attempts: number;
  deadlineAt: number;
}

export interface Notification {
  webhookId: string;
  event: string;
  body: string;
}

type Row = Record<string, unknown>;

function alertFromRow(r: Row): Alert {
  return {
    id: r.id as string,
    ruleId: r.rule_id as string,
    ruleName: r.rule_name as string,
    ruleKind: r.rule_kind as Alert['ruleKind'],
    severity: r.severity as Alert['severity'],
    subject: r.subject as string,
    state: r.state as AlertState,
    message: r.message as string,
    value: r.value === null ? null : (JSON.parse(r.value as string) as Alert['value']),
    firedAt: r.fired_at as number,
    acknowledgedAt: (r.acknowledged_at as number | null) ?? null,
    acknowledgedBy: (r.acknowledged_by as string | null) ?? null,
    comment: (r.comment as string | null) ?? null,
    resolvedAt: (r.resolved_at as number | null) ?? null,
    resolvedBy: (r.resolved_by as string | null) ?? null,
  };
}

function webhookFromRow(r: Row): Webhook {
  return {
    id: r.id as string,
    name: r.name as string,
    url: r.url as string,
    format: r.format as Webhook['format'],
    headers: JSON.parse(r.headers as string) as Record<string, string>,
    hasSecret: r.has_secret === 1,
    enabled: r.enabled === 1,
    createdAt: r.created_at as number,
  };
}

/**
 * A rule as this file keeps it: a staleness rule without a threshold (the database's stale
 * thresholds hold it, see db/index/stale-thresholds.ts). One saved before that carries its own
 * until the service has moved it into the model (AlertsService.migrateThresholds).
 */
export type StoredRule = Omit<AlertRule, 'condition'> & { condition: RuleConditionInput };

/** The condition as stored: a staleness threshold goes to the shared model, not into the rule. */
export function storedCondition(c: RuleConditionInput): RuleConditionInput {
  return c.kind === 'staleness' ? { kind: 'staleness', process: c.process, data: c.data } : c;
}

export const newId = (prefix: string) => `${prefix}_${randomUUID().replace(/-/g, '')}`;

export class AlertStore {
  readonly db: Database.Database;
  private readonly secrets: WebhookSecrets;

  constructor(path: string, secrets: WebhookSecrets) {
    mkdirSync(dirname(path), { recursive: true });
    this.secrets = secrets;
    this.db = new Database(path, { timeout: 2000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    // Deleted and overwritten content is zeroed, not left in free pages: secrets moved out of this
    // file (migration 2) and pruned history do not linger in it.
    this.db.pragma('secure_delete = ON');
    this.migrate();
    // Attempts started by a run that died before the answer came back (duration still unknown).
    this.db
      .prepare(
        "UPDATE attempts SET error = 'no answer recorded: the app stopped during this attempt', duration_ms = 0 WHERE duration_ms IS NULL",
      )
      .run();
  }

  private migrate(): void {
    const at = this.db.pragma('user_version', { simple: true }) as number;
    if (at > SCHEMA_VERSION)
      throw new InspectorError(
        'internal',
        `${this.db.name} was written by a newer Trace Inspector (schema ${at}, this one knows ${SCHEMA_VERSION}); update the app.`,
      );
    for (let v = at; v < SCHEMA_VERSION; v++) {
      this.db.transaction(() => {
        MIGRATIONS[v](this.db, this.secrets);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  close(): void {
    this.db.close();
  }

  /**
   * Retention: finished messages (delivered or given up) with their attempts, and resolved alerts
   * with their history, older than `before` (epoch ms). Open alerts and pending messages stay.
   */
  prune(before: number): { messages: number; alerts: number } {
    return this.db.transaction(() => {
      this.db
        .prepare(
          "DELETE FROM attempts WHERE outbox_id IN (SELECT id FROM outbox WHERE status != 'pending' AND created_at < ?)",
        )
        .run(before);
      const messages = this.db
        .prepare("DELETE FROM outbox WHERE status != 'pending' AND created_at < ?")
        .run(before).changes;
      this.db
        .prepare(
          "DELETE FROM transitions WHERE alert_id IN (SELECT id FROM alerts WHERE state = 'resolved' AND resolved_at < ?)",
        )
        .run(before);
      const alerts = this.db
        .prepare("DELETE FROM alerts WHERE state = 'resolved' AND resolved_at < ?")
        .run(before).changes;
      return { messages, alerts };
    })();
  }

  // ── rules ──────────────────────────────────────────────────────────────────────────────

  rules(dbKey: string): StoredRule[] {
    return (
      this.db.prepare('SELECT json FROM rules WHERE db_key = ? ORDER BY position, rowid').pluck().all(dbKey) as string[]
    ).map((j) => JSON.parse(j) as StoredRule);
  }

  rule(dbKey: string, id: string): StoredRule | null {
    const j = this.db.prepare('SELECT json FROM rules WHERE db_key = ? AND id = ?').pluck().get(dbKey, id) as
      string | undefined;
    return j ? (JSON.parse(j) as StoredRule) : null;
  }

  /** True the first time a database is seen (its default rules are then added once, never again). */
  claimDefaults(dbKey: string): boolean {
    return (
      this.db.prepare('INSERT INTO databases(db_key, defaults_added) VALUES (?, 1) ON CONFLICT DO NOTHING').run(dbKey)
        .changes === 1
    );
  }

  saveRule(dbKey: string, input: AlertRuleInput, now: number): StoredRule {
    const existing = input.id ? this.rule(dbKey, input.id) : null;
    const rule: StoredRule = {
      id: existing?.id ?? newId('rule'),
      name: input.name,
      severity: input.severity,
      enabled: input.enabled,
      condition: storedCondition(input.condition),
      webhooks: [...new Set(input.webhooks)],
      snoozedUntil: existing?.snoozedUntil ?? null,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    if (existing) this.db.prepare('UPDATE rules SET json = ? WHERE id = ?').run(JSON.stringify(rule), rule.id);
    else {
      const pos =
        (this.db
          .prepare('SELECT coalesce(max(position), 0) + 1 FROM rules WHERE db_key = ?')
          .pluck()
          .get(dbKey) as number) ?? 1;
      this.db
        .prepare('INSERT INTO rules(id, db_key, position, json) VALUES (?, ?, ?, ?)')
        .run(rule.id, dbKey, pos, JSON.stringify(rule));
    }
    return rule;
  }

  putRule(dbKey: string, rule: StoredRule): void {
    this.db.prepare('UPDATE rules SET json = ? WHERE db_key = ? AND id = ?').run(JSON.stringify(rule), dbKey, rule.id);
  }

  deleteRule(dbKey: string, id: string): boolean {
    return this.db.prepare('DELETE FROM rules WHERE db_key = ? AND id = ?').run(dbKey, id).changes > 0;
  }

  // ── alerts ─────────────────────────────────────────────────────────────────────────────

  openAlert(
    dbKey: string,
    ruleId: string,
    subject: string,
  ): (Alert & { context: Record<string, unknown> | null }) | null {
    const r = this.db
      .prepare("SELECT * FROM alerts WHERE db_key = ? AND rule_id = ? AND subject = ? AND state != 'resolved'")
      .get(dbKey, ruleId, subject) as Row | undefined;
    return r
      ? { ...alertFromRow(r), context: r.context ? (JSON.parse(r.context as string) as Record<string, unknown>) : null }
      : null;
  }

  openAlertsOfRule(dbKey: string, ruleId: string): (Alert & { context: Record<string, unknown> | null })[] {
    return (
      this.db
        .prepare("SELECT * FROM alerts WHERE db_key = ? AND rule_id = ? AND state != 'resolved'")
        .all(dbKey, ruleId) as Row[]
    ).map((r) => ({
      ...alertFromRow(r),
      context: r.context ? (JSON.parse(r.context as string) as Record<string, unknown>) : null,
    }));
  }

  alert(dbKey: string, id: string): Alert | null {
    const r = this.db.prepare('SELECT * FROM alerts WHERE db_key = ? AND id = ?').get(dbKey, id) as Row | undefined;
    return r ? alertFromRow(r) : null;
  }

  alerts(dbKey: string, opts: { open: boolean; limit: number }): Alert[] {
    const sql = opts.open
      ? "SELECT * FROM alerts WHERE db_key = ? AND state != 'resolved' ORDER BY fired_at DESC LIMIT ?"
      : 'SELECT * FROM alerts WHERE db_key = ? ORDER BY fired_at DESC LIMIT ?';
    return (this.db.prepare(sql).all(dbKey, opts.limit) as Row[]).map(alertFromRow);
  }

  history(dbKey: string, opts: { alertId?: string; limit: number }): AlertTransition[] {
    const where = opts.alertId ? 'AND t.alert_id = ?' : '';
    const args: unknown[] = [dbKey, ...(opts.alertId ? [opts.alertId] : []), opts.limit];
    return (
      this.db
        .prepare(
          `SELECT t.*, a.subject, a.rule_name FROM transitions t JOIN alerts a ON a.id = t.alert_id WHERE t.db_key = ? ${where} ORDER BY t.id DESC LIMIT ?`,
        )
        .all(...args) as Row[]
    ).map((r) => ({
      alertId: r.alert_id as string,
      subject: r.subject as string,
      ruleName: r.rule_name as string,
      at: r.at as number,
      from: (r.from_state as AlertState | null) ?? null,
      to: r.to_state as AlertState,
      by: r.by as string,
      note: (r.note as string | null) ?? null,
    }));
  }

  /** Inserts a firing alert, its first transition and its notifications, atomically. */
  insertFiring(
    dbKey: string,
    alert: Alert,
    context: Record<string, unknown> | null,
    by: string,
    notify: (a: Alert) => Notification[],
    deadlineAt: number,
  ): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO alerts(id, db_key, rule_id, rule_name, rule_kind, severity, subject, state, message, value, fired_at, context)
        VALUES (?, ?, ?, ?, ?, ?, ?, 'firing', ?, ?, ?, ?)`,
        )
        .run(
          alert.id,
          dbKey,
          alert.ruleId,
          alert.ruleName,
          alert.ruleKind,
          alert.severity,
          alert.subject,
          alert.message,
          JSON.stringify(alert.value),
          alert.firedAt,
          context ? JSON.stringify(context) : null,
        );
      this.addTransition(alert.id, dbKey, alert.firedAt, null, 'firing', by, alert.message);
      this.enqueue(alert.id, notify(alert), alert.firedAt, deadlineAt);
    })();
  }

  /** Moves an alert to `to` (acknowledged or resolved), with its history line and notifications, atomically. */
  transition(
    dbKey: string,
    id: string,
    to: 'acknowledged' | 'resolved',
    at: number,
    by: string,
    note: string | null,
    notify: (a: Alert) => Notification[],
    deadlineAt: number,
  ): Alert | null {
    return this.db.transaction(() => {
      const before = this.alert(dbKey, id);
      if (!before || before.state === 'resolved' || before.state === to) return null;
      if (to === 'acknowledged')
        this.db
          .prepare(
            "UPDATE alerts SET state = 'acknowledged', acknowledged_at = ?, acknowledged_by = ?, comment = ? WHERE id = ?",
          )
          .run(at, by, note, id);
      else
        this.db
          .prepare(
            "UPDATE alerts SET state = 'resolved', resolved_at = ?, resolved_by = ?, comment = coalesce(?, comment) WHERE id = ?",
          )
          .run(at, by, note, id);
      this.addTransition(id, dbKey, at, before.state, to, by, note);
      const after = this.alert(dbKey, id)!;
      this.enqueue(id, notify(after), at, deadlineAt);
      return after;
    })();
  }

  private addTransition(
    alertId: string,
    dbKey: string,
    at: number,
    from: AlertState | null,
    to: AlertState,
    by: string,
    note: string | null,
  ): void {
    this.db
      .prepare(
        'INSERT INTO transitions(alert_id, db_key, at, from_state, to_state, by, note) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(alertId, dbKey, at, from, to, by, note);
  }

  // ── webhooks ───────────────────────────────────────────────────────────────────────────

  webhooks(): Webhook[] {
    return (this.db.prepare('SELECT * FROM webhooks ORDER BY created_at, id').all() as Row[]).map(webhookFromRow);
  }

  /** As answers show it: URL, headers masked. */
  webhook(id: string): Webhook | null {
    const r = this.db.prepare('SELECT * FROM webhooks WHERE id = ?').get(id) as Row | undefined;
    return r ? webhookFromRow(r) : null;
  }

  /** The real URL, headers and secret (read from the config folder; may throw kind 'encrypted'). */
  secretsOf(id: string): WebhookSecret | null {
    return this.secrets.get(id);
  }

  deliveryTarget(id: string): DeliveryTarget | null {
    const hook = this.webhook(id);
    return hook ? { ...hook, secrets: this.secrets.get(id) } : null;
  }

  saveWebhook(input: WebhookRecord, now: number): Webhook {
    const existing = input.id ? this.webhook(input.id) : null;
    const id = existing?.id ?? newId('wh');
    // The secrets first: a webhook row never points at secrets that were not written.
    this.secrets.set(id, { url: input.url, headers: input.headers, secret: input.secret });
    this.db
      .prepare(
        `INSERT INTO webhooks(id, name, url, format, headers, secret, has_secret, enabled, created_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET name = excluded.name, url = excluded.url, format = excluded.format, headers = excluded.headers, has_secret = excluded.has_secret, enabled = excluded.enabled`,
      )
      .run(
        id,
        input.name,
        maskUrl(input.url),
        input.format,
        JSON.stringify(maskHeaders(input.headers)),
        input.secret === null ? 0 : 1,
        input.enabled ? 1 : 0,
        existing?.createdAt ?? now,
      );
    return this.webhook(id)!;
  }

  /** Deletes the webhook, then its secrets (left behind when the keychain is out of reach: harmless, never read). */
  deleteWebhook(id: string, warn: (msg: string) => void = () => {}): boolean {
    const deleted = this.db.prepare('DELETE FROM webhooks WHERE id = ?').run(id).changes > 0;
    try {
      this.secrets.delete(id);
    } catch (err) {
      warn(`The deleted webhook's secrets stay in the config folder: ${(err as Error).message}`);
    }
    return deleted;
  }

  // ── outbox ─────────────────────────────────────────────────────────────────────────────

  enqueue(alertId: string | null, notifications: Notification[], now: number, deadlineAt: number): string[] {
    const put = this.db.prepare(
      "INSERT INTO outbox(id, webhook_id, alert_id, event, body, status, next_attempt_at, deadline_at, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)",
    );
    return notifications.map((n) => {
      const id = newId('msg');
      put.run(id, n.webhookId, alertId, n.event, n.body, now, deadlineAt, now);
      return id;
    });
  }

  due(now: number, limit: number): OutboxMessage[] {
    return (
      this.db
        .prepare(
          "SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?",
        )
        .all(now, limit) as Row[]
    ).map((r) => ({
      id: r.id as string,
      webhookId: r.webhook_id as string,
      alertId: (r.alert_id as string | null) ?? null,
      event: r.event as string,
      body: r.body as string,
      attempts: r.attempts as number,
      deadlineAt: r.deadline_at as number,
    }));
  }

  nextDueAt(): number | null {
    return (
      (this.db.prepare("SELECT min(next_attempt_at) FROM outbox WHERE status = 'pending'").pluck().get() as
        number | null) ?? null
    );
  }

  /** Logs an attempt before it is made, so one cut short by a crash still shows in the log. */
  startAttempt(id: string, at: number): number {
    return Number(this.db.prepare('INSERT INTO attempts(outbox_id, at) VALUES (?, ?)').run(id, at).lastInsertRowid);
  }

  /** Records how an attempt ended and the message's next state (delivered, retry at, or given up). */
  recordAttempt(
    id: string,
    attempt: DeliveryAttempt,
    next: { status: 'delivered' | 'gave-up' } | { status: 'pending'; at: number },
    attemptId?: number,
  ): void {
    this.db.transaction(() => {
      if (attemptId !== undefined)
        this.db
          .prepare('UPDATE attempts SET status_code = ?, error = ?, duration_ms = ? WHERE id = ?')
          .run(
            attempt.statusCode,
            attempt.error,
            attempt.durationMs === null ? null : Math.round(attempt.durationMs),
            attemptId,
          );
      else
        this.db
          .prepare('INSERT INTO attempts(outbox_id, at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?)')
          .run(
            id,
            attempt.at,
            attempt.statusCode,
            attempt.error,
            attempt.durationMs === null ? null : Math.round(attempt.durationMs),
          );
      this.db
        .prepare(
          'UPDATE outbox SET attempts = (SELECT count(*) FROM attempts WHERE outbox_id = ?), status = ?, next_attempt_at = ?, delivered_at = ? WHERE id = ?',
        )
        .run(
          id,
          next.status,
          next.status === 'pending' ? next.at : null,
          next.status === 'delivered' ? attempt.at : null,
          id,
        );
    })();
  }

  deliveries(opts: { webhookId?: string; limit: number; id?: string }): Delivery[] {
    const where = opts.id ? 'WHERE o.id = ?' : opts.webhookId ? 'WHERE o.webhook_id = ?' : '';
    const args: unknown[] = [...(opts.id ? [opts.id] : opts.webhookId ? [opts.webhookId] : []), opts.limit];
    const rows = this.db
      .prepare(
        `SELECT o.*, coalesce(w.name, '(deleted webhook)') AS webhook_name FROM outbox o LEFT JOIN webhooks w ON w.id = o.webhook_id ${where} ORDER BY o.created_at DESC, o.rowid DESC LIMIT ?`,
      )
      .all(...args) as Row[];
    const attempts = this.db.prepare(
      'SELECT at, status_code AS statusCode, error, duration_ms AS durationMs FROM attempts WHERE outbox_id = ? ORDER BY id',
    );
    return rows.map((r) => ({
      id: r.id as string,
      webhookId: r.webhook_id as string,
      webhookName: r.webhook_name as string,
      alertId: (r.alert_id as string | null) ?? null,
      event: r.event as string,
      status: r.status as Delivery['status'],
      attempts: attempts.all(r.id) as DeliveryAttempt[],
      nextAttemptAt: (r.next_attempt_at as number | null) ?? null,
      createdAt: r.created_at as number,
      deliveredAt: (r.delivered_at as number | null) ?? null,
    }));
  }
}
