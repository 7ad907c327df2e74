// A stale variable's threshold, editable where it is shown: a new N for this variable, "ignore"
// (never stale, never alerted on), or back to the default. The engine keeps it per database
// beside the index (setStaleThreshold): one model with the staleness alert rules, so the marks
// follow as soon as the indexer applied it, and so do the alerts and the rules' thresholds.
import { useState } from 'react';
import type { StaleThreshold } from '../../db/api/alert-types.ts';
import { RULE_LIMITS } from '../../common/rule-limits.ts';
import './threshold-editor.css';

export interface ThresholdEditorProps {
  process: string;
  data: string;
  threshold: StaleThreshold;
  /** Saves (null: back to the default); resolves to an error sentence, or null when saved. */
  onSave: (threshold: StaleThreshold | null) => Promise<string | null>;
}

export function ThresholdEditor({ process, data, threshold, onSave }: ThresholdEditorProps) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(String(threshold));
  const [error, setError] = useState<string | null>(null);
  const save = (value: StaleThreshold | null) =>
    void onSave(value).then((e) => {
      setError(e);
      if (!e) setEditing(false);
    });
  if (!editing)
    return (
      <button
        type="button"
        className="link-button mono"
        title={
          threshold === 'ignore'
            ? `Ignored (never stale, no staleness alert): change it for ${data} of ${process}`
            : `Stale after ${threshold} repeats of one value, for the marks and the staleness alert rules: change it for ${data} of ${process}`
        }
        onClick={() => {
          setText(threshold === 'ignore' ? '' : String(threshold));
          setEditing(true);
        }}
      >
        {threshold === 'ignore' ? 'ignored' : <>&gt; {threshold}</>}
      </button>
    );
  const n = Number(text);
  const valid = Number.isInteger(n) && n >= RULE_LIMITS.threshold.min && n <= RULE_LIMITS.threshold.max;
  return (
    <form
      className="threshold-editor"
      aria-label={`Stale threshold of ${data}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) save(n);
      }}
    >
      <input
        className="mono"
        type="number"
        min={RULE_LIMITS.threshold.min}
        max={RULE_LIMITS.threshold.max}
        value={text}
        aria-label="Repeats before stale"
        onChange={(e) => setText(e.target.value)}
        autoFocus
      />
      <button type="submit" className="chip small" disabled={!valid}>
        Save
      </button>
      <button
        type="button"
        className="chip small"
        onClick={() => save('ignore')}
        title="Never mark it stale nor alert on it"
      >
        Ignore
      </button>
      <button type="button" className="chip small" onClick={() => save(null)} title="Use the default threshold">
        Default
      </button>
      <button type="button" className="chip small" onClick={() => setEditing(false)}>
        Cancel
      </button>
      {error && (
        <span className="err" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
