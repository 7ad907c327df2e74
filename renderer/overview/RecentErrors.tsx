// The last 10 errors of the range; a click opens the Trace Explorer on that trace and row.
import type { ApiError, TraceRow } from '../../db/api/inspector-api.ts';
import type { TabProps } from '../app/tab-props.ts';
import { exceptionHeadline } from '../format/figures.ts';
import { formatClock } from '../format/time.ts';
import { Panel } from '../ui/Panel.tsx';

export interface RecentErrorsProps {
  rows: TraceRow[] | null;
  loading: boolean;
  error: ApiError | null;
  emptyText: string;
  navigate: TabProps['navigate'];
  now: number;
}

export function explorerParamsFor(row: TraceRow): Record<string, string> {
  return row.traceId ? { trace: row.traceId, row: String(row.id) } : { row: String(row.id) };
}

export function RecentErrors({ rows, loading, error, emptyText, navigate, now }: RecentErrorsProps) {
  return (
    <Panel
      title="Recent errors"
      aside={rows?.length ? `last ${rows.length}` : null}
      loading={loading}
      error={error}
      empty={rows && rows.length === 0 ? emptyText : null}
      testId="recent-errors"
      className="recent-errors"
    >
      {rows && rows.length > 0 && (
        <table className="dense-table clickable">
          <thead>
            <tr>
              <th className="col-time">Time</th>
              <th>Process</th>
              <th>Exception</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const go = () => navigate('explorer', explorerParamsFor(r));
              return (
                <tr
                  key={r.id}
                  tabIndex={0}
                  onClick={go}
                  onKeyDown={(e) => e.key === 'Enter' && go()}
                  data-trace={r.traceId ?? ''}
                  title={`Open trace ${r.traceId ?? `(row ${r.id})`} in the Trace Explorer`}
                >
                  <td className="mono col-time">{formatClock(r.ts, now)}</td>
                  <td className="mono cell-process">
                    {r.process}
                    {r.group && <span className="group-tag">{r.group}</span>}
                  </td>
                  <td className="mono cell-exception">{exceptionHeadline(r.exception) || r.statusRaw || 'ERROR'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
