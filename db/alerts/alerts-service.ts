// The alerts engine: keeps the rules of each open database, evaluates them as rows arrive (a
// short debounce after each batch, and a steady tick for windows that slide with time), moves
// alerts through firing → acknowledged → resolved with a history line for every step, and hands
// notifications to the webhook outbox in the same transaction. Runs on the engine's alerts thread.
import { basename, join } from 'node:path';
import type {
  Alert,
  AlertRule,
  AlertRuleInput,
  Delivery,
  SnoozedUntilResumed,
  StaleRule,
  Webhook,
  WebhookInput,
} from '../api/alert-types.ts';
import { InspectorError } from '../api/errors.ts';
import { QueryContext, type DatabaseTarget } from '../query/query-context.ts';
import { AlertStore, newId, storedCondition, type Notification, type StoredRule } from './alert-store.ts';
import type { StaleRuleChange } from './alerts-protocol.ts';
import { thresholds } from '../query/staleness.ts';
import { fromEngine, thresholdLookup, type ThresholdFor } from '../index/stale-thresholds.ts';
import {
  errorRateVerdicts,
  silenceVerdict,
  slowFunctionVerdicts,
  stalenessVerdicts,
  type Verdict,
} from './conditions.ts';
import { DeliveryLoop, isReservedHeader, type DeliveryOptions } from './delivery.ts';
import { alertPayload, testPayload } from './payload.ts';
import type { SecretCipher } from './secret-cipher.ts';
import { holdsMask, MASK, MASK_IN_URL, sameOrigin } from './secret-mask.ts';
import { WebhookSecrets } from './webhook-secrets.ts';

export interface AlertsServiceOptions {
  dataDir: string;
  /** Where webhook secrets live (the app's config folder, not the data folder a cleaner may empty). */
  configDir: string;
  /** Seals the secrets file (the desktop app's OS keychain); without it the file is plain, 0600. */
  cipher?: SecretCipher | null;
  /** Delivered or given-up messages and resolved alerts older than this are deleted (default 30 days). */
  retentionMs?: number;
  delivery?: Partial<DeliveryOptions>;
  /** How long a notification is retried before it is given up (default 1 h). */
  giveUpAfterMs?: number;
  /** Steady evaluation period for time windows and silence (default 1 s). */
  tickMs?: number;
  now?: () => number;
  emit(db: string, alert: Alert): void;
  warn?(msg: string): void;
  /**
   * Sets entries of a database's stale thresholds, which the engine host owns (the indexer and
   * the marks use them too); resolves once they are in the sidecar this service reads.
   */
  setStaleRules(db: string, rules: StaleRuleChange[], onlyIfUnset: boolean): Promise<StaleRule[]>;
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

/** Any variable past its stale threshold (the database's, 5 repeats unless set otherwise). */
export const DEFAULT_RULE: AlertRuleInput = {
  name: 'Stale variable',
  severity: 'warning',
  enabled: true,
  condition: { kind: 'staleness', process: '*', data: '*' },
  webhooks: [],
};

/** See AlertRule.snoozedUntil. */
export const SNOOZED_UNTIL_RESUMED: SnoozedUntilResumed = 8.64e15;
export const DEFAULT_RETENTION_MS = 30 * 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;

export class AlertsService {
  private readonly store: AlertStore;
  private readonly delivery: DeliveryLoop;
  private readonly dbs = new Map<string, Attached>();
  private readonly o: AlertsServiceOptions;
  private readonly now: () => number;
  private tick: NodeJS.Timeout;
  private pruner: NodeJS.Timeout;
  private debounce: NodeJS.Timeout | null = null;

  constructor(o: AlertsServiceOptions) {
    this.o = o;
    this.now = o.now ?? Date.now;
    this.store = new AlertStore(join(o.dataDir, 'alerts.sqlite'), new WebhookSecrets(o.configDir, o.cipher ?? null));
    this.delivery = new DeliveryLoop(this.store, { now: this.now, ...o.delivery });
    this.delivery.kick(); // messages left pending by the last run go out again, same ids
    this.tick = setInterval(() => this.evaluateAll(true), o.tickMs ?? 1000);
    this.prune();
    this.pruner = setInterval(() => this.prune(), PRUNE_EVERY_MS);
    this.pruner.unref();
  }

