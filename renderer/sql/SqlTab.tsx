// The SQL console: one statement against the file and its index through the friendly views of
// docs/sql.md, run by the engine in a process Cancel can kill. The statement lives in the URL
// (a link reopens and runs it); history and saved queries are the database's, kept by the engine.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, SqlQueries, SqlSchemaTable } from '../../db/api/inspector-api.ts';
import type { TabProps } from '../app/tab-props.ts';
import { SqlEditor, type ErrorPoint } from './SqlEditor.tsx';
import { useSqlText } from './use-sql-text.ts';
import { SqlResults } from './SqlResults.tsx';
import { SqlSide } from './SqlSide.tsx';
import { SqlErrorNote, SqlStatus } from './SqlStatus.tsx';
import { SqlToolbar } from './SqlToolbar.tsx';
import { PlanView } from './PlanView.tsx';
import { readSqlParams, writeSqlParams } from './sql-params.ts';
import { useSqlRun } from './use-sql-run.ts';
import { useSqlExport } from './use-sql-export.ts';
import './sql.css';

function errorPoint(error: ApiError | null): ErrorPoint | null {
  const d = error?.kind === 'sql-error' ? error.details : undefined;
  return d && typeof d.line === 'number' && typeof d.column === 'number'
    ? { line: d.line, column: d.column, message: error!.message }
    : null;
}

export function SqlTab({ api, db, params, setParams }: TabProps) {
  const initial = readSqlParams(params);
  const { sql, setSql, replace, pick } = useSqlText(initial.query);
  const [timeoutS, setTimeoutS] = useState(initial.timeoutS);
  const [schema, setSchema] = useState<SqlSchemaTable[]>([]);
  const [queries, setQueries] = useState<SqlQueries>({ saved: [], history: [] });
  const [showPlan, setShowPlan] = useState(false);
  const refreshQueries = useCallback(
    () => void api.sqlQueries({ db }).then((r) => r.ok && setQueries(r.value)),
    [api, db],
  );
  const state = useSqlRun(api, db, refreshQueries);
  const exports = useSqlExport(api, db);
  const { run: runStatement } = state;

  useEffect(() => {
    void api.sqlSchema({ db }).then((r) => r.ok && setSchema(r.value));
    refreshQueries();
  }, [api, db, refreshQueries]);

  // A link with a statement runs it once, as the tab opens.
  const fromLink = useRef(initial.fromLink ? initial : null);
  useEffect(() => {
    const link = fromLink.current;
    fromLink.current = null;
    if (link) void runStatement(link.query, link.timeoutS * 1000);
  }, [runStatement]);

  const run = (text: string) => {
    if (state.running || !text.trim()) return;
    setParams(writeSqlParams({ query: text, timeoutS }));
    void runStatement(text, timeoutS * 1000);
  };

  const result = state.result;
  const error = state.error ?? exports.error;
  return (
    <div className="sql-tab" data-testid="sql-tab">
      <div className="sql-top">
        <div className="sql-editor-pane">
          <SqlToolbar
            running={state.running}
            timeoutS={timeoutS}
            canExport={result !== null}
            exporting={exports.exporting}
            onRun={() => run(sql)}
            onCancel={state.cancel}
            onTimeout={setTimeoutS}
            onExport={(format) => void exports.exportAs(result?.sql ?? sql, format, timeoutS * 1000)}
          />
          <SqlEditor
            value={sql}
            replace={replace}
            schema={schema}
            onChange={setSql}
            onRun={(text) => {
              setSql(text);
              run(text);
            }}
            errorAt={errorPoint(state.error)}
          />
        </div>
        <SqlSide api={api} db={db} sql={sql} queries={queries} onQueries={setQueries} onPick={pick} />
      </div>
      <SqlStatus running={state.running} result={result} showPlan={showPlan} onPlan={() => setShowPlan((s) => !s)} />
      {error && <SqlErrorNote error={error} />}
      {showPlan && result?.plan && <PlanView plan={result.plan} />}
      <div className="sql-results">
        <SqlResults columns={result?.columns ?? []} rows={result?.rows ?? []} />
      </div>
      {result?.more && (
        <div className="sql-more">
          <button
            type="button"
            className="btn"
            onClick={() => void state.loadMore(timeoutS * 1000)}
            disabled={state.running}
          >
            Load more
          </button>
        </div>
      )}
    </div>
  );
}
