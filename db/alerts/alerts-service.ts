// The alerts engine: keeps the rules of each open database, evaluates them as rows arrive (a
// short debounce after each batch, and a steady tick for windows that slide with time), moves
// alerts through firing → acknowledged → resolved with a history line for every step, and hands
// notifications to the webhook outbox in the same transaction. Runs on the engine's alerts thread.
import { basename, join } from 'node:path';
import type { Alert, AlertRule, AlertRuleInput, Delivery, SnoozedUntilResumed, Webhook, WebhookInput } from '../api/alert-types.ts';
import { InspectorError } from '../api/errors.ts';
import { QueryContext, type DatabaseTarget } from '../query/query-context.ts';
import { AlertStore, newId, type Notification } from './alert-store.ts';
import { errorRateVerdicts, silenceVerdict, slowFunctionVerdicts, stalenessVerdicts, type Verdict } from './conditions.ts';
import { DeliveryLoop, isReservedHeader, type DeliveryOptions } from './delivery.ts';
import { alertPayload, testPayload } from './payload.ts';
import { DEFAULT_STALE_THRESHOLD } from '../../common/rule-limits.ts';

export interface AlertsServiceOptions {
  dataDir: string;
  delivery?: Partial<DeliveryOptions>;
  /** How long a notification is retried before it is given up (default 1 h). */
  giveUpAfterMs?: number;
  /** Steady evaluation period for time windows and silence (default 1 s). */
  tickMs?: number;
  now?: () => number;
  emit(db: string, alert: Alert): void;
  warn?(msg: string): void;
}

export type AttachedTarget = DatabaseTarget & { key: string };

interface Attached {
  target: AttachedTarget;
  ctx: QueryContext | null;
  /** stale_runs rows with last_id above this were not yet looked at. */
  staleCursor: number;
  dirty: boolean;
  /**
   * The index is replaying history (first build or rebuild). Its stale runs are those of the past
   * until it catches up: evaluating then fired and resolved alerts for runs long gone.
   */
  building: boolean;
}

export const DEFAULT_RULE: AlertRuleInput = {
  name: 'Stale variable',
  severity: 'warning',
  enabled: true,
  condition: { kind: 'staleness', process: '*', data: '*', threshold: DEFAULT_STALE_THRESHOLD },
  webhooks: [],
};

const MASK = '••••••••';
/** See AlertRule.snoozedUntil. */
export const SNOOZED_UNTIL_RESUMED: SnoozedUntilResumed = 8.64e15;
const SECRET_HEADER = /auth|token|secret|key|signature|cookie|password/i;

export class AlertsService {
  private readonly store: AlertStore;
  private readonly delivery: DeliveryLoop;
  private readonly dbs = new Map<string, Attached>();
  private readonly o: AlertsServiceOptions;
  private readonly now: () => number;
  private tick: NodeJS.Timeout;
  private debounce: NodeJS.Timeout | null = null;

  constructor(o: AlertsServiceOptions) {
    this.o = o;
    this.now = o.now ?? Date.now;
    this.store = new AlertStore(join(o.dataDir, 'alerts.sqlite'));
    this.delivery = new DeliveryLoop(this.store, { now: this.now, ...o.delivery });
    this.delivery.kick(); // messages left pending by the last run go out again, same ids
    this.tick = setInterval(() => this.evaluateAll(true), o.tickMs ?? 1000);
  }

  async close(): Promise<void> {
    clearInterval(this.tick);
    if (this.debounce) clearTimeout(this.debounce);
    await this.delivery.stop();
    for (const a of this.dbs.values()) a.ctx?.close();
    this.store.close();
  }

  // ── databases ──────────────────────────────────────────────────────────────────────────

  attach(target: AttachedTarget, building: boolean): void {
    const prev = this.dbs.get(target.db);
    prev?.ctx?.close();
    if (this.store.claimDefaults(target.key)) this.store.saveRule(target.key, DEFAULT_RULE, this.now());
    this.dbs.set(target.db, { target, ctx: null, staleCursor: 0, dirty: true, building });
    this.rowsArrived(target.db);
  }

  setBuilding(db: string, building: boolean): void {
    const a = this.dbs.get(db);
    if (!a || a.building === building) return;
    a.building = building;
    if (!building) {
      a.staleCursor = 0; // caught up: look at every variable's current run once
      this.rowsArrived(db);
    }
  }

  detach(db: string): void {
    this.dbs.get(db)?.ctx?.close();
    this.dbs.delete(db);
  }

