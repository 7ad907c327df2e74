// The explorer grid's cells. Loading rows (data not there yet) draw a quiet placeholder.
import type { CustomCellRendererProps } from 'ag-grid-react';
import type { GridRow } from './display-model.ts';
import type { GridContext } from './TraceGrid.tsx';
import { staleVariable } from './stale-marks.ts';
import { formatDuration } from './waterfall-layout.ts';

type CellProps = CustomCellRendererProps<GridRow, unknown, GridContext>;

export function ProcessCell({ data, context }: CellProps) {
  if (!data) return <span className="cell-loading" />;
  const pad = data.depth * 14;
  return (
    <span className="cell-process" style={{ paddingLeft: pad }}>
      {data.expandable ? (
        <button
          type="button"
          className={data.expanded ? 'chevron open' : 'chevron'}
          aria-label={data.expanded ? 'Collapse trace' : 'Expand trace'}
          aria-expanded={data.expanded}
          onClick={(e) => {
            e.stopPropagation();
            context.toggle(data);
          }}
        >
          {context.loadingTrace === data.key ? <span className="spinner" /> : '▸'}
        </button>
      ) : (
        <span className={data.child ? 'tree-guide' : 'chevron-space'} />
      )}
      <span className={data.row.status === 'ERROR' ? 'status-dot err' : 'status-dot'} />
      <span className="process-name" title={data.row.process}>{data.child && !data.callStart ? <span className="muted">{data.row.process}</span> : data.row.process}</span>
      {data.child && data.callStart && data.callDurationMs !== null && <span className="call-dur">{formatDuration(data.callDurationMs)}</span>}
    </span>
  );
}

export function ValueCell({ data, context }: CellProps) {
  if (!data) return null;
  const r = data.row;
  const stale = staleVariable(context.stale, r);
  return (
    <span className="cell-value">
      {stale && <span className="stale-tag" title={`Unchanged for ${stale.runLength} values in a row (threshold ${stale.threshold})`}>stale</span>}
      {r.dataValue === null ? <span className="muted">null</span> : <span className="mono">{r.dataValue.length > 300 ? r.dataValue.slice(0, 300) : r.dataValue}</span>}
      {r.valueTruncated && <span className="muted" title={`${r.valueLength.toLocaleString('en-US')} characters: select the row to see it whole`}> …</span>}
    </span>
  );
}

export function StatusCell({ data }: CellProps) {
  if (!data) return null;
  const err = data.row.status === 'ERROR';
  return <span className={err ? 'status-pill err' : 'status-pill ok'} title={data.row.statusRaw ?? undefined}>{err ? 'ERROR' : 'OK'}</span>;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Local time, dense: `11-23 13:15:17.435`. The stored text when it could not be read as a time. */
export function formatTimestamp(ts: number | null, raw: string | null): string {
  if (ts === null) return raw ?? '';
  const d = new Date(ts);
  return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function firstLine(text: string | null): string {
  if (!text) return '';
  const lines = text.trim().split('\n');
  // A Python traceback's useful line is its last one (the exception and its message).
  return (lines[0].startsWith('Traceback') ? lines[lines.length - 1] : lines[0]).slice(0, 300);
}
