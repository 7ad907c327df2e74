// The line under the editor: rows so far, SQLite's time and the round trip, cut cells, the plan
// toggle; and the engine's sentence when a statement was refused, failed, timed out or cancelled.
import type { ApiError } from '../../db/api/inspector-api.ts';
import { formatMs } from './sql-format.ts';
import type { SqlResult } from './use-sql-run.ts';

export function SqlStatus({
  running,
  result,
  showPlan,
  onPlan,
}: {
  running: boolean;
  result: SqlResult | null;
  showPlan: boolean;
  onPlan: () => void;
}) {
  let body;
  if (running) body = <span>Running…</span>;
  else if (!result) body = <span>Run a statement to see its rows.</span>;
  else
    body = (
      <>
        <span data-testid="sql-count">
          {result.rows.length.toLocaleString('en-US')}
          {result.more ? '+' : ''} {result.rows.length === 1 ? 'row' : 'rows'}
        </span>
        <span title="SQLite's time for the last page, and the whole round trip of the first (a process per statement)">
          {formatMs(result.runMs)} in SQLite · {formatMs(result.wallMs)} in all
        </span>
        {result.truncatedCells > 0 && (
          <span title="Select substr(column, n) to read the rest, or export">
            {result.truncatedCells} long cells cut
          </span>
        )}
        {result.plan && (
          <button type="button" className="btn btn-small" aria-pressed={showPlan} onClick={onPlan}>
            {showPlan ? 'Hide plan' : 'Query plan'}
          </button>
        )}
      </>
    );
  return (
    <div className="sql-status" role="status" data-testid="sql-status">
      {body}
    </div>
  );
}

const LABELS: Partial<Record<ApiError['kind'], string>> = {
  'sql-refused': 'Refused',
  cancelled: 'Cancelled',
  timeout: 'Time limit',
};

export function SqlErrorNote({ error }: { error: ApiError }) {
  return (
    <div className="sql-error" role="alert" data-testid="sql-error">
      <strong>{LABELS[error.kind] ?? 'Error'}:</strong> {error.message}
    </div>
  );
}