  /** New rows were indexed: evaluate soon (batched: one pass per 100 ms however many batches). */
  rowsArrived(db: string): void {
    const a = this.dbs.get(db);
    if (!a) return;
    a.dirty = true;
    if (!this.debounce) {
      this.debounce = setTimeout(() => {
        this.debounce = null;
        this.evaluateAll(false);
      }, 100);
      this.debounce.unref?.();
    }
  }

  private attached(db: string): Attached {
    const a = this.dbs.get(db);
    if (!a) throw new InspectorError('unknown-database', `No open database with handle ${JSON.stringify(db)}; open it first.`);
    return a;
  }

  private context(a: Attached): QueryContext | null {
    if (!a.ctx) {
      try {
        a.ctx = new QueryContext(a.target, { indexOnly: true });
      } catch {
        return null; // the file or its index is not readable right now; the next pass retries
      }
    }
    return a.ctx;
  }

  // ── evaluation ─────────────────────────────────────────────────────────────────────────

  private evaluateAll(timed: boolean): void {
    for (const [db, a] of this.dbs) {
      if ((!timed && !a.dirty) || a.building) continue;
      try {
        this.evaluate(db, a, timed);
      } catch (err) {
        // An index being swapped under us (rebuild) is not an alert problem: try again next pass.
        a.ctx?.close();
        a.ctx = null;
        this.o.warn?.(`Alert evaluation of ${a.target.sourcePath} failed: ${(err as Error).message}`);
      }
    }
  }

  private evaluate(db: string, a: Attached, timed: boolean): void {
    const ctx = this.context(a);
    if (!ctx) return;
    const now = this.now();
    const rules = this.store.rules(a.target.key).filter((r) => r.enabled);
    const wasDirty = a.dirty;
    a.dirty = false;
    const stale = rules.filter((r) => r.condition.kind === 'staleness');
    if (stale.length && wasDirty) {
      const { verdicts, maxId } = stalenessVerdicts(ctx, stale, a.staleCursor);
      a.staleCursor = maxId;
      this.apply(db, a, verdicts, now);
    }
    // Windowed rules move with the clock: evaluated on the tick (and after rows, for speed).
    if (!timed && !wasDirty) return;
    for (const rule of rules) {
      const kind = rule.condition.kind;
      if (kind === 'staleness') continue;
      const verdicts = kind === 'errorRate' ? errorRateVerdicts(ctx, rule, now) : kind === 'slowFunction' ? slowFunctionVerdicts(ctx, rule, now) : [silenceVerdict(ctx, rule, now)];
      this.apply(db, a, verdicts, now);
      // Subjects that no longer appear at all (no rows in the window) have cleared.
      const seen = new Set(verdicts.map((v) => v.subject));
      for (const open of this.store.openAlertsOfRule(a.target.key, rule.id)) {
        if (!seen.has(open.subject)) this.resolve(db, a, open.id, 'engine', 'No more rows for this subject in the window.');
      }
    }
  }

  private apply(db: string, a: Attached, verdicts: Verdict[], now: number): void {
    for (const v of verdicts) {
      const open = this.store.openAlert(a.target.key, v.rule.id, v.subject);
      if (v.active) {
        const sameRun = !v.context || open?.context?.runStartId === v.context.runStartId;
        if (open && sameRun) continue;
        if (open) this.resolve(db, a, open.id, 'engine', 'The value changed (a new run started).');
        if (v.rule.snoozedUntil !== null && v.rule.snoozedUntil > now) continue;
        this.fire(db, a, v);
      } else if (open) {
        this.resolve(db, a, open.id, 'engine', v.message);
      }
    }
  }

  private fire(db: string, a: Attached, v: Verdict): void {
    // Stamped now, not at the start of the pass: a resolve written just before stays earlier.
    const now = this.now();
    const alert: Alert = {
      id: newId('alert'), ruleId: v.rule.id, ruleName: v.rule.name, ruleKind: v.rule.condition.kind, severity: v.rule.severity,
      subject: v.subject, state: 'firing', message: v.message, value: v.value, firedAt: now,
      acknowledgedAt: null, acknowledgedBy: null, comment: null, resolvedAt: null, resolvedBy: null,
    };
    this.store.insertFiring(a.target.key, alert, v.context, `engine: rule "${v.rule.name}"`, (al) => this.notifications(a, v.rule, al), now + this.giveUpAfter);
    this.o.emit(db, alert);
    this.delivery.kick();
  }

