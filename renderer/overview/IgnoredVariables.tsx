// The stale threshold entries set to "ignore", under the stale list: an ignored variable is never
// stale, so it leaves the list above, and this is where the user finds it again and watches it.
import { useState } from 'react';
import type { StaleRule } from '../../db/api/inspector-api.ts';
import '../ui/threshold-editor.css';

export interface IgnoredVariablesProps {
  ignored: StaleRule[];
  /** Removes the entry (back to the threshold it inherits); resolves to an error sentence or null. */
  onWatch: (r: StaleRule) => Promise<string | null>;
}

export function IgnoredVariables({ ignored, onWatch }: IgnoredVariablesProps) {
  const [error, setError] = useState<string | null>(null);
  if (!ignored.length) return null;
  return (
    <div className="stale-ignored" data-testid="stale-ignored">
      <span className="muted">Ignored (never stale, no staleness alerts):</span>
      {ignored.map((r) => (
        <span key={`${r.process}\u0000${r.data}`} className="stale-ignored-item">
          <span className="mono">
            {r.process} · {r.data}
          </span>
          <button
            type="button"
            className="chip small"
            title="Use the threshold it would have without this entry"
            onClick={() => void onWatch(r).then(setError)}
          >
            Watch again
          </button>
        </span>
      ))}
      {error && (
        <span className="err" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
