// Which alerts come first in the table, and which process an alert's subject names (for the link
// to the Trace Explorer).
import type { Alert, AlertTransition } from '../../db/api/alert-types.ts';

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

/** A transition with an id unique in the list (one alert can reach a state twice in a millisecond). */
export interface Step extends AlertTransition {
  key: string;
}

/**
 * The history, newest first. The engine lists one evaluation pass's transitions together, not
 * strictly by time (a resolve a few ms after a fire can come second); sorted here so the newest is
 * always on top.
 */
export function historySteps(answer: AlertTransition[]): Step[] {
  const seen = new Map<string, number>();
  return [...answer]
    .sort((a, b) => b.at - a.at)
    .map((t) => {
      const base = `${t.alertId}|${t.at}|${t.to}`;
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      return { ...t, key: `${base}|${n}` };
    });
}
