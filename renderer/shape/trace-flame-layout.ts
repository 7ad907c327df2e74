// One trace as a time-ordered icicle (as Perfetto draws a thread): each call a box from its start
// to its end at its depth; self time is its duration less its direct children's. Nodes arrive
// depth-first, so one pass with a stack of open ancestors finds each call's children.
import type { TraceNode } from '../../db/api/inspector-api.ts';
import { formatMs } from '../format/figures.ts';
import type { IcicleBox } from './icicle-layout.ts';

export function layoutTraceFlame(nodes: TraceNode[]): { boxes: IcicleBox[]; span: number } {
  const childMs = new Float64Array(nodes.length);
  const open: number[] = [];
  nodes.forEach((n, i) => {
    while (open.length && nodes[open[open.length - 1]].depth >= n.depth) open.pop();
    const parent = open[open.length - 1];
    if (parent !== undefined && nodes[parent].depth === n.depth - 1) childMs[parent] += n.durationMs ?? 0;
    open.push(i);
  });
  let span = 0;
  const boxes = nodes.map((n, i): IcicleBox => {
    const x0 = n.offsetMs ?? 0;
    const dur = n.durationMs ?? 0;
    span = Math.max(span, x0 + dur);
    const self = n.durationMs === null ? null : Math.max(0, n.durationMs - childMs[i]);
    return {
      x0,
      x1: x0 + dur,
      depth: n.depth,
      label: n.process,
      detail: () => [
        `duration ${formatMs(n.durationMs)} · self ${formatMs(self)}`,
        `starts at +${formatMs(n.offsetMs)}`,
        `${n.rows.length.toLocaleString('en-US')} ${n.rows.length === 1 ? 'row' : 'rows'} · ${n.status}`,
      ],
      error: n.status === 'ERROR',
      ref: i,
    };
  });
  // Calls without a duration get a sliver, so they still show and can be clicked.
  const sliver = Math.max(span, 1) / 2000;
  for (const b of boxes) if (b.x1 - b.x0 < sliver) b.x1 = b.x0 + sliver;
  return { boxes, span: Math.max(span, sliver) };
}
