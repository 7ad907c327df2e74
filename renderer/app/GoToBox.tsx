// The go-to box (Ctrl/Cmd+K from anywhere): a trace id, a function or a variable, found by the
// engine's goTo operation (trace ids by prefix, names fuzzy), opened in the tab that shows it.
import { useEffect, useRef, useState } from 'react';
import type { GoToResult, InspectorApi } from '../../db/api/inspector-api.ts';
import type { TabName } from './route.ts';

const KIND_LABELS: Record<GoToResult['kind'], string> = { trace: 'Trace', function: 'Function', variable: 'Variable' };
const TYPE_DEBOUNCE_MS = 120;

/** Where a hit opens: a trace alone and expanded in the Explorer (over all time), a function in the Code Inspector, a variable as the Explorer's filter. */
export function goToTarget(r: GoToResult): { tab: TabName; params: Record<string, string> } {
  if (r.kind === 'trace') return { tab: 'explorer', params: { tid: r.value, trace: r.value, range: 'all' } };
  if (r.kind === 'function') return { tab: 'code', params: { fn: r.value } };
  return { tab: 'explorer', params: { data: r.value } };
}

export function GoToBox({
  api,
  db,
  onClose,
  navigate,
}: {
  api: InspectorApi;
  db: string;
  onClose: () => void;
  navigate: (tab: TabName, params: Record<string, string>) => void;
}) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<GoToResult[]>([]);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    const q = query.trim();
    if (!q) return setResults([]);
    let stop = false;
    const timer = setTimeout(() => {
      void api.goTo({ db, query: q.slice(0, 200) }).then((r) => {
        if (stop) return;
        setError(r.ok ? null : r.error.message);
        setResults(r.ok ? r.value : []);
        setActive(0);
      });
    }, TYPE_DEBOUNCE_MS);
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [api, db, query]);
  const open = (r: GoToResult | undefined) => {
    if (!r) return;
    const t = goToTarget(r);
    onClose();
    navigate(t.tab, t.params);
  };
  return (
    <div className="goto-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="goto-box" role="dialog" aria-modal="true" aria-label="Go to">
        <input
          ref={input}
          className="goto-input"
          placeholder="Go to a trace id, a function or a variable…"
          aria-label="Go to"
          value={query}
          maxLength={200}
          role="combobox"
          aria-expanded={results.length > 0}
          aria-controls="goto-results"
          aria-activedescendant={results.length ? `goto-${active}` : undefined}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onClose();
            else if (e.key === 'ArrowDown') {
              e.preventDefault();
              setActive((a) => Math.min(results.length - 1, a + 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => Math.max(0, a - 1));
            } else if (e.key === 'Enter') open(results[active]);
          }}
        />
        <ul className="goto-results" id="goto-results" role="listbox">
          {results.map((r, i) => (
            <li
              key={`${r.kind}:${r.value}`}
              id={`goto-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'goto-item active' : 'goto-item'}
              onMouseEnter={() => setActive(i)}
              onMouseDown={(e) => {
                e.preventDefault();
                open(r);
              }}
            >
              <span className={`goto-kind ${r.kind}`}>{KIND_LABELS[r.kind]}</span>
              <span className="goto-value">{r.value}</span>
              {r.detail && <span className="goto-detail">{r.detail}</span>}
            </li>
          ))}
          {query.trim() && results.length === 0 && !error && <li className="goto-none">Nothing matches.</li>}
          {error && (
            <li className="goto-none" role="alert">
              {error}
            </li>
          )}
        </ul>
        <div className="goto-hint">↑↓ to choose · Enter to open · Esc to close</div>
      </div>
    </div>
  );
}
