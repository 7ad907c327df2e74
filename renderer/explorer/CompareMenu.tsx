// "Compare" on an open trace: with a typical call of its root function, or with a trace id typed in.
import { useState } from 'react';

export function CompareMenu({
  traceId,
  rootProcess,
  onCompare,
}: {
  traceId: string;
  rootProcess: string;
  onCompare: (a: string, with_: { b: string } | { fn: string }) => void;
}) {
  const [open, setOpen] = useState(false);
  const [other, setOther] = useState('');
  return (
    <span className="compare-menu">
      <button type="button" className="chip small" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        Compare…
      </button>
      {open && (
        <span className="compare-pop" role="dialog" aria-label="Compare this trace">
          <button type="button" className="chip small" onClick={() => onCompare(traceId, { fn: rootProcess })}>
            with a typical {rootProcess}
          </button>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (other.trim()) onCompare(traceId, { b: other.trim() });
            }}
          >
            <input
              className="search-input small mono"
              placeholder="or another trace id"
              aria-label="Trace id to compare with"
              value={other}
              maxLength={200}
              onChange={(e) => setOther(e.target.value)}
            />
          </form>
        </span>
      )}
    </span>
  );
}
