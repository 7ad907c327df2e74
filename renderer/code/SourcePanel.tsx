// The left pane: the source in monaco, or why it cannot be shown with a way to fix it.
import { useState } from 'react';
import type { ApiError, InspectorApi, SourceResult, SourceUnavailable } from '../../db/api/inspector-api.ts';
import { Panel } from '../ui/Panel.tsx';
import { SourceRootForm } from './SourceRootForm.tsx';
import { SourceView } from './SourceView.tsx';

type SourceUnavailableReason = SourceUnavailable['reason'];

export interface SourcePanelProps {
  api: InspectorApi;
  db: string;
  source: SourceResult | null;
  error: ApiError | null;
  loading: boolean;
  onRootSet: () => void;
}

const HEADINGS: Record<SourceUnavailableReason, string> = {
  'not-recorded': 'No source for this function',
  missing: 'Source not found on this machine',
  'outside-roots': 'This source is outside the folders you allowed',
  'network-path': 'This source is on a network or device path',
  'sensitive-folder': 'This source is in a folder that is never read',
  'not-a-file': 'This source is not a file',
  binary: 'This source is not a text file',
  'too-large': 'This source is too large to show',
};

export function SourcePanel({ api, db, source, error, loading, onRootSet }: SourcePanelProps) {
  const [editing, setEditing] = useState(false);
  const shown = source?.available ? source : null;
  const missing = source && !source.available ? source : null;
  const recorded = missing?.recordedPath ?? null;
  const title = shown ? (
    <span className="source-title mono" title={shown.path}>
      {shown.recordedPath}
      {shown.line !== null && <span className="muted">:{shown.line}</span>}
    </span>
  ) : (
    'Source'
  );
  return (
    <Panel
      title={title}
      aside={shown?.language ?? null}
      loading={loading}
      error={error}
      className="source-panel"
      testId="source-panel"
    >
      {missing ? (
        <div className="source-missing" data-kind={missing.kind} data-reason={missing.reason}>
          <h4>{HEADINGS[missing.reason]}</h4>
          <p>{missing.message}</p>
          {recorded && (
            <>
              <p>
                Recorded path: <code className="mono recorded-path">{recorded}</code>
              </p>
              {editing ? (
                <SourceRootForm
                  api={api}
                  db={db}
                  recordedPath={recorded}
                  onCancel={() => setEditing(false)}
                  onSaved={() => (setEditing(false), onRootSet())}
                />
              ) : (
                <button className="chip active" onClick={() => setEditing(true)}>
                  Set source root…
                </button>
              )}
            </>
          )}
        </div>
      ) : shown ? (
        <SourceView source={shown} />
      ) : null}
    </Panel>
  );
}
