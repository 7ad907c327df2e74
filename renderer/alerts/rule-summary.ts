// A rule's condition read as a sentence fragment, as the rules list shows it:
// "any variable repeats > 5 times", "errors > 5 % of rows in group payments over 5 min".
import type { RuleCondition, RuleConditionInput } from '../../db/api/alert-types.ts';
import { formatSeconds } from '../../common/duration-text.ts';
import { RULE_DEFAULTS } from '../../common/rule-limits.ts';

const isAny = (glob: string) => glob === '*' || glob === '';

// The engine's defaults (docs/alerts.md) go unsaid, so the usual summary stays one short line.
const DEFAULT_MIN_ROWS = RULE_DEFAULTS.minRows;
const DEFAULT_MIN_CALLS = RULE_DEFAULTS.minCalls;

const times = (n: number) => (n === 1 ? '1 time' : `${n} times`);

/** A staleness rule's threshold is the database's stale threshold of its patterns (shared with the marks). */
export function describeCondition(c: RuleCondition | RuleConditionInput): string {
  switch (c.kind) {
    case 'staleness': {
      const variable = isAny(c.data) ? 'any variable' : c.data;
      const where = isAny(c.process) ? '' : ` in ${c.process}`;
      if (c.threshold === undefined) return `${variable}${where} repeats past its stale threshold`;
      if (c.threshold === 'ignore') return `${variable}${where} is ignored (never stale)`;
      return `${variable}${where} repeats > ${times(c.threshold)}`;
    }
    case 'errorRate': {
      const who = isAny(c.match) ? `any ${c.scope}` : `${c.scope} ${c.match}`;
      return `errors > ${c.percent} % of rows in ${who} over ${formatSeconds(c.windowSec)}${c.minRows === DEFAULT_MIN_ROWS ? '' : ` (≥ ${c.minRows} rows)`}`;
    }
    case 'slowFunction': {
      const who = isAny(c.process) ? 'any function' : c.process;
      return `p95 of ${who} > ${c.p95Ms} ms over ${formatSeconds(c.windowSec)}${c.minCalls === DEFAULT_MIN_CALLS ? '' : ` (≥ ${c.minCalls} calls)`}`;
    }
    case 'silence':
      return `no ${c.source === 'rows' ? 'new rows' : 'writer heartbeat'} for ${formatSeconds(c.seconds)}`;
  }
}

export const KIND_LABELS: Record<RuleCondition['kind'], string> = {
  staleness: 'Staleness',
  errorRate: 'Error rate',
  slowFunction: 'Slow function',
  silence: 'Silence',
};
