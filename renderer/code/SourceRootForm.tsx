// "Set source root…": map the prefix the tracer recorded to a folder on this machine.
import { useState } from 'react';
import type { ApiError, InspectorApi } from '../../db/api/inspector-api.ts';

/** The recorded file's folder, as the default prefix to map. */
export function defaultPrefix(recordedPath: string): string {
  const i = Math.max(recordedPath.lastIndexOf('/'), recordedPath.lastIndexOf('\\'));
  return i > 0 ? recordedPath.slice(0, i) : recordedPath;
}

export function SourceRootForm({
  api,
  db,
  recordedPath,
  onSaved,
  onCancel,
}: {
  api: InspectorApi;
  db: string;
  recordedPath: string;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [from, setFrom] = useState(defaultPrefix(recordedPath));
  const [to, setTo] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const r = await api.setSourceRoot({ db, from: from.trim(), to: to.trim() });
    setBusy(false);
    if (r.ok) onSaved();
    else setError(r.error);
  };
  return (
    <form className="root-form" onSubmit={(e) => void submit(e)} aria-label="Set source root">
      <label>
        <span>Recorded prefix</span>
        <input className="mono" value={from} onChange={(e) => setFrom(e.target.value)} required spellCheck={false} />
      </label>
      <span className="root-arrow">→</span>
      <label>
        <span>Local folder</span>
        <input
          className="mono"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          placeholder="/home/me/src/my-app"
          required
          spellCheck={false}
          autoFocus
        />
      </label>
      <div className="root-actions">
        <button type="submit" className="chip active" disabled={busy}>
          Map
        </button>
        <button type="button" className="chip" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {error && (
        <div className="panel-error compact" role="alert" data-kind={error.kind}>
          {error.message}
        </div>
      )}
      <p className="root-hint">Only files under the trace database's folder or a folder you map here are ever read.</p>
    </form>
  );
}