  /** Retention: the outbox and resolved history do not grow without bound. */
  prune(): { messages: number; alerts: number } {
    return this.store.prune(this.now() - (this.o.retentionMs ?? DEFAULT_RETENTION_MS));
  }

  async close(): Promise<void> {
    clearInterval(this.tick);
    clearInterval(this.pruner);
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
    void this.migrateThresholds(target.db);
  }

  /**
   * Staleness rules saved before thresholds were one model carry their own: each moves into the
   * database's stale thresholds (unless an entry for the same patterns exists: the user's latest
   * word), then leaves the rule. A crash in between moves it again, to the same result.
   */
  private async migrateThresholds(db: string): Promise<void> {
    const a = this.dbs.get(db);
    if (!a) return;
    const key = a.target.key;
    const legacy = this.store
      .rules(key)
      .filter((r) => r.condition.kind === 'staleness' && r.condition.threshold !== undefined);
    if (!legacy.length) return;
    const current = this.lookup(a);
    const changes: StaleRuleChange[] = [];
    const first = new Map<string, StaleRuleChange>();
    for (const r of legacy) {
      const c = r.condition as Extract<AlertRuleInput['condition'], { kind: 'staleness' }>;
      const change = { process: c.process, data: c.data, threshold: c.threshold! };
      const same = first.get(`${c.process}\u0001${c.data}`);
      if (same) {
        if (same.threshold !== change.threshold)
          this.o.warn?.(
            `Rule "${r.name}": its threshold ${String(change.threshold)} gives way to ${String(same.threshold)}, the stale threshold of the same variables set by an earlier rule.`,
          );
        continue;
      }
      first.set(`${c.process}\u0001${c.data}`, change);
      // The default rule's 5 is the model's default already: no entry for it.
      if (fromEngine(current(c.process, c.data)) !== change.threshold) changes.push(change);
    }
    try {
      if (changes.length) await this.o.setStaleRules(db, changes, true);
    } catch (err) {
      this.o.warn?.(
        `Moving rule thresholds into the stale thresholds failed (kept, tried again next time): ${(err as Error).message}`,
      );
      return;
    }
    for (const r of legacy) {
      const now = this.store.rule(key, r.id);
      if (now) this.store.putRule(key, { ...now, condition: storedCondition(now.condition) });
    }
  }

  /** The stale thresholds as the indexer last applied them (the defaults while the index is unreadable). */
  private lookup(a: Attached): ThresholdFor {
    const ctx = this.context(a);
    return ctx ? thresholds(ctx) : thresholdLookup([]);
  }

  /** A rule as answers show it: a staleness rule with the threshold of its patterns. */
  private shown(a: Attached, r: StoredRule, lookup: ThresholdFor = this.lookup(a)): AlertRule {
    if (r.condition.kind !== 'staleness') return r as AlertRule;
    const { process, data } = r.condition;
    return { ...r, condition: { kind: 'staleness', process, data, threshold: fromEngine(lookup(process, data)) } };
  }

