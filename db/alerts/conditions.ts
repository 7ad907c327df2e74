// Evaluates rules against one database's index (the sidecar), never its rows wholesale:
// staleness reads only the (process, variable) runs touched since the last pass, error rates
// come from the rollups, p95 reads one window of one function's calls, silence reads two maxima.
import type { RuleCondition } from '../api/alert-types.ts';
import type { StoredRule } from './alert-store.ts';
import { NEVER_STALE, type ThresholdFor } from '../index/stale-thresholds.ts';
import { countBySeries } from '../query/count.ts';
import { nearestRank } from '../query/percentile.ts';
import type { QueryContext } from '../query/query-context.ts';
import { formatSeconds } from '../../common/duration-text.ts';
import { globMatcher } from '../../common/glob.ts';

/** One rule's verdict on one subject: active means the alert should be (or stay) open. */
export interface Verdict {
  rule: StoredRule;
  subject: string;
  active: boolean;
  message: string;
  value: number | string | null;
  /** Staleness: the run this verdict is about (a new run means a new alert). */
  context: Record<string, unknown> | null;
}

type Of<K extends RuleCondition['kind']> = Extract<RuleCondition, { kind: K }>;
const cond = <K extends RuleCondition['kind']>(r: StoredRule) => r.condition as Of<K>;
const fmt = (n: number, digits = 1) => (Number.isInteger(n) ? String(n) : n.toFixed(digits));

interface RunRow {
  process: string;
  data: string;
  sample: string | null;
  run_len: number;
  run_start_id: number;
  last_id: number;
}

export function staleSubject(process: string, data: string): string {
  return `${process} · ${data}`;
}

/**
 * Runs touched after `sinceId` (the stale_runs table has one row per pair: it stays small), judged
 * by the database's stale thresholds, the very lookup the marks use: a rule only says which
 * variables it watches, so an alert fires exactly where a stale mark shows, and an ignored
 * variable neither marks nor fires.
 */
export function stalenessVerdicts(
  ctx: QueryContext,
  rules: StoredRule[],
  sinceId: number,
  thresholdFor: ThresholdFor,
): { verdicts: Verdict[]; maxId: number } {
  const matchers = rules.map((r) => ({
    r,
    p: globMatcher(cond<'staleness'>(r).process),
    d: globMatcher(cond<'staleness'>(r).data),
  }));
  const rows = ctx
    .side('SELECT process, data, sample, run_len, run_start_id, last_id FROM stale_runs WHERE last_id > ?')
    .all(sinceId) as RunRow[];
  const verdicts: Verdict[] = [];
  let maxId = sinceId;
  for (const row of rows) {
    maxId = Math.max(maxId, row.last_id);
    const threshold = thresholdFor(row.process, row.data);
    const active = row.run_len > threshold;
    const message = active
      ? `${row.data} in ${row.process} has had the same value ${row.run_len} times in a row (more than ${threshold}): ${row.sample === null ? 'null' : JSON.stringify(row.sample.length > 80 ? `${row.sample.slice(0, 80)}…` : row.sample)}.`
      : threshold === NEVER_STALE
        ? `${row.data} in ${row.process} is ignored (its stale threshold).`
        : row.run_len > 1
          ? `${row.data} in ${row.process} repeats ${row.run_len} times, within its stale threshold of ${threshold}.`
          : `${row.data} in ${row.process} changed value.`;
    for (const m of matchers) {
      if (!m.p(row.process) || !m.d(row.data)) continue;
      verdicts.push({
        rule: m.r,
        subject: staleSubject(row.process, row.data),
        active,
        message,
        value: row.run_len,
        context: { runStartId: row.run_start_id },
      });
    }
  }
  return { verdicts, maxId };
}

export function errorRateVerdicts(ctx: QueryContext, rule: StoredRule, now: number): Verdict[] {
  const c = cond<'errorRate'>(rule);
  const match = globMatcher(c.match);
  const counts = countBySeries(ctx, now - c.windowSec * 1000, now + 1);
  const bySubject = new Map<string, { rows: number; errors: number }>();
  for (const s of ctx.series()) {
    const name = c.scope === 'process' ? s.process : s.grp;
    if (!match(name)) continue;
    const key = name ?? '(none)';
    const got = counts.get(s.id);
    const agg = bySubject.get(key) ?? { rows: 0, errors: 0 };
    agg.rows += got?.rows ?? 0;
    agg.errors += got?.errors ?? 0;
    bySubject.set(key, agg);
  }
  const window = formatSeconds(c.windowSec);
  return [...bySubject].map(([subject, n]) => {
    const rate = n.rows ? (n.errors / n.rows) * 100 : 0;
    const active = n.rows >= c.minRows && rate > c.percent;
    return {
      rule,
      subject,
      active,
      value: Math.round(rate * 10) / 10,
      context: null,
      message: active
        ? `${fmt(rate)} % of rows are errors over the last ${window} (${n.errors} of ${n.rows}; limit ${c.percent} %).`
        : `Error rate back to ${fmt(rate)} % over the last ${window}.`,
    };
  });
}

export function slowFunctionVerdicts(ctx: QueryContext, rule: StoredRule, now: number): Verdict[] {
  const c = cond<'slowFunction'>(rule);
  const match = globMatcher(c.process);
  const byProcess = new Map<string, number[]>();
  for (const s of ctx.series())
    if (match(s.process)) byProcess.set(s.process, [...(byProcess.get(s.process) ?? []), s.id]);
  const out: Verdict[] = [];
  const window = formatSeconds(c.windowSec);
  for (const [process, ids] of byProcess) {
    const durs: number[] = [];
    for (const id of ids)
      durs.push(
        ...(ctx
          .side('SELECT dur FROM calls WHERE s = ? AND ts >= ? AND dur IS NOT NULL')
          .pluck()
          .all(id, now - c.windowSec * 1000) as number[]),
      );
    durs.sort((a, b) => a - b);
    const p95 = nearestRank(durs, 95);
    const active = durs.length >= c.minCalls && p95 !== null && p95 > c.p95Ms;
    out.push({
      rule,
      subject: process,
      active,
      value: p95 === null ? null : Math.round(p95 * 10) / 10,
      context: null,
      message: active
        ? `p95 is ${fmt(p95)} ms over the last ${window} (${durs.length} calls; limit ${c.p95Ms} ms).`
        : `p95 back to ${p95 === null ? 'no calls' : `${fmt(p95)} ms`} over the last ${window}.`,
    });
  }
  return out;
}

export function silenceVerdict(ctx: QueryContext, rule: StoredRule, now: number): Verdict {
  const c = cond<'silence'>(rule);
  const last = ctx
    .side(c.source === 'rows' ? 'SELECT max(ts) FROM rows' : 'SELECT max(ts) FROM heartbeats')
    .pluck()
    .get() as number | null;
  const quietSec = last === null ? null : Math.max(0, (now - last) / 1000);
  const active = quietSec === null || quietSec > c.seconds;
  const what = c.source === 'rows' ? 'new rows' : 'writer heartbeat';
  return {
    rule,
    subject: c.source === 'rows' ? 'rows' : 'writer heartbeat',
    active,
    value: quietSec === null ? null : Math.round(quietSec),
    context: null,
    message: active
      ? quietSec === null
        ? `No ${what} at all (limit ${c.seconds} s).`
        : `No ${what} for ${Math.round(quietSec)} s (limit ${c.seconds} s).`
      : `${c.source === 'rows' ? 'Rows' : 'Heartbeats'} are arriving again.`,
  };
}