  private resolve(db: string, a: Attached, id: string, by: string, note: string | null): Alert | null {
    const alert = this.store.alert(a.target.key, id);
    const rule = alert ? this.store.rule(a.target.key, alert.ruleId) : null;
    const now = this.now();
    const after = this.store.transition(a.target.key, id, 'resolved', now, by, note, (al) => (rule ? this.notifications(a, rule, al) : []), now + this.giveUpAfter);
    if (after) {
      this.o.emit(db, after);
      this.delivery.kick();
    }
    return after;
  }

  private get giveUpAfter(): number {
    return this.o.giveUpAfterMs ?? 3_600_000;
  }

  private notifications(a: Attached, rule: AlertRule, alert: Alert): Notification[] {
    const database = { path: a.target.sourcePath, name: basename(a.target.sourcePath) };
    const out: Notification[] = [];
    for (const id of rule.webhooks) {
      const hook = this.store.webhook(id);
      if (!hook || !hook.enabled) continue;
      out.push({ webhookId: id, event: `alert.${alert.state}`, body: alertPayload(hook.format, alert, { database }, this.now()) });
    }
    return out;
  }

  // ── rules ──────────────────────────────────────────────────────────────────────────────

  rules(db: string): AlertRule[] {
    return this.store.rules(this.attached(db).target.key);
  }

  saveRule(db: string, input: AlertRuleInput): AlertRule {
    const a = this.attached(db);
    if (input.id && !this.store.rule(a.target.key, input.id)) throw new InspectorError('not-found', `No rule with id ${JSON.stringify(input.id)} in this database.`);
    const known = new Set(this.store.webhooks().map((w) => w.id));
    const missing = input.webhooks.filter((w) => !known.has(w));
    if (missing.length) throw new InspectorError('invalid-input', `rule.webhooks: no webhook with id ${missing.map((m) => JSON.stringify(m)).join(', ')}.`, { path: 'rule.webhooks' });
    const rule = this.store.saveRule(a.target.key, input, this.now());
    if (!rule.enabled) for (const open of this.store.openAlertsOfRule(a.target.key, rule.id)) this.resolve(db, a, open.id, 'user', 'The rule was disabled.');
    a.staleCursor = 0; // a new or changed rule looks at every tracked variable once
    this.rowsArrived(db);
    return rule;
  }

  deleteRule(db: string, id: string): { deleted: boolean } {
    const a = this.attached(db);
    for (const open of this.store.openAlertsOfRule(a.target.key, id)) this.resolve(db, a, open.id, 'user', 'The rule was deleted.');
    return { deleted: this.store.deleteRule(a.target.key, id) };
  }

  snoozeRule(db: string, id: string, minutes: number | 'forever' | null): AlertRule {
    const a = this.attached(db);
    const rule = this.store.rule(a.target.key, id);
    if (!rule) throw new InspectorError('not-found', `No rule with id ${JSON.stringify(id)} in this database.`);
    const until = minutes === null ? null : minutes === 'forever' ? SNOOZED_UNTIL_RESUMED : this.now() + minutes * 60_000;
    const next = { ...rule, snoozedUntil: until, updatedAt: this.now() };
    this.store.putRule(a.target.key, next);
    return next;
  }

  exportRules(db: string): { version: 1; rules: AlertRuleInput[] } {
    return { version: 1, rules: this.rules(db).map(({ name, severity, enabled, condition, webhooks }) => ({ name, severity, enabled, condition, webhooks })) };
  }

  /** Adds the rules (merge) or replaces all of this database's rules with them (replace). */
  importRules(db: string, rules: AlertRuleInput[], mode: 'merge' | 'replace'): AlertRule[] {
    const a = this.attached(db);
    const known = new Set(this.store.webhooks().map((w) => w.id));
    const cleaned = rules.map((r) => ({ ...r, id: undefined, webhooks: r.webhooks.filter((w) => known.has(w)) }));
    if (mode === 'replace') for (const r of this.store.rules(a.target.key)) this.deleteRule(db, r.id);
    for (const r of cleaned) this.store.saveRule(a.target.key, r, this.now());
    a.staleCursor = 0;
    this.rowsArrived(db);
    return this.store.rules(a.target.key);
  }

  // ── alerts ─────────────────────────────────────────────────────────────────────────────

  alerts(db: string, state: 'open' | 'all', limit: number): Alert[] {
    return this.store.alerts(this.attached(db).target.key, { open: state === 'open', limit });
  }

