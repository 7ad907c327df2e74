import { describe, expect, it } from 'vitest';
import type { Alert, AlertTransition } from '../../../db/api/alert-types.ts';
import { historySteps, sortAlerts, subjectProcess } from '../../../renderer/alerts/alert-order.ts';
import { variablesFor } from '../../../renderer/alerts/name-options.ts';

const alert = (id: string, over: Partial<Alert>): Alert => ({
  id,
  ruleId: 'r',
  ruleName: 'R',
  ruleKind: 'staleness',
  severity: 'warning',
  subject: 'a.b · x',
  state: 'firing',
  message: 'm',
  value: 6,
  firedAt: 0,
  acknowledgedAt: null,
  acknowledgedBy: null,
  comment: null,
  resolvedAt: null,
  resolvedBy: null,
  ...over,
});

describe('active alerts order and links', () => {
  it('lists firing before acknowledged before resolved, the most severe and newest first', () => {
    const list = [
      alert('resolved', { state: 'resolved', severity: 'critical', firedAt: 9 }),
      alert('ack', { state: 'acknowledged', firedAt: 8 }),
      alert('old-warning', { firedAt: 1 }),
      alert('new-warning', { firedAt: 5 }),
      alert('critical', { severity: 'critical', firedAt: 0 }),
    ];
    expect(sortAlerts(list).map((a) => a.id)).toEqual(['critical', 'new-warning', 'old-warning', 'ack', 'resolved']);
  });
  it('finds the process of a staleness or slow-function subject, and none for others', () => {
    expect(subjectProcess(alert('a', { subject: 'inventory.sync.poll_stock · self.last_sync' }))).toBe(
      'inventory.sync.poll_stock',
    );
    expect(subjectProcess(alert('a', { ruleKind: 'slowFunction', subject: 'orders.service.place_order' }))).toBe(
      'orders.service.place_order',
    );
    expect(subjectProcess(alert('a', { ruleKind: 'silence', subject: 'rows' }))).toBeNull();
    expect(subjectProcess(alert('a', { ruleKind: 'errorRate', subject: 'payments' }))).toBeNull();
  });
});

describe('name globs in the rule builder', () => {
  it('offers the variables the chosen process pattern has', () => {
    const names = {
      processes: [],
      groups: [],
      pairs: [
        { process: 'a.x', data: 'v1' },
        { process: 'a.y', data: 'v2' },
        { process: 'b.z', data: 'v3' },
        { process: 'a.x', data: 'v2' },
      ],
    };
    expect(variablesFor(names, 'a.*')).toEqual(['v1', 'v2']);
    expect(variablesFor(names, 'b.z')).toEqual(['v3']);
    // Typed but not saved yet: the rule is saved trimmed, and an empty field narrows nothing.
    expect(variablesFor(names, ' b.z ')).toEqual(['v3']);
    expect(variablesFor(names, '')).toEqual(['v1', 'v2', 'v3']);
  });
});

describe('alert history rows', () => {
  const step = (alertId: string, at: number, to: AlertTransition['to']): AlertTransition => ({
    alertId,
    subject: 's',
    ruleName: 'R',
    at,
    from: null,
    to,
    by: 'engine',
    note: null,
  });
  it('lists the newest first, each with a grid row id unique in the list, even for one state reached twice at once', () => {
    const answer = [step('a', 1, 'firing'), step('a', 3, 'resolved'), step('b', 2, 'firing'), step('a', 3, 'resolved')];
    const rows = historySteps(answer);
    expect(rows.map((r) => [r.alertId, r.at])).toEqual([
      ['a', 3],
      ['a', 3],
      ['b', 2],
      ['a', 1],
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(answer.length);
    // The same answer again keeps the same ids, so a reload redraws no row.
    expect(historySteps([...answer]).map((r) => r.key)).toEqual(rows.map((r) => r.key));
  });
});
