import { describe, expect, it } from 'vitest';
import type { AlertRule } from '../../../db/api/alert-types.ts';
import {
  emptyRuleForm,
  formToRuleInput,
  ruleInputOf,
  ruleToForm,
  shownCondition,
} from '../../../renderer/alerts/rule-form.ts';

const rule = (condition: AlertRule['condition']): AlertRule => ({
  id: 'rule_1',
  name: 'R',
  severity: 'critical',
  enabled: false,
  condition,
  webhooks: ['wh_1'],
  snoozedUntil: null,
  createdAt: 1,
  updatedAt: 2,
});

describe('rule form ↔ rule input', () => {
  it('turns a new staleness form into exactly the documented rule fields', () => {
    const r = formToRuleInput({
      ...emptyRuleForm(),
      name: ' Stuck ',
      process: 'e2e.stuck',
      data: 'value',
      threshold: '3',
      webhooks: ['wh_a'],
    });
    expect(r).toEqual({
      ok: true,
      rule: {
        name: 'Stuck',
        severity: 'warning',
        enabled: true,
        condition: { kind: 'staleness', process: 'e2e.stuck', data: 'value', threshold: 3 },
        webhooks: ['wh_a'],
      },
    });
  });

  it('round-trips every kind through the form, keeping the id', () => {
    const conditions: AlertRule['condition'][] = [
      { kind: 'staleness', process: 'a.*', data: 'x', threshold: 9 },
      { kind: 'errorRate', scope: 'group', match: 'payments', percent: 2.5, windowSec: 600, minRows: 40 },
      { kind: 'slowFunction', process: 'orders.*', p95Ms: 250, windowSec: 300, minCalls: 7 },
      { kind: 'silence', source: 'heartbeat', seconds: 30 },
    ];
    for (const c of conditions) {
      const r = formToRuleInput(ruleToForm(rule(c)));
      // A staleness threshold left as shown is not sent: the shared stale thresholds keep theirs.
      const sent = c.kind === 'staleness' ? { kind: c.kind, process: c.process, data: c.data } : c;
      expect(r).toEqual({
        ok: true,
        rule: { id: 'rule_1', name: 'R', severity: 'critical', enabled: false, condition: sent, webhooks: ['wh_1'] },
      });
    }
  });

  it('sends a staleness threshold once it is changed, ignore included', () => {
    const f = ruleToForm(rule({ kind: 'staleness', process: 'a.*', data: 'x', threshold: 'ignore' }));
    expect(f.threshold).toBe('ignore');
    const r = formToRuleInput({ ...f, threshold: ' 12 ' });
    expect(r.ok && r.rule.condition).toEqual({ kind: 'staleness', process: 'a.*', data: 'x', threshold: 12 });
    const back = formToRuleInput({
      ...ruleToForm(rule({ kind: 'staleness', process: 'a', data: 'x', threshold: 3 })),
      threshold: 'Ignore',
    });
    expect(back.ok && back.rule.condition).toEqual({ kind: 'staleness', process: 'a', data: 'x', threshold: 'ignore' });
  });

  it('toggles a staleness rule without pinning the threshold it inherits', () => {
    const input = ruleInputOf(rule({ kind: 'staleness', process: '*', data: '*', threshold: 5 }), { enabled: true });
    expect(input.condition).toEqual({ kind: 'staleness', process: '*', data: '*' });
  });

  it('keeps the other kinds’ fields when the kind changes, and sends only the chosen kind', () => {
    const f = {
      ...ruleToForm(rule({ kind: 'staleness', process: 'p', data: 'd', threshold: 4 })),
      kind: 'silence' as const,
    };
    const r = formToRuleInput(f);
    expect(r.ok && r.rule.condition).toEqual({ kind: 'silence', source: 'rows', seconds: 60 });
    expect(formToRuleInput({ ...f, kind: 'staleness', threshold: '6' })).toMatchObject({
      ok: true,
      rule: { condition: { process: 'p', data: 'd', threshold: 6 } },
    });
  });

  it('says in words which field is wrong before anything is sent', () => {
    const r = formToRuleInput({ ...emptyRuleForm(), name: '', threshold: '2.5', process: ' ' });
    expect(r).toEqual({
      ok: false,
      errors: {
        name: 'Give the rule a name.',
        threshold: 'Threshold must be a whole number from 1 to 1,000,000, or ignore.',
        process: 'Process cannot be empty (use * for any).',
      },
    });
    const e = formToRuleInput({
      ...emptyRuleForm(),
      name: 'x',
      kind: 'errorRate',
      percent: '120',
      windowSec: '5',
      minRows: 'lots',
    });
    expect(e.ok ? null : e.errors).toEqual({
      percent: 'Percent must be from 0 to 100.',
      windowSec: 'Window must be from 10 to 604,800.',
      minRows: 'Minimum rows must be a number from 1 to 1,000,000.',
    });
    const s = formToRuleInput({ ...emptyRuleForm(), name: 'x', kind: 'silence', seconds: '0' });
    expect(s.ok ? null : s.errors).toEqual({ seconds: 'Seconds must be from 1 to 604,800.' });
  });

  it('builds the input that toggles a rule without changing anything else', () => {
    expect(ruleInputOf(rule({ kind: 'silence', source: 'rows', seconds: 5 }), { enabled: true })).toEqual({
      id: 'rule_1',
      name: 'R',
      severity: 'critical',
      enabled: true,
      condition: { kind: 'silence', source: 'rows', seconds: 5 },
      webhooks: ['wh_1'],
    });
  });
});

describe('the rule preview', () => {
  it('says the threshold a staleness rule shows even when it is not sent', () => {
    const f = ruleToForm(rule({ kind: 'staleness', process: 'a', data: 'x', threshold: 7 }));
    const r = formToRuleInput(f);
    expect(r.ok && shownCondition(f, r.rule.condition)).toEqual({
      kind: 'staleness',
      process: 'a',
      data: 'x',
      threshold: 7,
    });
  });
});
