// A trace's flame boxes: each call from its start to its end at its depth, its hover lines (written
// only when hovered) giving its self time, its duration less its direct children's.
import { describe, expect, it } from 'vitest';
import type { TraceNode } from '../../../db/api/inspector-api.ts';
import { formatMs } from '../../../renderer/format/figures.ts';
import { layoutTraceFlame } from '../../../renderer/shape/trace-flame-layout.ts';

const node = (process: string, depth: number, offsetMs: number, durationMs: number | null): TraceNode => ({
  spanId: process,
  parentSpanId: null,
  process,
  depth,
  startTs: 1_700_000_000_000 + offsetMs,
  durationMs,
  offsetMs,
  status: 'OK',
  rows: [],
});

describe('layoutTraceFlame', () => {
  // root (100 ms) → a (30 ms) → a1 (10 ms); root → b (25 ms); c has no duration.
  const nodes = [
    node('root', 0, 0, 100),
    node('a', 1, 5, 30),
    node('a1', 2, 10, 10),
    node('b', 1, 40, 25),
    node('c', 1, 70, null),
  ];

  it('places each call from its start to its end at its depth', () => {
    const { boxes, span } = layoutTraceFlame(nodes);
    expect(span).toBe(100);
    expect(boxes.slice(0, 4).map((b) => [b.label, b.x0, b.x1, b.depth])).toEqual(
      nodes.slice(0, 4).map((n) => [n.process, n.offsetMs, n.offsetMs! + n.durationMs!, n.depth]),
    );
    // A call without a duration still gets a sliver to hover and click.
    expect(boxes[4].x1).toBeGreaterThan(boxes[4].x0);
  });

  it('writes self time (duration less direct children) into the hover lines', () => {
    const { boxes } = layoutTraceFlame(nodes);
    const selfOf = (i: number, self: number | null) =>
      expect(boxes[i].detail()[0]).toBe(`duration ${formatMs(nodes[i].durationMs)} · self ${formatMs(self)}`);
    selfOf(0, 100 - 30 - 25); // a1 is a grandchild: not subtracted from root
    selfOf(1, 30 - 10);
    selfOf(2, 10);
    selfOf(4, null);
  });
});