  /** The stale thresholds changed (set from a mark or a rule): every variable is judged again. */
  thresholdsChanged(db: string): void {
    const a = this.dbs.get(db);
    if (!a) return;
    a.staleCursor = 0;
    this.rowsArrived(db);
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
    if (!a)
      throw new InspectorError(
        'unknown-database',
        `No open database with handle ${JSON.stringify(db)}; open it first.`,
      );
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
      const { verdicts, maxId } = stalenessVerdicts(ctx, stale, a.staleCursor, thresholds(ctx));
      a.staleCursor = maxId;
      this.apply(db, a, verdicts, now);
    }
    // Windowed rules move with the clock: evaluated on the tick (and after rows, for speed).
    if (!timed && !wasDirty) return;
    for (const rule of rules) {
      const kind = rule.condition.kind;
      if (kind === 'staleness') continue;
      const verdicts =
        kind === 'errorRate'
          ? errorRateVerdicts(ctx, rule, now)
          : kind === 'slowFunction'
            ? slowFunctionVerdicts(ctx, rule, now)
            : [silenceVerdict(ctx, rule, now)];
      this.apply(db, a, verdicts, now);
      // Subjects that no longer appear at all (no rows in the window) have cleared.
      const seen = new Set(verdicts.map((v) => v.subject));
      for (const open of this.store.openAlertsOfRule(a.target.key, rule.id)) {
        if (!seen.has(open.subject))
          this.resolve(db, a, open.id, 'engine', 'No more rows for this subject in the window.');
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
      id: newId('alert'),
      ruleId: v.rule.id,
      ruleName: v.rule.name,
      ruleKind: v.rule.condition.kind,
      severity: v.rule.severity,
      subject: v.subject,
      state: 'firing',
      message: v.message,
      value: v.value,
      firedAt: now,
      acknowledgedAt: null,
      acknowledgedBy: null,
      comment: null,
      resolvedAt: null,
      resolvedBy: null,
    };
    this.store.insertFiring(
      a.target.key,
      alert,
      v.context,
      `engine: rule "${v.rule.name}"`,
      (al) => this.notifications(a, v.rule, al),
      now + this.giveUpAfter,
    );
    this.o.emit(db, alert);
    this.delivery.kick();
  }

  private resolve(db: string, a: Attached, id: string, by: string, note: string | null): Alert | null {
    const alert = this.store.alert(a.target.key, id);
    const rule = alert ? this.store.rule(a.target.key, alert.ruleId) : null;
    const now = this.now();
    const after = this.store.transition(
      a.target.key,
      id,
      'resolved',
      now,
      by,
      note,
      (al) => (rule ? this.notifications(a, rule, al) : []),
      now + this.giveUpAfter,
    );
    if (after) {
      this.o.emit(db, after);
      this.delivery.kick();
    }
    return after;
  }

  private get giveUpAfter(): number {
    return this.o.giveUpAfterMs ?? 3_600_000;
  }

  private notifications(a: Attached, rule: StoredRule, alert: Alert): Notification[] {
    const database = { path: a.target.sourcePath, name: basename(a.target.sourcePath) };
    const out: Notification[] = [];
    for (const id of rule.webhooks) {
      const hook = this.store.webhook(id);
      if (!hook || !hook.enabled) continue;
      out.push({
        webhookId: id,
        event: `alert.${alert.state}`,
        body: alertPayload(hook.format, alert, { database }, this.now()),
      });
    }
    return out;
  }

  // ── rules ──────────────────────────────────────────────────────────────────────────────

  rules(db: string): AlertRule[] {
    const a = this.attached(db);
    const lookup = this.lookup(a);
    return this.store.rules(a.target.key).map((r) => this.shown(a, r, lookup));
  }

  async saveRule(db: string, input: AlertRuleInput): Promise<AlertRule> {
    const a = this.attached(db);
    if (input.id && !this.store.rule(a.target.key, input.id))
      throw new InspectorError('not-found', `No rule with id ${JSON.stringify(input.id)} in this database.`);
    const known = new Set(this.store.webhooks().map((w) => w.id));
    const missing = input.webhooks.filter((w) => !known.has(w));
    if (missing.length)
      throw new InspectorError(
        'invalid-input',
        `rule.webhooks: no webhook with id ${missing.map((m) => JSON.stringify(m)).join(', ')}.`,
        { path: 'rule.webhooks' },
      );
    const c = input.condition;
    // Checked first, so a refused rule changes no threshold either.
    if (c.kind === 'staleness' && c.threshold !== undefined)
      await this.o.setStaleRules(db, [{ process: c.process, data: c.data, threshold: c.threshold }], false);
    const rule = this.store.saveRule(a.target.key, input, this.now());
    if (!rule.enabled)
      for (const open of this.store.openAlertsOfRule(a.target.key, rule.id))
        this.resolve(db, a, open.id, 'user', 'The rule was disabled.');
    a.staleCursor = 0; // a new or changed rule looks at every tracked variable once
    this.rowsArrived(db);
    return this.shown(a, rule);
  }

