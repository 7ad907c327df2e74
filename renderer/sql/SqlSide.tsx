// Saved queries (by name, per database) and the recent statements: a click puts one in the editor.
import { useState } from 'react';
import type { ApiError, InspectorApi, SqlHistoryEntry, SqlQueries, SqlSavedQuery } from '../../db/api/inspector-api.ts';

function firstLine(sql: string): string {
  return (
    sql
      .split('\n')
      .find((l) => l.trim() && !l.trim().startsWith('--'))
      ?.trim() ?? sql.trim()
  );
}

interface SqlSideProps {
  api: InspectorApi;
  db: string;
  sql: string;
  queries: SqlQueries;
  onQueries: (q: SqlQueries) => void;
  onPick: (sql: string) => void;
}

export function SqlSide({ api, db, sql, queries, onQueries, onPick }: SqlSideProps) {
  const [name, setName] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const save = async (n: string, text: string | null) => {
    setError(null);
    const r = await api.saveSqlQuery({ db, name: n, sql: text });
    if (!r.ok) return setError(r.error);
    onQueries(r.value);
    setName('');
  };
  return (
    <aside className="sql-side" aria-label="Saved queries and history">
      <form
        className="sql-save"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) void save(name.trim(), sql);
        }}
      >
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Name this query…"
          aria-label="Query name"
          maxLength={100}
        />
        <button type="submit" className="btn" disabled={!name.trim()}>
          Save
        </button>
      </form>
      {error && (
        <div className="sql-error" role="alert">
          {error.message}
        </div>
      )}
      <SavedList saved={queries.saved} onPick={onPick} onRemove={(n) => void save(n, null)} />
      <HistoryList history={queries.history} onPick={onPick} />
    </aside>
  );
}

function SavedList({
  saved,
  onPick,
  onRemove,
}: {
  saved: SqlSavedQuery[];
  onPick: (sql: string) => void;
  onRemove: (name: string) => void;
}) {
  return (
    <>
      <h4>Saved</h4>
      <ul className="sql-list" data-testid="sql-saved">
        {saved.length === 0 && <li className="sql-none">No saved queries yet.</li>}
        {saved.map((q) => (
          <li key={q.name}>
            <button type="button" className="sql-item" onClick={() => onPick(q.sql)} title={q.sql}>
              {q.name}
            </button>
            <button
              type="button"
              className="sql-remove"
              onClick={() => onRemove(q.name)}
              aria-label={`Remove ${q.name}`}
              title="Remove"
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

function HistoryList({ history, onPick }: { history: SqlHistoryEntry[]; onPick: (sql: string) => void }) {
  return (
    <>
      <h4>History</h4>
      <ul className="sql-list" data-testid="sql-history">
        {history.length === 0 && <li className="sql-none">Statements you run show here.</li>}
        {history.map((h) => (
          <li key={`${h.at}-${h.sql}`}>
            <button
              type="button"
              className="sql-item mono"
              onClick={() => onPick(h.sql)}
              title={`${h.sql}\n\n${new Date(h.at).toLocaleString()}`}
            >
              {firstLine(h.sql)}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
