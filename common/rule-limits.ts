// The bounds and defaults of staleness thresholds and alert rules, stated once: the API table's
// input schemas (db/api/operations.ts) enforce them, the engine applies the defaults, and the
// rule builder (renderer/alerts/) checks and explains them beside each field before saving.

/** A variable is stale once its value repeats more than this many times in a row (no rule set). */
export const DEFAULT_STALE_THRESHOLD = 5;

const WEEK_SEC = 7 * 86_400;

/** Inclusive bounds; `int` fields take whole numbers only. */
export const RULE_LIMITS = {
  name: { max: 200 },
  /** A process, group or variable name or glob. */
  pattern: { max: 1024 },
  webhooksPerRule: { max: 20 },
  threshold: { min: 1, max: 1_000_000, int: true },
  percent: { min: 0, max: 100, int: false },
  windowSec: { min: 10, max: WEEK_SEC, int: true },
  minRows: { min: 1, max: 1_000_000, int: true },
  p95Ms: { min: 0, max: 86_400_000, int: false },
  minCalls: { min: 1, max: 1_000_000, int: true },
  silenceSec: { min: 1, max: WEEK_SEC, int: true },
} as const;

/** What the engine fills in when a rule leaves them out, and what the rule builder starts with. */
export const RULE_DEFAULTS = {
  threshold: DEFAULT_STALE_THRESHOLD,
  minRows: 20,
  minCalls: 5,
} as const;