  deleteRule(db: string, id: string): { deleted: boolean } {
    const a = this.attached(db);
    for (const open of this.store.openAlertsOfRule(a.target.key, id))
      this.resolve(db, a, open.id, 'user', 'The rule was deleted.');
    return { deleted: this.store.deleteRule(a.target.key, id) };
  }

  snoozeRule(db: string, id: string, minutes: number | 'forever' | null): AlertRule {
    const a = this.attached(db);
    const rule = this.store.rule(a.target.key, id);
    if (!rule) throw new InspectorError('not-found', `No rule with id ${JSON.stringify(id)} in this database.`);
    const until =
      minutes === null ? null : minutes === 'forever' ? SNOOZED_UNTIL_RESUMED : this.now() + minutes * 60_000;
    const next = { ...rule, snoozedUntil: until, updatedAt: this.now() };
    this.store.putRule(a.target.key, next);
    return this.shown(a, next);
  }

  exportRules(db: string): { version: 1; rules: AlertRuleInput[] } {
    return {
      version: 1,
      rules: this.rules(db).map(({ name, severity, enabled, condition, webhooks }) => ({
        name,
        severity,
        enabled,
        condition,
        webhooks,
      })),
    };
  }

  /**
   * Adds the rules (merge) or replaces all of this database's rules with them (replace). The
   * staleness thresholds they carry become this database's stale thresholds (later rules win).
   */
  async importRules(db: string, rules: AlertRuleInput[], mode: 'merge' | 'replace'): Promise<AlertRule[]> {
    const a = this.attached(db);
    const known = new Set(this.store.webhooks().map((w) => w.id));
    const cleaned = rules.map((r) => ({ ...r, id: undefined, webhooks: r.webhooks.filter((w) => known.has(w)) }));
    const changes: StaleRuleChange[] = [];
    for (const { condition: c } of cleaned)
      if (c.kind === 'staleness' && c.threshold !== undefined)
        changes.push({ process: c.process, data: c.data, threshold: c.threshold });
    if (changes.length) await this.o.setStaleRules(db, changes, false);
    if (mode === 'replace') for (const r of this.store.rules(a.target.key)) this.deleteRule(db, r.id);
    for (const r of cleaned) this.store.saveRule(a.target.key, r, this.now());
    a.staleCursor = 0;
    this.rowsArrived(db);
    return this.rules(db);
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
    if (alert.state !== 'firing')
      throw new InspectorError(
        'invalid-input',
        `This alert is ${alert.state}; only a firing alert can be acknowledged.`,
      );
    const rule = this.store.rule(a.target.key, alert.ruleId);
    const now = this.now();
    const after = this.store.transition(
      a.target.key,
      id,
      'acknowledged',
      now,
      by,
      comment,
      (al) => (rule ? this.notifications(a, rule, al) : []),
      now + this.giveUpAfter,
    )!;
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

  /** Secrets are never returned: URLs, header values that look like credentials are masked (the store keeps only that form). */
  webhooks(): Webhook[] {
    return this.store.webhooks();
  }

  saveWebhook(input: WebhookInput): Webhook {
    const existing = input.id ? this.store.webhook(input.id) : null;
    if (input.id && !existing) throw new InspectorError('not-found', `No webhook with id ${JSON.stringify(input.id)}.`);
    const saved = existing ? this.store.secretsOf(existing.id) : null;
    const url = resolveUrl(input.url, existing?.url ?? null, saved?.url ?? null);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new InspectorError(
        'invalid-input',
        `webhook.url: ${JSON.stringify(input.url.slice(0, 80))} is not a URL.`,
        { path: 'webhook.url' },
      );
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw new InspectorError(
        'invalid-input',
        `webhook.url: only http and https URLs can receive webhooks (got ${parsed.protocol.replace(':', '')}).`,
        { path: 'webhook.url' },
      );
    // A saved credential goes only where it went before: a masked value sent back with a URL to
    // another scheme, host or port must be typed again (else editing the URL would exfiltrate it).
    const sameDestination = saved !== null && sameOrigin(url, saved.url);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(input.headers ?? {})) {
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
        throw new InspectorError(
          'invalid-input',
          `webhook.headers: ${JSON.stringify(name)} is not a valid header name.`,
          { path: 'webhook.headers' },
        );
      if (isReservedHeader(name))
        throw new InspectorError(
          'invalid-input',
          `webhook.headers: ${name} is set by Trace Inspector and cannot be replaced.`,
          { path: 'webhook.headers' },
        );
      if (/[\r\n]/.test(value))
        throw new InspectorError('invalid-input', `webhook.headers: the value of ${name} must be one line.`, {
          path: 'webhook.headers',
        });
      if (value !== MASK) headers[name] = value;
      else if (saved?.headers[name] === undefined)
        throw new InspectorError(
          'invalid-input',
          `webhook.headers: the value of ${name} is the mask ${MASK}; enter the real value.`,
          { path: 'webhook.headers' },
        );
      else if (!sameDestination)
        throw new InspectorError(
          'invalid-input',
          `webhook.headers: the URL now points to another scheme, host or port; enter the value of ${name} again (a saved credential is not sent to a new destination).`,
          { path: 'webhook.headers' },
        );
      else headers[name] = saved.headers[name]; // the mask sent back unchanged keeps what was saved
    }
    if (typeof input.secret === 'string' && input.secret.length < 8)
      throw new InspectorError(
        'invalid-input',
        'webhook.secret: use at least 8 characters (or whsec_ followed by base64, as Standard Webhooks generates).',
        { path: 'webhook.secret' },
      );
    if (input.secret === undefined && saved?.secret && !sameDestination)
      throw new InspectorError(
        'invalid-input',
        'webhook.secret: the URL now points to another scheme, host or port; enter the signing secret again, or remove it.',
        { path: 'webhook.secret' },
      );
    const secret = input.secret === undefined ? (saved?.secret ?? null) : input.secret;
    return this.store.saveWebhook(
      { id: existing?.id, name: input.name, format: input.format, enabled: input.enabled, url, headers, secret },
      this.now(),
    );
  }

