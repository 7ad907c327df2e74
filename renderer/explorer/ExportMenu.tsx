// "Export ▾": the rows of the current filter as CSV or JSON Lines, and the selected trace as a
// Chrome trace (opens in Perfetto / chrome://tracing) or OTLP JSON. Plain download links.
import type { RangeInput } from '../app/tab-props.ts';
import type { RowFilter } from './explorer-params.ts';
import { exportHref } from './export-link.ts';

export function ExportMenu({
  db,
  range,
  filter,
  traceId,
  count,
}: {
  db: string;
  range: RangeInput;
  filter: RowFilter;
  traceId: string | null;
  count: number | null;
}) {
  const rows = count === null ? 'the rows' : `${count.toLocaleString('en-US')} ${count === 1 ? 'row' : 'rows'}`;
  return (
    <details className="export-menu">
      <summary className="btn" title="Download what is shown">
        Export ▾
      </summary>
      <div className="export-items" role="menu">
        <div className="export-section">Filtered rows ({rows})</div>
        <a role="menuitem" href={exportHref(db, 'csv', { range, filter })} download>
          CSV
        </a>
        <a role="menuitem" href={exportHref(db, 'jsonl', { range, filter })} download>
          JSON Lines
        </a>
        <a role="menuitem" href={exportHref(db, 'chrome', { range, filter })} download>
          Chrome trace (Perfetto)
        </a>
        <div className="export-section">Selected trace</div>
        {traceId ? (
          <>
            <a role="menuitem" href={exportHref(db, 'chrome', { traceId })} download>
              Chrome trace (Perfetto)
            </a>
            <a role="menuitem" href={exportHref(db, 'otlp', { traceId })} download>
              OTLP JSON
            </a>
          </>
        ) : (
          <span className="export-none">Select a row of a trace first</span>
        )}
      </div>
    </details>
  );
}
