// The selected trace as a waterfall: one bar per call on a shared time axis, indented by depth,
// with a search inside the trace (Enter / Shift+Enter step through the matching calls).
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { TraceTree } from '../../db/api/inspector-api.ts';
import { formatDuration, layoutWaterfall, type WaterfallBar } from './waterfall-layout.ts';
import { callsLabel } from './tree-pages.ts';

/** Calls drawn at most (a trace holds up to 10,000 rows); the rest are summarised. */
const MAX_BARS = 1500;

/** Each row is 20 px (explorer.css); only the rows in view, and this many around them, are in the DOM. */
const ROW_PX = 20;
const OVERSCAN = 15;

/**
 * The rows of a list the scroll box shows. Drawing all 1,500 bars of a page was a 264 ms task
 * when a 10,000-call trace opened (load average 12); the rows in view are ~40.
 */
function useRowsInView(list: React.RefObject<HTMLDivElement | null>, count: number): [number, number] {
  const [view, setView] = useState({ top: 0, height: 800 });
  // The list is in the DOM once there are bars (the pane shows a note before the trace arrives).
  const shown = count > 0;
  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    const read = () => setView({ top: el.scrollTop, height: el.clientHeight || 800 });
    read();
    const ro = new ResizeObserver(read);
    ro.observe(el);
    el.addEventListener('scroll', read, { passive: true });
    return () => (ro.disconnect(), el.removeEventListener('scroll', read));
  }, [list, shown]);
  const first = Math.max(0, Math.floor(view.top / ROW_PX) - OVERSCAN);
  const last = Math.min(count, Math.ceil((view.top + view.height) / ROW_PX) + OVERSCAN);
  return [first, Math.max(first, last)];
}

/** The duration label goes after the bar, or inside its right end when the bar reaches the edge. */
function durClass(b: WaterfallBar): string {
  return b.left + b.width > 0.85 && b.width > 0.12 ? 'wf-dur inside' : 'wf-dur';
}

function durStyle(b: WaterfallBar): React.CSSProperties {
  const end = b.left + b.width;
  if (end <= 0.85) return { left: `calc(${end * 100}% + 4px)` };
  if (b.width > 0.12) return { right: `calc(${(1 - end) * 100}% + 4px)` };
  return { right: `calc(${(1 - b.left) * 100}% + 4px)` };
}

export interface WaterfallProps {
  tree: TraceTree | null;
  loading: boolean;
  error: string | null;
  selectedRowId: number | null;
  onSelectRow: (id: number) => void;
  /** Fetches the trace's next page of calls (tree.nextOffset). */
  onLoadMore?: () => void;
  loadingMore?: boolean;
  /** Controls shown in the pane's title bar (the Waterfall | Flame switch). */
  headExtra?: React.ReactNode;
}

