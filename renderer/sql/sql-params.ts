// The console's state in the URL hash (`#/sql?q=SELECT…&limit=10000`), so a link reopens the same
// statement (and runs it). Pure functions over the tab's params.
export const DEFAULT_QUERY = `-- Slowest calls of the last hour (see docs/sql.md for the views)
SELECT process, start_time, duration_ms, error, trace_id
FROM calls
WHERE start_ms > now_ms() - 3600 * 1000
ORDER BY duration_ms DESC
LIMIT 100`;

export const TIME_LIMITS_S = [5, 15, 30, 60] as const;

export interface SqlParams {
  query: string;
  timeoutS: number;
  fromLink: boolean;
}

export function readSqlParams(params: Record<string, string>): SqlParams {
  const t = Number(params.timeout);
  return {
    query: params.q ?? DEFAULT_QUERY,
    timeoutS: (TIME_LIMITS_S as readonly number[]).includes(t) ? t : 5,
    fromLink: params.q !== undefined,
  };
}

export function writeSqlParams(p: { query: string; timeoutS: number }): Record<string, string | undefined> {
  return { q: p.query, timeout: p.timeoutS === 5 ? undefined : String(p.timeoutS) };
}
