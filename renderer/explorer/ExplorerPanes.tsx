// The panes under the Explorer's grid, behind a splitter: the selected trace as a waterfall and the
// selected row in full.
import type { TraceRow } from '../../db/api/inspector-api.ts';
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
}

export function ExplorerPanes({ traceId, tree, selectedId, fullRow, stale, onSelectRow }: ExplorerPanesProps) {
  const { height, startDrag } = usePaneResize();
  const shownTree = tree.value && tree.value.traceId === traceId ? tree.value : null;
  const detailRow = fullRow.value && fullRow.value.id === selectedId ? fullRow.value : null;
  const selectInTree = (id: number) => {
    const row = shownTree?.nodes.flatMap((n) => n.rows).find((x) => x.id === id);
    if (row) onSelectRow(row);
  };
  return (
    <>
      <div className="explorer-splitter" role="separator" aria-orientation="horizontal" onPointerDown={startDrag} />
      <div className="explorer-panes" style={{ height }}>
        <Waterfall
          tree={shownTree}
          loading={tree.loading}
          error={tree.error}
          onLoadMore={tree.loadMore}
          loadingMore={tree.loadingMore}
          selectedRowId={selectedId}
          onSelectRow={selectInTree}
        />
        <RowDetail
          row={detailRow}
          loading={fullRow.loading}
          error={fullRow.error}
          stale={detailRow ? staleVariable(stale, detailRow) : null}
        />
      </div>
    </>
  );
}
