// Which alerts come first in the table, and which process an alert's subject names (for the link
// to the Trace Explorer).
import type { Alert } from '../../db/api/alert-types.ts';

const ORDER = { firing: 0, acknowledged: 1, resolved: 2 } as const;
const SEVERITY = { critical: 0, warning: 1, info: 2 } as const;

/** Firing first, then acknowledged, then resolved; the most severe, then the newest, first. */
export function sortAlerts(list: Alert[]): Alert[] {
  return [...list].sort(
    (a, b) => ORDER[a.state] - ORDER[b.state] || SEVERITY[a.severity] - SEVERITY[b.severity] || b.firedAt - a.firedAt,
  );
}

/** The process a staleness ("process · variable") or slow-function subject names; null for others. */
export function subjectProcess(alert: Alert): string | null {
  if (alert.ruleKind !== 'staleness') return alert.ruleKind === 'slowFunction' ? alert.subject : null;
  const i = alert.subject.lastIndexOf(' · ');
  return i > 0 ? alert.subject.slice(0, i) : null;
}
