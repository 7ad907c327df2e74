// Filters (process group, errors only, process search), the match count, error navigation and
// the live badge. The search is debounced (300 ms) so typing does not query on every key.
import { useEffect, useRef, useState } from 'react';
import { badgeLabel } from './live-tail.ts';
import { NULL_GROUP } from './explorer-params.ts';

export const SEARCH_DEBOUNCE_MS = 300;

export interface ExplorerToolbarProps {
  groups: (string | null)[];
  group: string | null | undefined;
  errorsOnly: boolean;
  search: string;
  count: number | null;
  loaded: number;
  pending: number;
  live: boolean;
  notice: string | null;
  onGroup: (group: string | null | undefined) => void;
  onErrorsOnly: (on: boolean) => void;
  onSearch: (text: string) => void;
  onNextError: (dir: 'down' | 'up') => void;
  onTakePending: () => void;
  /** Slot for the export menu. */
  exportMenu?: React.ReactNode;
}

const fmt = (n: number) => n.toLocaleString('en-US');

export function ExplorerToolbar(p: ExplorerToolbarProps) {
  const [text, setText] = useState(p.search);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // The hash changed from outside (back button, a shared link): show what it says.
  useEffect(() => setText(p.search), [p.search]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const onText = (v: string) => {
    setText(v);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => p.onSearch(v.trim()), SEARCH_DEBOUNCE_MS);
  };
  const groupValue = p.group === undefined ? '' : p.group === null ? NULL_GROUP : p.group;
  const options = [...p.groups].sort((a, b) => (a ?? '\uffff').localeCompare(b ?? '\uffff'));
  return (
    <div className="explorer-toolbar" role="toolbar" aria-label="Filters">
      <label className="field">
        <span className="field-label">Group</span>
        <select
          aria-label="Process group"
          value={groupValue}
          onChange={(e) =>
            p.onGroup(e.target.value === '' ? undefined : e.target.value === NULL_GROUP ? null : e.target.value)
          }
        >
          <option value="">All groups</option>
          {options.map((g) => (
            <option key={g ?? NULL_GROUP} value={g ?? NULL_GROUP}>
              {g ?? NULL_GROUP}
            </option>
          ))}
          {p.group !== undefined && !p.groups.includes(p.group) && <option value={groupValue}>{groupValue}</option>}
        </select>
      </label>
      <button
        type="button"
        className={p.errorsOnly ? 'toggle on err' : 'toggle'}
        aria-pressed={p.errorsOnly}
        onClick={() => p.onErrorsOnly(!p.errorsOnly)}
        title="Show only rows with an error status or an exception"
      >
        <span className="status-dot err" /> Errors only
      </button>
      <input
        className="search-input"
        type="search"
        placeholder="Search process names…"
        aria-label="Search process names"
        value={text}
        onChange={(e) => onText(e.target.value)}
      />
      <span className="count" aria-live="polite" data-testid="match-count">
        {p.count === null ? (
          'Counting…'
        ) : (
          <>
            <strong>{fmt(p.count)}</strong> {p.count === 1 ? 'row matches' : 'rows match'}
            <span className="muted"> · {fmt(Math.min(p.loaded, p.count))} loaded</span>
          </>
        )}
      </span>
      <span className="toolbar-notice" role="status">
        {p.notice}
      </span>
      <span className="spacer" />
      {p.exportMenu}
      <span className="btn-group">
        <button type="button" className="btn" onClick={() => p.onNextError('up')} title="Previous error (Shift+E)">
          ↑ Error
        </button>
        <button type="button" className="btn" onClick={() => p.onNextError('down')} title="Next error (E)">
          ↓ Error
        </button>
      </span>
      {p.pending > 0 && (
        <button
          type="button"
          className="live-badge"
          data-testid="live-badge"
          onClick={p.onTakePending}
          title={p.live ? 'Jump to the top and show them' : 'Live updates are paused: show them anyway'}
        >
          ↑ {badgeLabel(p.pending)}
        </button>
      )}
    </div>
  );
}
