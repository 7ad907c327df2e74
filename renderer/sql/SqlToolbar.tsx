// Run, Cancel, the time limit and the export buttons above the SQL editor.
import { TIME_LIMITS_S } from './sql-params.ts';
import type { ExportFormat } from './use-sql-export.ts';

interface SqlToolbarProps {
  running: boolean;
  timeoutS: number;
  canExport: boolean;
  exporting: ExportFormat | null;
  onRun: () => void;
  onCancel: () => void;
  onTimeout: (s: number) => void;
  onExport: (format: ExportFormat) => void;
}

export function SqlToolbar(p: SqlToolbarProps) {
  const exportButton = (format: ExportFormat, label: string) => (
    <button
      type="button"
      className="btn"
      onClick={() => p.onExport(format)}
      disabled={!p.canExport || p.exporting !== null}
    >
      {p.exporting === format ? 'Exporting…' : label}
    </button>
  );
  return (
    <div className="sql-toolbar">
      <button
        type="button"
        className="btn btn-primary"
        onClick={p.onRun}
        disabled={p.running}
        title="Run (Ctrl+Enter / ⌘+Enter)"
      >
        ▶ Run
      </button>
      <button type="button" className="btn" onClick={p.onCancel} disabled={!p.running}>
        Cancel
      </button>
      <label className="sql-limit">
        Time limit
        <select value={p.timeoutS} onChange={(e) => p.onTimeout(Number(e.target.value))}>
          {TIME_LIMITS_S.map((s) => (
            <option key={s} value={s}>
              {s} s
            </option>
          ))}
        </select>
      </label>
      <span className="sql-hint">
        Ctrl+Enter runs · one reading statement · views: calls, rows, functions, stale_runs, heartbeats
      </span>
      <span className="sql-spacer" />
      {exportButton('csv', 'Export CSV')}
      {exportButton('jsonl', 'Export JSON Lines')}
    </div>
  );
}
