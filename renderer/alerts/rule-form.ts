// The rule builder's form: every field as typed (strings), kept for all kinds so switching kind
// and back loses nothing; converted to the engine's rule input only when it validates, so the
// user reads "Threshold must be…" beside the field instead of an invalid-input error.
import type {
  AlertRule,
  AlertRuleInput,
  RuleConditionInput,
  RuleKind,
  Severity,
  StaleThreshold,
} from '../../db/api/alert-types.ts';
import { RULE_DEFAULTS, RULE_LIMITS as L } from '../../common/rule-limits.ts';

export interface RuleForm {
  id?: string;
  name: string;
  severity: Severity;
  enabled: boolean;
  webhooks: string[];
  kind: RuleKind;
  /** staleness and slowFunction: a process name or glob. */
  process: string;
  /** staleness: a variable name or glob. */
  data: string;
  /** staleness: the stale threshold of the patterns, shared with the marks; "ignore" never fires. */
  threshold: string;
  /** The threshold the rule showed when loaded: saved unchanged, the shared model is left alone. */
  shownThreshold?: string;
  scope: 'process' | 'group';
  match: string;
  percent: string;
  windowSec: string;
  minRows: string;
  p95Ms: string;
  minCalls: string;
  source: 'rows' | 'heartbeat';
  seconds: string;
}

export type RuleFormErrors = Partial<Record<keyof RuleForm, string>>;

export function emptyRuleForm(): RuleForm {
  return {
    name: '',
    severity: 'warning',
    enabled: true,
    webhooks: [],
    kind: 'staleness',
    process: '*',
    data: '*',
    threshold: String(RULE_DEFAULTS.threshold),
    scope: 'process',
    match: '*',
    percent: '5',
    windowSec: '300',
    minRows: String(RULE_DEFAULTS.minRows),
    p95Ms: '500',
    minCalls: String(RULE_DEFAULTS.minCalls),
    source: 'rows',
    seconds: '60',
  };
}

export function ruleToForm(rule: AlertRule): RuleForm {
  const f: RuleForm = {
    ...emptyRuleForm(),
    id: rule.id,
    name: rule.name,
    severity: rule.severity,
    enabled: rule.enabled,
    webhooks: [...rule.webhooks],
    kind: rule.condition.kind,
  };
  const c = rule.condition;
  switch (c.kind) {
    case 'staleness':
      return {
        ...f,
        process: c.process,
        data: c.data,
        threshold: String(c.threshold),
        shownThreshold: String(c.threshold),
      };
    case 'errorRate':
      return {
        ...f,
        scope: c.scope,
        match: c.match,
        percent: String(c.percent),
        windowSec: String(c.windowSec),
        minRows: String(c.minRows),
      };
    case 'slowFunction':
      return {
        ...f,
        process: c.process,
        p95Ms: String(c.p95Ms),
        windowSec: String(c.windowSec),
        minCalls: String(c.minCalls),
      };
    case 'silence':
      return { ...f, source: c.source, seconds: String(c.seconds) };
  }
}

// The engine's own bounds (common/rule-limits.ts), said in words beside the field.
function readNumber(
  text: string,
  label: string,
  { min, max, int }: { min: number; max: number; int: boolean },
): number | string {
  const t = text.trim();
  const n = Number(t);
  const range = `${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`;
  if (t === '' || !Number.isFinite(n)) return `${label} must be a number from ${range}.`;
  if (int && !Number.isInteger(n)) return `${label} must be a whole number from ${range}.`;
  if (n < min || n > max) return `${label} must be from ${range}.`;
  return n;
}

function readName(text: string, label: string, max: number): string | { error: string } {
  const t = text.trim();
  if (!t) return { error: `${label} cannot be empty (use * for any).` };
  if (t.length > max) return { error: `${label} is too long (at most ${max} characters).` };
  return t;
}

/** A number of repeats, or the word ignore (any case): what the stale threshold field takes. */
function readThreshold(text: string): { threshold: StaleThreshold } | { error: string } {
  if (text.trim().toLowerCase() === 'ignore') return { threshold: 'ignore' };
  const n = readNumber(text, 'Threshold', L.threshold);
  return typeof n === 'number' ? { threshold: n } : { error: `${n.slice(0, -1)}, or ignore.` };
}

