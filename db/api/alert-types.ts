// Alerts: rules evaluated as rows arrive, the alerts they raise with their lifecycle, and the
// webhooks that tell other systems. Shared by the engine, both transports and the renderer.

export type Severity = 'info' | 'warning' | 'critical';

/** Repeats of one value before a variable is stale, or 'ignore': never stale, never alerted on. */
export type StaleThreshold = number | 'ignore';

/**
 * One entry of a database's stale thresholds: the one model behind the Overview's and the
 * Explorer's stale marks and the staleness alert rules (names or globs; the most specific wins).
 */
export interface StaleRule {
  process: string;
  data: string;
  threshold: StaleThreshold;
}

/**
 * A variable repeated more than its stale threshold (the shared model's, see StaleRule). A rule's
 * `threshold` is the model's for its process and variable patterns: set here, it changes the marks.
 */
export type StalenessCondition = { kind: 'staleness'; process: string; data: string; threshold: StaleThreshold };

/** What a rule watches. Process and group names match exactly, or as globs with * and ?. */
export type RuleCondition =
  | StalenessCondition
  /** Error rows above `percent` % of rows over the last `windowSec`, per process or per group. */
  | {
      kind: 'errorRate';
      scope: 'process' | 'group';
      match: string;
      percent: number;
      windowSec: number;
      minRows: number;
    }
  /** p95 call duration above `p95Ms` over the last `windowSec`, per function. */
  | { kind: 'slowFunction'; process: string; p95Ms: number; windowSec: number; minCalls: number }
  /** No new rows (or no writer heartbeat) for `seconds`. */
  | { kind: 'silence'; source: 'rows' | 'heartbeat'; seconds: number };

export type RuleKind = RuleCondition['kind'];

/** `snoozedUntil` of a rule snoozed until the user resumes it: the latest time a Date can hold. */
export type SnoozedUntilResumed = 8.64e15;

export interface AlertRule {
  id: string;
  name: string;
  severity: Severity;
  enabled: boolean;
  condition: RuleCondition;
  /** Ids of the webhooks it notifies. */
  webhooks: string[];
  /** No new alerts from this rule before this time (epoch ms); null when not snoozed, SNOOZED_UNTIL_RESUMED (the latest Date, 8.64e15) until the user resumes it. */
  snoozedUntil: number | null;
  createdAt: number;
  updatedAt: number;
}

/** A condition as a rule is saved: a staleness rule without a threshold keeps the model's as it is. */
export type RuleConditionInput =
  Exclude<RuleCondition, StalenessCondition> | (Omit<StalenessCondition, 'threshold'> & { threshold?: StaleThreshold });

/** A rule as the user edits it (ids and times are the engine's). */
export type AlertRuleInput = Pick<AlertRule, 'name' | 'severity' | 'enabled' | 'webhooks'> & {
  id?: string;
  condition: RuleConditionInput;
};

export type AlertState = 'firing' | 'acknowledged' | 'resolved';

export interface Alert {
  id: string;
  ruleId: string;
  ruleName: string;
  ruleKind: RuleKind;
  severity: Severity;
  /** What the alert is about: "process · variable", a process, a group, or the writer. */
  subject: string;
  state: AlertState;
  /** One sentence: what is wrong, with the figure. */
  message: string;
  value: number | string | null;
  firedAt: number;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  comment: string | null;
  resolvedAt: number | null;
  resolvedBy: string | null;
}

/** One step of an alert's history, and who or what caused it. */
export interface AlertTransition {
  alertId: string;
  subject: string;
  ruleName: string;
  at: number;
  from: AlertState | null;
  to: AlertState;
  by: string;
  note: string | null;
}

export type WebhookFormat = 'json' | 'slack';

/** A webhook as the engine returns it: the secret is never sent back, only whether one is set. */
export interface Webhook {
  id: string;
  name: string;
  url: string;
  format: WebhookFormat;
  headers: Record<string, string>;
  hasSecret: boolean;
  enabled: boolean;
  createdAt: number;
}

export interface WebhookInput {
  id?: string;
  name: string;
  url: string;
  format: WebhookFormat;
  headers?: Record<string, string>;
  /** A new secret; omitted keeps the saved one, null removes it. */
  secret?: string | null;
  enabled: boolean;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'gave-up';

export interface DeliveryAttempt {
  at: number;
  statusCode: number | null;
  error: string | null;
  /** null while the attempt is under way. */
  durationMs: number | null;
}

/** One notification to one webhook (its id is the `webhook-id` header, the same on every retry). */
export interface Delivery {
  id: string;
  webhookId: string;
  webhookName: string;
  alertId: string | null;
  event: string;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  nextAttemptAt: number | null;
  createdAt: number;
  deliveredAt: number | null;
}