export function Waterfall({
  tree,
  loading,
  error,
  selectedRowId,
  onSelectRow,
  onLoadMore,
  loadingMore,
  headExtra,
}: WaterfallProps) {
  const [search, setSearch] = useState('');
  const [drawn, setDrawn] = useState(MAX_BARS);
  useEffect(() => setDrawn(MAX_BARS), [tree?.traceId]);
  const [cursor, setCursor] = useState(-1);
  const layout = useMemo(() => (tree ? layoutWaterfall(tree, search.trim()) : null), [tree, search]);
  const listRef = useRef<HTMLDivElement>(null);
  const drawnCount = layout ? Math.min(layout.bars.length, drawn) : 0;
  const [first, last] = useRowsInView(listRef, drawnCount);
  const matches = useMemo(() => (layout ? layout.bars.flatMap((b, i) => (b.matches ? [i] : [])) : []), [layout]);
  useEffect(() => setCursor(-1), [tree, search]);

  const step = (dir: 1 | -1) => {
    if (!matches.length || !layout) return;
    const next = (cursor + dir + matches.length) % matches.length;
    setCursor(next);
    const bar = layout.bars[matches[next]];
    const first = bar.node.rows[0];
    if (first) onSelectRow(first.id);
    // Scrolled by position: the row may not be in the DOM (only the rows in view are).
    const el = listRef.current;
    const y = matches[next] * ROW_PX;
    if (el && y < el.scrollTop) el.scrollTop = y;
    else if (el && y + ROW_PX > el.scrollTop + el.clientHeight) el.scrollTop = y + ROW_PX - el.clientHeight;
  };

  if (!tree) {
    return (
      <section className="pane waterfall" aria-label="Trace waterfall">
        <div className="pane-head">
          <span className="pane-title">Trace</span>
        </div>
        <div className="pane-empty">
          {error ??
            (loading ? 'Loading the trace…' : 'Select a row that belongs to a trace to see its calls as a waterfall.')}
        </div>
      </section>
    );
  }
  const bars = layout!.bars.slice(0, drawn);
  // Calls not drawn yet: loaded ones past the drawing limit, then those the engine has not sent.
  const undrawn = layout!.bars.length - bars.length + tree.moreCalls;
  const showMore = () => {
    if (layout!.bars.length <= drawn + MAX_BARS && tree.nextOffset !== null) onLoadMore?.();
    setDrawn((d) => d + MAX_BARS);
  };
  return (
    <section className="pane waterfall" aria-label="Trace waterfall">
      <div className="pane-head">
        <span className="pane-title">Trace</span>
        <span className="mono trace-id" title={tree.traceId}>
          {tree.traceId}
        </span>
        <span className="muted">
          {callsLabel(tree)} · {tree.rowCount.toLocaleString('en-US')} rows · {formatDuration(tree.durationMs)}
          {tree.truncated ? ' · a call’s rows cut at 10,000' : ''}
          {tree.timestamps === 'end' ? ' · starts = end stamps − duration' : ''}
        </span>
        <span className="spacer" />
        {headExtra}
        <input
          className="search-input small"
          type="search"
          placeholder="Search in this trace"
          aria-label="Search in this trace"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') step(e.shiftKey ? -1 : 1);
          }}
        />
        {search.trim() && (
          <span className="match-count" aria-live="polite">
            {matches.length
              ? `${cursor >= 0 ? `${cursor + 1} of ` : ''}${matches.length} match${matches.length === 1 ? '' : 'es'}`
              : 'no match'}
          </span>
        )}
      </div>
      <div className="wf-axis">
        <div className="wf-label-col" />
        <div className="wf-track">
          {layout!.ticks.map((t) => (
            <span key={t.at} className="wf-tick" style={{ left: `${t.at * 100}%` }}>
              {t.label}
            </span>
          ))}
        </div>
      </div>
      <div className="wf-list" ref={listRef} data-bars={bars.length}>
        <div style={{ height: first * ROW_PX }} />
        {bars.slice(first, last).map((b, k) => {
          const i = first + k;
          const selected = b.node.rows.some((r) => r.id === selectedRowId);
          const cls = [
            'wf-row',
            selected ? 'selected' : '',
            b.matches ? 'match' : '',
            search.trim() && !b.matches ? 'dim' : '',
            matches[cursor] === i ? 'current' : '',
          ].join(' ');
          return (
            <div
              key={b.key}
              data-bar={i}
              className={cls}
              onClick={() => b.node.rows[0] && onSelectRow(b.node.rows[0].id)}
              title={`${b.label} · ${b.durationLabel} · starts at +${formatDuration(b.node.offsetMs)}`}
            >
              <div className="wf-label-col" style={{ paddingLeft: 6 + b.depth * 12 }}>
                <span className={b.error ? 'status-dot err' : 'status-dot'} />
                <span className="wf-name">{b.label}</span>
              </div>
              <div className="wf-track">
                {layout!.ticks.map((t) => (
                  <span key={t.at} className="wf-grid" style={{ left: `${t.at * 100}%` }} />
                ))}
                {b.untimed ? (
                  <span className="wf-mark" style={{ left: `${b.left * 100}%` }} />
                ) : (
                  <span
                    className={b.error ? 'wf-bar err' : 'wf-bar'}
                    style={{ left: `${b.left * 100}%`, width: `${b.width * 100}%` }}
                  />
                )}
                <span className={durClass(b)} style={durStyle(b)}>
                  {b.durationLabel}
                </span>
              </div>
            </div>
          );
        })}
        <div style={{ height: (bars.length - last) * ROW_PX }} />
        {undrawn > 0 && (
          <div className="pane-empty wf-more">
            {undrawn.toLocaleString('en-US')} more calls{' '}
            <button type="button" className="btn" disabled={loadingMore} onClick={showMore}>
              {loadingMore ? 'Loading…' : `Show ${Math.min(MAX_BARS, undrawn).toLocaleString('en-US')} more`}
            </button>
          </div>
        )}
      </div>
    </section>
  );
}
