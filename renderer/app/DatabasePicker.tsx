// The `serve` page's database picker (issue 16): the databases open in this server (the OTLP
// receiver's among them), the files opened lately, and a path to open. Choosing one reloads the
// page on it (`?db=<handle>`), keeping the tab and range of the address.
import { useEffect, useState, type FormEvent } from 'react';
import type { DatabaseInfo, InspectorApi } from '../../db/api/inspector-api.ts';

function go(db: string): void {
  const q = new URLSearchParams(location.search);
  q.set('db', db);
  location.search = q.toString();
}

export function DatabasePicker({ api, current }: { api: InspectorApi; current: string | null }) {
  const [open, setOpen] = useState<DatabaseInfo[]>([]);
  const [recent, setRecent] = useState<{ path: string; exists: boolean }[]>([]);
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void api.databases({}).then((r) => r.ok && setOpen(r.value));
    void api.recentFiles({}).then((r) => r.ok && setRecent(r.value));
  }, [api]);
  const openPath = async (p: string) => {
    setBusy(true);
    setError(null);
    const r = await api.open({ path: p });
    setBusy(false);
    if (r.ok) go(r.value.db);
    else setError(r.error.message);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim()) void openPath(path.trim());
  };
  const openPaths = new Set(open.map((d) => d.path));
  return (
    <div className="db-picker" data-testid="db-picker">
      <h3>Open now</h3>
      {open.length === 0 ? (
        <p className="muted">No database is open in this server.</p>
      ) : (
        <ul className="db-list">
          {open.map((d) => (
            <li key={d.db}>
              <button className="db-item" disabled={d.db === current} onClick={() => go(d.db)} title={d.path}>
                <span className={`state-dot state-${d.state}`} />
                <span className="db-name">{d.path.split(/[\\/]/).pop()}</span>
                <span className="db-path mono">{d.path}</span>
                {d.db === current && <span className="muted"> (shown)</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
      {recent.some((r) => !openPaths.has(r.path)) && (
        <>
          <h3>Opened lately</h3>
          <ul className="db-list">
            {recent
              .filter((r) => !openPaths.has(r.path))
              .map((r) => (
                <li key={r.path}>
                  <button
                    className="db-item"
                    disabled={!r.exists || busy}
                    onClick={() => void openPath(r.path)}
                    title={r.exists ? r.path : `${r.path} is not there any more`}
                  >
                    <span className="db-name">{r.path.split(/[\\/]/).pop()}</span>
                    <span className="db-path mono">{r.path}</span>
                    {!r.exists && <span className="muted"> (missing)</span>}
                  </button>
                </li>
              ))}
          </ul>
        </>
      )}
      <h3>Open a file on this machine</h3>
      <form className="db-open" onSubmit={submit}>
        <input
          className="mono"
          aria-label="Database path"
          placeholder="/home/me/app/traces.db"
          value={path}
          onChange={(e) => setPath(e.target.value)}
        />
        <button className="chip" type="submit" disabled={busy || !path.trim()}>
          {busy ? 'Opening…' : 'Open'}
        </button>
      </form>
      {error && (
        <p className="panel-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