  history(db: string, alertId: string | undefined, limit: number) {
    return this.store.history(this.attached(db).target.key, { alertId, limit });
  }

  acknowledge(db: string, id: string, by: string, comment: string | null): Alert {
    const a = this.attached(db);
    const alert = this.store.alert(a.target.key, id);
    if (!alert) throw new InspectorError('not-found', `No alert with id ${JSON.stringify(id)} in this database.`);
    if (alert.state !== 'firing') throw new InspectorError('invalid-input', `This alert is ${alert.state}; only a firing alert can be acknowledged.`);
    const rule = this.store.rule(a.target.key, alert.ruleId);
    const now = this.now();
    const after = this.store.transition(a.target.key, id, 'acknowledged', now, by, comment, (al) => (rule ? this.notifications(a, rule, al) : []), now + this.giveUpAfter)!;
    this.o.emit(db, after);
    this.delivery.kick();
    return after;
  }

  resolveByUser(db: string, id: string, by: string, comment: string | null): Alert {
    const a = this.attached(db);
    const alert = this.store.alert(a.target.key, id);
    if (!alert) throw new InspectorError('not-found', `No alert with id ${JSON.stringify(id)} in this database.`);
    if (alert.state === 'resolved') throw new InspectorError('invalid-input', 'This alert is already resolved.');
    return this.resolve(db, a, id, by, comment)!;
  }

  // ── webhooks ───────────────────────────────────────────────────────────────────────────

  /** Secrets are never returned; header values that look like credentials are masked too. */
  webhooks(): Webhook[] {
    return this.store.webhooks().map(maskWebhook);
  }

  saveWebhook(input: WebhookInput): Webhook {
    const existing = input.id ? this.store.webhook(input.id) : null;
    if (input.id && !existing) throw new InspectorError('not-found', `No webhook with id ${JSON.stringify(input.id)}.`);
    let url: URL;
    try {
      url = new URL(input.url);
    } catch {
      throw new InspectorError('invalid-input', `webhook.url: ${JSON.stringify(input.url.slice(0, 80))} is not a URL.`, { path: 'webhook.url' });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InspectorError('invalid-input', `webhook.url: only http and https URLs can receive webhooks (got ${url.protocol.replace(':', '')}).`, { path: 'webhook.url' });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(input.headers ?? {})) {
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new InspectorError('invalid-input', `webhook.headers: ${JSON.stringify(name)} is not a valid header name.`, { path: 'webhook.headers' });
      if (isReservedHeader(name)) throw new InspectorError('invalid-input', `webhook.headers: ${name} is set by Trace Inspector and cannot be replaced.`, { path: 'webhook.headers' });
      if (/[\r\n]/.test(value)) throw new InspectorError('invalid-input', `webhook.headers: the value of ${name} must be one line.`, { path: 'webhook.headers' });
      // A masked value sent back unchanged keeps what was saved.
      headers[name] = value === MASK && existing?.headers[name] !== undefined ? existing.headers[name] : value;
    }
    if (typeof input.secret === 'string' && input.secret.length < 8) throw new InspectorError('invalid-input', 'webhook.secret: use at least 8 characters (or whsec_ followed by base64, as Standard Webhooks generates).', { path: 'webhook.secret' });
    return maskWebhook(this.store.saveWebhook({ ...input, headers }, this.now()));
  }

  deleteWebhook(id: string): { deleted: boolean } {
    return { deleted: this.store.deleteWebhook(id) };
  }

  /** Queues a test notification through the same outbox (signed, retried, logged). */
  testWebhook(id: string): Delivery {
    const hook = this.store.webhook(id);
    if (!hook) throw new InspectorError('not-found', `No webhook with id ${JSON.stringify(id)}.`);
    const now = this.now();
    const [msgId] = this.store.enqueue(null, [{ webhookId: id, event: 'test', body: testPayload(hook.format, hook.name, now) }], now, now + 60_000);
    this.delivery.kick();
    return this.store.deliveries({ id: msgId, limit: 1 })[0];
  }

  deliveries(webhookId: string | undefined, limit: number): Delivery[] {
    return this.store.deliveries({ webhookId, limit });
  }
}

function maskWebhook(w: Webhook): Webhook {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(w.headers)) headers[k] = SECRET_HEADER.test(k) ? MASK : v;
  let url = w.url;
  try {
    const u = new URL(w.url);
    if (u.password) {
      u.password = 'xxxxx';
      url = u.toString();
    }
  } catch {
    // stored URLs were validated; leave it
  }
  return { ...w, url, headers };
}
