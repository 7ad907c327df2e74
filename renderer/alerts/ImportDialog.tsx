// Importing rules from a file: merge (add them) or replace this database's rules with them.
import { useState } from 'react';
import type { AlertRuleInput } from '../../db/api/alert-types.ts';
import { ErrorNote } from '../ui/Panel.tsx';
import { Dialog } from './Dialog.tsx';
import { describeCondition } from './rule-summary.ts';
import type { ApiAction } from './use-api-action.ts';

export function ImportDialog({
  fileName,
  rules,
  existing,
  action,
  onImport,
  onClose,
}: {
  fileName: string;
  rules: AlertRuleInput[];
  existing: number;
  action: ApiAction;
  onImport: (mode: 'merge' | 'replace') => void;
  onClose: () => void;
}) {
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  return (
    <Dialog
      title={`Import ${rules.length} rule${rules.length === 1 ? '' : 's'}`}
      onClose={onClose}
      testId="import-dialog"
      footer={
        <>
          {action.error && <ErrorNote error={action.error} compact />}
          <span className="spacer" />
          <button type="button" className="al-btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className={mode === 'replace' ? 'al-btn danger' : 'al-btn primary'}
            disabled={action.busy}
            onClick={() => onImport(mode)}
          >
            {mode === 'replace' ? 'Replace rules' : 'Add rules'}
          </button>
        </>
      }
    >
      <p className="muted">
        From <span className="mono">{fileName}</span>:
      </p>
      <ul className="al-import-list">
        {rules.slice(0, 8).map((r, i) => (
          <li key={i}>
            <b>{r.name}</b> <span className="muted mono">{describeCondition(r.condition)}</span>
          </li>
        ))}
        {rules.length > 8 && <li className="muted">… and {rules.length - 8} more</li>}
      </ul>
      <label className="al-check">
        <input type="radio" name="mode" checked={mode === 'merge'} onChange={() => setMode('merge')} /> Merge: add them
        to the {existing} rule{existing === 1 ? '' : 's'} here
      </label>
      <label className="al-check">
        <input type="radio" name="mode" checked={mode === 'replace'} onChange={() => setMode('replace')} /> Replace:
        delete the {existing} rule{existing === 1 ? '' : 's'} here first (their open alerts resolve)
      </label>
      <p className="al-field-hint">Webhooks the file names that do not exist here are dropped.</p>
    </Dialog>
  );
}
