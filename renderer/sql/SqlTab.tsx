// The SQL console: one statement against the file and its index through the friendly views of
// docs/sql.md, run by the engine in a process Cancel can kill. The statement lives in the URL
// (a link reopens and runs it); history and saved queries are the database's, kept by the engine.
import { useCallback, useEffect, useState } from 'react';
import type { ApiError, SqlQueries, SqlSchemaTable } from '../../db/api/inspector-api.ts';
import type { TabProps } from '../app/tab-props.ts';
import { SqlEditor } from './SqlEditor.tsx';
import { SqlResults } from './SqlResults.tsx';
import { SqlSide } from './SqlSide.tsx';
import { PlanView } from './PlanView.tsx';
import { readSqlParams, TIME_LIMITS_S, writeSqlParams } from './sql-params.ts';
import { useSqlRun } from './use-sql-run.ts';
import { formatMs } from './sql-format.ts';
import './sql.css';

function errorPoint(error: ApiError | null): { line: number; column: number; message: string } | null {
  const d = error?.kind === 'sql-error' ? error.details : undefined;
  return d && typeof d.line === 'number' && typeof d.column === 'number' ? { line: d.line, column: d.column, message: error!.message } : null;
}

function download(text: string, filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function SqlTab({ api, db, params, setParams }: TabProps) {
  const initial = readSqlParams(params);
  const [sql, setSql] = useState(initial.query);
  const [timeoutS, setTimeoutS] = useState(initial.timeoutS);
  const [schema, setSchema] = useState<SqlSchemaTable[]>([]);
  const [queries, setQueries] = useState<SqlQueries>({ saved: [], history: [] });
  const [showPlan, setShowPlan] = useState(false);
  const [exporting, setExporting] = useState<string | null>(null);
  const [exportError, setExportError] = useState<ApiError | null>(null);

  const refreshQueries = useCallback(() => {
    void api.sqlQueries({ db }).then((r) => r.ok && setQueries(r.value));
  }, [api, db]);
  const state = useSqlRun(api, db, refreshQueries);

  useEffect(() => {
    void api.sqlSchema({ db }).then((r) => r.ok && setSchema(r.value));
    refreshQueries();
  }, [api, db, refreshQueries]);

  const run = useCallback((text = sql) => {
    if (state.running || !text.trim()) return;
    setParams(writeSqlParams({ query: text, timeoutS }));
    void state.run(text, timeoutS * 1000);
  }, [sql, timeoutS, state, setParams]);

  // A link with a statement runs it once, as it opens.
  useEffect(() => {
    if (initial.fromLink) void state.run(initial.query, initial.timeoutS * 1000);
  }, []);

  const exportAs = async (format: 'csv' | 'jsonl') => {
    const text = state.result?.sql ?? sql;
    setExporting(format);
    setExportError(null);
    const r = await api.sqlExport({ db, sql: text, format, timeoutMs: timeoutS * 1000 });
    setExporting(null);
    if (!r.ok) return setExportError(r.error);
    download(r.value.text, r.value.filename, format === 'csv' ? 'text/csv' : 'application/x-ndjson');
  };

  const result = state.result;
  const error = state.error ?? exportError;
  return (
    <div className="sql-tab" data-testid="sql-tab">
      <div className="sql-top">
        <div className="sql-editor-pane">
          <div className="sql-toolbar">
            <button type="button" className="btn btn-primary" onClick={() => run()} disabled={state.running} title="Run (Ctrl+Enter / ⌘+Enter)">▶ Run</button>
            <button type="button" className="btn" onClick={state.cancel} disabled={!state.running}>Cancel</button>
            <label className="sql-limit">
              Time limit
              <select value={timeoutS} onChange={(e) => setTimeoutS(Number(e.target.value))}>
                {TIME_LIMITS_S.map((s) => <option key={s} value={s}>{s} s</option>)}
              </select>
            </label>
            <span className="sql-hint">Ctrl+Enter runs · one reading statement · views: calls, rows, functions, stale_runs, heartbeats</span>
            <span className="sql-spacer" />
            <button type="button" className="btn" onClick={() => void exportAs('csv')} disabled={!result || exporting !== null}>{exporting === 'csv' ? 'Exporting…' : 'Export CSV'}</button>
            <button type="button" className="btn" onClick={() => void exportAs('jsonl')} disabled={!result || exporting !== null}>{exporting === 'jsonl' ? 'Exporting…' : 'Export JSON Lines'}</button>
          </div>
          <SqlEditor value={sql} schema={schema} onChange={setSql} onRun={() => run(sql)} errorAt={errorPoint(state.error)} />
        </div>
        <SqlSide api={api} db={db} sql={sql} queries={queries} onQueries={setQueries} onPick={(q) => setSql(q)} />
      </div>
      <div className="sql-status" role="status" data-testid="sql-status">
        {state.running ? <span>Running…</span> : result ? (
          <>
            <span data-testid="sql-count">{result.rows.length.toLocaleString('en-US')}{result.more ? '+' : ''} {result.rows.length === 1 ? 'row' : 'rows'}</span>
            <span title="SQLite's time for the last page, and the whole round trip of the first (a process per statement)">{formatMs(result.runMs)} in SQLite · {formatMs(result.wallMs)} in all</span>
            {result.truncatedCells > 0 && <span title="Select substr(column, n) to read the rest, or export">{result.truncatedCells} long cells cut</span>}
            {result.plan && <button type="button" className="btn btn-small" aria-pressed={showPlan} onClick={() => setShowPlan((s) => !s)}>{showPlan ? 'Hide plan' : 'Query plan'}</button>}
          </>
        ) : <span>Run a statement to see its rows.</span>}
      </div>
      {error && <div className="sql-error" role="alert" data-testid="sql-error"><strong>{error.kind === 'sql-refused' ? 'Refused' : error.kind === 'cancelled' ? 'Cancelled' : error.kind === 'timeout' ? 'Time limit' : 'Error'}:</strong> {error.message}</div>}
      {showPlan && result?.plan && <PlanView plan={result.plan} />}
      <div className="sql-results">
        <SqlResults columns={result?.columns ?? []} rows={result?.rows ?? []} />
      </div>
      {result?.more && (
        <div className="sql-more">
          <button type="button" className="btn" onClick={() => void state.loadMore(timeoutS * 1000)} disabled={state.running}>Load more</button>
        </div>
      )}
    </div>
  );
}
