// The selected trace as a flame graph (a time-ordered icicle): zoom and pan with the mouse or the
// keys, hover a call for its duration and self time, click it to open its rows. A big trace
// arrives a page of calls at a time: the flame fetches the next page itself (the waterfall used to
// be the only way, drawing every call as a DOM row on the way: 10,000 of them).
import { useMemo } from 'react';
import type { TraceTree } from '../../db/api/inspector-api.ts';
import { IcicleCanvas } from './IcicleCanvas.tsx';
import { layoutTraceFlame } from './trace-flame-layout.ts';

export function TraceFlame({
  tree,
  selectedRowId,
  onSelectRow,
  onLoadMore,
  loadingMore,
}: {
  tree: TraceTree;
  selectedRowId: number | null;
  onSelectRow: (id: number) => void;
  onLoadMore?: () => void;
  loadingMore?: boolean;
}) {
  const { boxes, span } = useMemo(() => layoutTraceFlame(tree.nodes), [tree.nodes]);
  const selected = tree.nodes.findIndex((n) => n.rows.some((r) => r.id === selectedRowId));
  return (
    <div className="trace-flame" data-testid="trace-flame">
      <IcicleCanvas
        boxes={boxes}
        span={span}
        label={`Flame graph of trace ${tree.traceId}: ${tree.nodes.length} calls`}
        selected={selected >= 0 ? selected : null}
        onSelect={(b) => {
          const first = tree.nodes[b.ref]?.rows[0];
          if (first) onSelectRow(first.id);
        }}
      />
      {tree.moreCalls > 0 && (
        <div className="muted trace-flame-more">
          {tree.moreCalls.toLocaleString('en-US')} more calls not loaded{' '}
          {onLoadMore && (
            <button type="button" className="btn" disabled={loadingMore} onClick={onLoadMore}>
              {loadingMore ? 'Loading…' : 'Load more calls'}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
