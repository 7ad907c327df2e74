// The rule builder and the engine take their bounds from one place: at each bound the form and
// the API table's schema agree on what is accepted.
import { describe, expect, it } from 'vitest';
import { RULE_DEFAULTS, RULE_LIMITS } from '../../common/rule-limits.ts';
import { operations } from '../../db/api/operations.ts';
import { emptyRuleForm, formToRuleInput, type RuleForm } from '../../renderer/alerts/rule-form.ts';

type Field = { form: keyof RuleForm; kind: RuleForm['kind']; limit: keyof typeof RULE_LIMITS };
const FIELDS: Field[] = [
  { form: 'threshold', kind: 'staleness', limit: 'threshold' },
  { form: 'percent', kind: 'errorRate', limit: 'percent' },
  { form: 'windowSec', kind: 'errorRate', limit: 'windowSec' },
  { form: 'minRows', kind: 'errorRate', limit: 'minRows' },
  { form: 'p95Ms', kind: 'slowFunction', limit: 'p95Ms' },
  { form: 'minCalls', kind: 'slowFunction', limit: 'minCalls' },
  { form: 'seconds', kind: 'silence', limit: 'silenceSec' },
];

function verdicts(field: Field, value: number) {
  const form = formToRuleInput({ ...emptyRuleForm(), name: 'r', kind: field.kind, [field.form]: String(value) });
  let engine = true;
  if (form.ok) {
    try {
      operations.saveAlertRule.input.parse({ db: 'db1', rule: form.rule });
    } catch {
      engine = false;
    }
  }
  return { form: form.ok, engine: form.ok ? engine : 'not sent' };
}

describe('rule limits', () => {
  for (const field of FIELDS) {
    it(`accepts ${field.form} at its bounds and refuses it just outside, in the form and the engine alike`, () => {
      const l = RULE_LIMITS[field.limit] as { min: number; max: number; int: boolean };
      expect(verdicts(field, l.min)).toEqual({ form: true, engine: true });
      expect(verdicts(field, l.max)).toEqual({ form: true, engine: true });
      expect(verdicts(field, l.max + 1).form).toBe(false);
      expect(verdicts(field, l.min - 1).form).toBe(false);
      // The engine refuses the same values when they arrive without the form (over HTTP).
      const rule = formToRuleInput({ ...emptyRuleForm(), name: 'r', kind: field.kind });
      if (!rule.ok) throw new Error('the empty form must validate');
      const cond = { ...rule.rule.condition, [field.form === 'seconds' ? 'seconds' : field.form]: l.max + 1 };
      expect(() =>
        operations.saveAlertRule.input.parse({ db: 'db1', rule: { ...rule.rule, condition: cond } }),
      ).toThrow();
    });
  }

  it('starts the form on the engine defaults', () => {
    const f = emptyRuleForm();
    expect([Number(f.threshold), Number(f.minRows), Number(f.minCalls)]).toEqual([
      RULE_DEFAULTS.threshold,
      RULE_DEFAULTS.minRows,
      RULE_DEFAULTS.minCalls,
    ]);
    const parsed = operations.saveAlertRule.input.parse({
      db: 'db1',
      rule: {
        name: 'r',
        severity: 'info',
        condition: { kind: 'errorRate', scope: 'process', match: '*', percent: 5, windowSec: 60 },
      },
    });
    expect(parsed.rule.condition).toMatchObject({ minRows: RULE_DEFAULTS.minRows });
  });
});