export type RuleFormResult = { ok: true; rule: AlertRuleInput } | { ok: false; errors: RuleFormErrors };

export function formToRuleInput(f: RuleForm): RuleFormResult {
  const errors: RuleFormErrors = {};
  const num = (key: keyof RuleForm, label: string, limits: { min: number; max: number; int: boolean }): number => {
    const r = readNumber(f[key] as string, label, limits);
    if (typeof r === 'string') errors[key] = r;
    return typeof r === 'number' ? r : 0;
  };
  const glob = (key: 'process' | 'data' | 'match', label: string): string => {
    const r = readName(f[key], label, L.pattern.max);
    if (typeof r !== 'string') errors[key] = r.error;
    return typeof r === 'string' ? r : '';
  };
  const name = f.name.trim();
  if (!name) errors.name = 'Give the rule a name.';
  else if (name.length > L.name.max) errors.name = `The name is too long (at most ${L.name.max} characters).`;
  if (f.webhooks.length > L.webhooksPerRule.max)
    errors.webhooks = `A rule can notify at most ${L.webhooksPerRule.max} webhooks.`;

  let condition: RuleConditionInput;
  switch (f.kind) {
    case 'staleness': {
      const read = readThreshold(f.threshold);
      if ('error' in read) errors.threshold = read.error;
      condition = {
        kind: 'staleness',
        process: glob('process', 'Process'),
        data: glob('data', 'Variable'),
        threshold: 'threshold' in read ? read.threshold : 0,
      };
      // Unchanged, it is not sent: the rule would pin the value its patterns inherit today.
      if (f.shownThreshold !== undefined && f.threshold.trim() === f.shownThreshold) delete condition.threshold;
      break;
    }
    case 'errorRate':
      condition = {
        kind: 'errorRate',
        scope: f.scope,
        match: glob('match', f.scope === 'group' ? 'Group' : 'Process'),
        percent: num('percent', 'Percent', L.percent),
        windowSec: num('windowSec', 'Window', L.windowSec),
        minRows: num('minRows', 'Minimum rows', L.minRows),
      };
      break;
    case 'slowFunction':
      condition = {
        kind: 'slowFunction',
        process: glob('process', 'Function'),
        p95Ms: num('p95Ms', 'p95', L.p95Ms),
        windowSec: num('windowSec', 'Window', L.windowSec),
        minCalls: num('minCalls', 'Minimum calls', L.minCalls),
      };
      break;
    case 'silence':
      condition = { kind: 'silence', source: f.source, seconds: num('seconds', 'Seconds', L.silenceSec) };
      break;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const rule: AlertRuleInput = { name, severity: f.severity, enabled: f.enabled, condition, webhooks: [...f.webhooks] };
  if (f.id) rule.id = f.id;
  return { ok: true, rule };
}

/** The condition as the preview says it: a threshold left unchanged (so not sent) is still the rule's. */
export function shownCondition(f: RuleForm, c: RuleConditionInput): RuleConditionInput {
  if (c.kind !== 'staleness' || c.threshold !== undefined || f.shownThreshold === undefined) return c;
  const read = readThreshold(f.shownThreshold);
  return 'threshold' in read ? { ...c, threshold: read.threshold } : c;
}

/**
 * A rule as saveAlertRule takes it back unchanged (for the enabled switch): a staleness rule
 * without its threshold, which stays the shared model's (sent back, it would pin an inherited one).
 */
export function ruleInputOf(rule: AlertRule, change: Partial<AlertRuleInput> = {}): AlertRuleInput {
  const c = rule.condition;
  return {
    id: rule.id,
    name: rule.name,
    severity: rule.severity,
    enabled: rule.enabled,
    condition: c.kind === 'staleness' ? { kind: 'staleness', process: c.process, data: c.data } : c,
    webhooks: rule.webhooks,
    ...change,
  };
}
