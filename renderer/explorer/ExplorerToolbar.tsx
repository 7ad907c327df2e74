// Filters (process group, errors only, process search), the match count (exact, or "at least"
// with the rows a contains search has read and a Cancel), error navigation and the live badge.
// The search is debounced (300 ms) so typing does not query on every key.
import { useEffect, useRef, useState } from 'react';
import { badgeLabel } from './live-tail.ts';
import { NULL_GROUP } from './explorer-params.ts';
import type { ScanProgress } from './use-row-snapshot.ts';

export const SEARCH_DEBOUNCE_MS = 300;

export interface ExplorerToolbarProps {
  groups: (string | null)[];
  /** The groups filtered on (empty: all). */
  selectedGroups: (string | null)[];
  errorsOnly: boolean;
  search: string;
  count: number | null;
  /** False when count is a lower bound. */
  exact: boolean;
  scan: ScanProgress | null;
  onCancelScan: () => void;
  loaded: number;
  pending: number;
  live: boolean;
  notice: string | null;
  onGroups: (groups: (string | null)[]) => void;
  onErrorsOnly: (on: boolean) => void;
  onSearch: (text: string) => void;
  onNextError: (dir: 'down' | 'up') => void;
  onTakePending: () => void;
  /** Slot for the export menu. */
  exportMenu?: React.ReactNode;
  /** Slot for the saved filters menu. */
  savedMenu?: React.ReactNode;
  /** Slot for the order select. */
  orderControl?: React.ReactNode;
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
  const one = p.selectedGroups.length === 1 ? p.selectedGroups[0] : undefined;
  const groupValue =
    p.selectedGroups.length > 1 ? '*several' : one === undefined ? '' : one === null ? NULL_GROUP : one;
  const options = [...p.groups].sort((a, b) => (a ?? '\uffff').localeCompare(b ?? '\uffff'));
  return (
    <div className="explorer-toolbar" role="toolbar" aria-label="Filters">
      <label className="field">
        <span className="field-label">Group</span>
        <select
          aria-label="Process group"
          value={groupValue}
          onChange={(e) =>
            e.target.value !== '*several' &&
            p.onGroups(e.target.value === '' ? [] : [e.target.value === NULL_GROUP ? null : e.target.value])
          }
        >
          <option value="">All groups</option>
          {p.selectedGroups.length > 1 && <option value="*several">{p.selectedGroups.length} groups</option>}
          {options.map((g) => (
            <option key={g ?? NULL_GROUP} value={g ?? NULL_GROUP}>
              {g ?? NULL_GROUP}
            </option>
          ))}
          {one !== undefined && !p.groups.includes(one) && <option value={groupValue}>{groupValue}</option>}
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
      {p.orderControl}
      <span
        className="count"
        aria-live="polite"
        data-testid="match-count"
        title={p.scan && !p.scan.done ? 'The file is searched as you scroll: more matches may follow' : undefined}
      >
        {p.scan ? (
          <>
            {p.scan.done ? null : p.scan.cancelled ? 'stopped: at least ' : 'at least '}
            <strong>{fmt(p.count ?? 0)}</strong> {p.count === 1 ? 'row matches' : 'rows match'}
            <span className="muted" data-testid="rows-searched">
              {' '}
              · {fmt(p.scan.searched)} rows searched
              {p.scan.busy ? '…' : ''}
            </span>
          </>
        ) : p.count === null ? (
          'Counting…'
        ) : (
          <>
            {p.exact ? null : 'at least '}
            <strong>{fmt(p.count)}</strong> {p.count === 1 ? 'row matches' : 'rows match'}
            <span className="muted"> · {fmt(Math.min(p.loaded, p.count))} loaded</span>
          </>
        )}
      </span>
      {p.scan?.busy && !p.scan.cancelled && (
        <button type="button" className="btn" onClick={p.onCancelScan}>
          Cancel
        </button>
      )}
      <span className="toolbar-notice" role="status">
        {p.notice}
      </span>
      <span className="spacer" />
      {p.savedMenu}
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
