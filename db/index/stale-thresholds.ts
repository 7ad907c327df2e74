// A database's stale thresholds: the one model behind the stale marks (Overview, Explorer,
// timeline) and the staleness alert rules, so a mark and an alert never disagree. Entries name a
// process and a variable exactly or by glob; for a variable the most specific entry wins, then
// the default. The indexer applies them while it tails, and mirrors them into the sidecar's
// stale_thresholds table, where the query workers and the alerts thread read the same entries.
import type { StaleRule, StaleThreshold } from '../api/alert-types.ts';
import { globMatcher } from '../../common/glob.ts';
import { DEFAULT_STALE_THRESHOLD } from '../../common/rule-limits.ts';

/** An ignored variable's threshold inside the engine: no run is ever longer. */
export const NEVER_STALE = Number.MAX_SAFE_INTEGER;

export type ThresholdFor = (process: string, data: string) => number;

/** 2 for an exact name, 1 for a glob, 0 for `*` (any). */
const rank = (pattern: string) => (pattern === '*' ? 0 : /[*?]/.test(pattern) ? 1 : 2);
const literals = (pattern: string) => pattern.replace(/[*?]/g, '').length;

/**
 * The threshold of each (process, variable). Most specific first: the process pattern's rank, then
 * the variable's, then the longer literal text; among equals, the entry set last. Answers are kept
 * per pair, so the indexer's per-row call is one map lookup (pairs are few: one stale_runs row each).
 */
export function thresholdLookup(rules: readonly StaleRule[]): ThresholdFor {
  const ordered = rules
    .map((r, i) => ({ r, i, p: globMatcher(r.process), d: globMatcher(r.data) }))
    .sort(
      (a, b) =>
        rank(b.r.process) - rank(a.r.process) ||
        rank(b.r.data) - rank(a.r.data) ||
        literals(b.r.process) + literals(b.r.data) - literals(a.r.process) - literals(a.r.data) ||
        b.i - a.i,
    );
  const memo = new Map<string, number>();
  return (process, data) => {
    const key = `${process}\u0001${data}`;
    let t = memo.get(key);
    if (t === undefined) {
      // An entry written exactly as asked wins first: a rule's own patterns read back what it set.
      const hit =
        ordered.find((o) => o.r.process === process && o.r.data === data) ??
        ordered.find((o) => o.p(process) && o.d(data));
      t = hit ? toEngine(hit.r.threshold) : DEFAULT_STALE_THRESHOLD;
      memo.set(key, t);
    }
    return t;
  };
}

export function toEngine(t: StaleThreshold): number {
  return t === 'ignore' ? NEVER_STALE : t;
}

export function fromEngine(t: number): StaleThreshold {
  return t >= NEVER_STALE ? 'ignore' : t;
}

/** The entries with `changes` set (a null threshold removes the entry of those patterns). */
export function mergeStaleRules(
  rules: readonly StaleRule[],
  changes: readonly { process: string; data: string; threshold: StaleThreshold | null }[],
  onlyIfUnset = false,
): StaleRule[] {
  const out = [...rules];
  for (const c of changes) {
    const at = out.findIndex((r) => r.process === c.process && r.data === c.data);
    if (at >= 0 && onlyIfUnset) continue;
    if (at >= 0) out.splice(at, 1);
    if (c.threshold !== null) out.push({ process: c.process, data: c.data, threshold: c.threshold });
  }
  return out;
}
