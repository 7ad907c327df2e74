// The left pane: the source in monaco, or why it cannot be shown with a way to fix it.
import { useState } from 'react';
import type { ApiError, InspectorApi, SourceFile } from '../../db/api/inspector-api.ts';
import { Panel } from '../ui/Panel.tsx';
import { SourceRootForm } from './SourceRootForm.tsx';
import { SourceView } from './SourceView.tsx';

export interface SourcePanelProps {
  api: InspectorApi;
  db: string;
  source: SourceFile | null;
  error: ApiError | null;
  loading: boolean;
  onRootSet(): void;
}

export function SourcePanel({ api, db, source, error, loading, onRootSet }: SourcePanelProps) {
  const [editing, setEditing] = useState(false);
  const recorded = (error?.details?.recordedPath as string | null | undefined) ?? null;
  const title = source && !error ? (
    <span className="source-title mono" title={source.path}>
      {source.recordedPath}
      {source.line !== null && <span className="muted">:{source.line}</span>}
    </span>
  ) : 'Source';
  return (
    <Panel title={title} aside={source && !error ? source.language : null} loading={loading} className="source-panel" testId="source-panel">
      {error ? (
        <div className="source-missing" data-kind={error.kind}>
          <h4>{error.kind === 'permission-denied' ? 'This source is outside the folders you allowed' : recorded ? 'Source not found on this machine' : 'No source for this function'}</h4>
          <p>{error.message}</p>
          {recorded && (
            <>
              <p>Recorded path: <code className="mono recorded-path">{recorded}</code></p>
              {editing ? (
                <SourceRootForm api={api} db={db} recordedPath={recorded} onCancel={() => setEditing(false)} onSaved={() => (setEditing(false), onRootSet())} />
              ) : (
                <button className="chip active" onClick={() => setEditing(true)}>Set source root…</button>
              )}
            </>
          )}
        </div>
      ) : source ? (
        <SourceView source={source} />
      ) : null}
    </Panel>
  );
}
