// The selected trace as a flame graph (a time-ordered icicle): zoom and pan with the mouse or the
// keys, hover a call for its duration and self time, click it to open its rows.
import { useMemo } from 'react';
import type { TraceTree } from '../../db/api/inspector-api.ts';
import { IcicleCanvas } from './IcicleCanvas.tsx';
import { layoutTraceFlame } from './trace-flame-layout.ts';

export function TraceFlame({
  tree,
  selectedRowId,
  onSelectRow,
}: {
  tree: TraceTree;
  selectedRowId: number | null;
  onSelectRow: (id: number) => void;
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
        <div className="muted">
          {tree.moreCalls.toLocaleString('en')} more calls not loaded: load them in the waterfall.
        </div>
      )}
    </div>
  );
}
