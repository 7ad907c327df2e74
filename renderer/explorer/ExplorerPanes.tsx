// The panes under the Explorer's grid, behind a splitter: the selected trace as a waterfall and the
// selected row in full.
import { useState } from 'react';
import type { StaleThreshold, TraceRow } from '../../db/api/inspector-api.ts';
import { TraceFlame } from '../shape/TraceFlame.tsx';
import { CompareMenu } from './CompareMenu.tsx';
import { RowDetail } from './RowDetail.tsx';
import { staleVariable, type StaleIndex } from './stale-marks.ts';
import type { Loadable, PagedTree } from './use-trace-data.ts';
import { usePaneResize } from './use-pane-resize.ts';
import { Waterfall } from './Waterfall.tsx';

export interface ExplorerPanesProps {
  traceId: string | null;
  tree: PagedTree;
  selectedId: number | null;
  fullRow: Loadable<TraceRow>;
  stale: StaleIndex;
  onSelectRow: (row: TraceRow) => void;
  onOpenCode: (process: string) => void;
  onFilterTrace: (traceId: string) => void;
  /** Opens the comparison of trace `a` with `b`, or with a typical call of `fn`. */
  onCompare: (a: string, with_: { b: string } | { fn: string }) => void;
  onOpenTimeline: (process: string, data: string) => void;
  onThreshold: (process: string, data: string, threshold: StaleThreshold | null) => Promise<string | null>;
}

export function ExplorerPanes({
  traceId,
  tree,
  selectedId,
  fullRow,
  stale,
  onSelectRow,
  onOpenCode,
  onFilterTrace,
  onCompare,
  onOpenTimeline,
  onThreshold,
}: ExplorerPanesProps) {
  const { height, startDrag } = usePaneResize();
  const [view, setView] = useState<'waterfall' | 'flame'>('waterfall');
  const shownTree = tree.value && tree.value.traceId === traceId ? tree.value : null;
  const detailRow = fullRow.value && fullRow.value.id === selectedId ? fullRow.value : null;
  const switcher = (
    <div className="trace-view-switch" role="group" aria-label="Trace view">
      {shownTree && shownTree.nodes[0] && (
        <CompareMenu traceId={shownTree.traceId} rootProcess={shownTree.nodes[0].process} onCompare={onCompare} />
      )}
      {(['waterfall', 'flame'] as const).map((v) => (
        <button
          key={v}
          type="button"
          className={v === view ? 'chip small active' : 'chip small'}
          aria-pressed={v === view}
          onClick={() => setView(v)}
        >
          {v === 'waterfall' ? 'Waterfall' : 'Flame'}
        </button>
      ))}
    </div>
  );
  const selectInTree = (id: number) => {
    const row = shownTree?.nodes.flatMap((n) => n.rows).find((x) => x.id === id);
    if (row) onSelectRow(row);
  };
  return (
    <>
      <div className="explorer-splitter" role="separator" aria-orientation="horizontal" onPointerDown={startDrag} />
      <div className="explorer-panes" style={{ height }}>
        {shownTree && view === 'flame' ? (
          <section className="pane waterfall" aria-label="Trace flame graph">
            <div className="pane-head">
              <span className="pane-title">Trace</span>
              <span className="mono trace-id" title={shownTree.traceId}>
                {shownTree.traceId}
              </span>
              <span className="spacer" />
              {switcher}
            </div>
            <TraceFlame
              tree={shownTree}
              selectedRowId={selectedId}
              onSelectRow={selectInTree}
              onLoadMore={tree.loadMore}
              loadingMore={tree.loadingMore}
            />
          </section>
        ) : (
          <Waterfall
            tree={shownTree}
            loading={tree.loading}
            error={tree.error}
            onLoadMore={tree.loadMore}
            loadingMore={tree.loadingMore}
            selectedRowId={selectedId}
            onSelectRow={selectInTree}
            headExtra={switcher}
          />
        )}
        <RowDetail
          row={detailRow}
          loading={fullRow.loading}
          error={fullRow.error}
          stale={detailRow ? staleVariable(stale, detailRow) : null}
          onOpenCode={onOpenCode}
          onOpenTimeline={onOpenTimeline}
          onThreshold={onThreshold}
          onFilterTrace={onFilterTrace}
        />
      </div>
    </>
  );
}