  deleteWebhook(id: string): { deleted: boolean } {
    return { deleted: this.store.deleteWebhook(id, (m) => this.o.warn?.(m)) };
  }

  /** Queues a test notification through the same outbox (signed, retried, logged). */
  testWebhook(id: string): Delivery {
    const hook = this.store.webhook(id);
    if (!hook) throw new InspectorError('not-found', `No webhook with id ${JSON.stringify(id)}.`);
    const now = this.now();
    const [msgId] = this.store.enqueue(
      null,
      [{ webhookId: id, event: 'test', body: testPayload(hook.format, hook.name, now) }],
      now,
      now + 60_000,
    );
    this.delivery.kick();
    return this.store.deliveries({ id: msgId, limit: 1 })[0];
  }

  deliveries(webhookId: string | undefined, limit: number): Delivery[] {
    return this.store.deliveries({ webhookId, limit });
  }
}

/**
 * The URL to save from the one the form sent back. The API answered the masked form: sent back
 * unchanged, it means the saved URL; a masked password in an edited URL is the saved password
 * (same scheme, host and port only); any other masked part cannot be edited, only typed again.
 */
function resolveUrl(input: string, shown: string | null, saved: string | null): string {
  if (saved !== null && input === shown) return saved;
  if (!holdsMask(input)) return input;
  const where = { path: 'webhook.url' };
  let u: URL;
  try {
    u = new URL(input);
  } catch {
    throw new InspectorError(
      'invalid-input',
      'webhook.url: part of this URL is masked (it holds a secret); paste the whole URL again.',
      where,
    );
  }
  if (u.password === MASK_IN_URL && saved !== null) {
    if (!sameOrigin(input, saved))
      throw new InspectorError(
        'invalid-input',
        'webhook.url: the URL now points to another scheme, host or port; enter its password again (a saved password is not sent to a new destination).',
        where,
      );
    u.password = new URL(saved).password;
    if (!holdsMask(u.toString())) return u.toString();
  }
  throw new InspectorError(
    'invalid-input',
    'webhook.url: part of this URL is masked (it holds a secret); paste the whole URL again.',
    where,
  );
}
