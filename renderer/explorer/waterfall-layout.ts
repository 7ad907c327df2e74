// A trace as a waterfall: one bar per call, placed by its start offset and sized by its duration
// on a shared time axis, indented by depth. Pure, so the geometry is unit-tested.
import type { TraceNode, TraceTree } from '../../db/api/inspector-api.ts';

export interface WaterfallBar {
  key: string;
  node: TraceNode;
  depth: number;
  /** Left edge and width as fractions of the axis (width never under `minWidth`, so a 0 ms call stays visible). */
  left: number;
  width: number;
  /** Where the call's start lies when it has no timing (drawn as a tick, not a bar). */
  untimed: boolean;
  label: string;
  durationLabel: string;
  error: boolean;
  matches: boolean;
}

export interface WaterfallLayout {
  bars: WaterfallBar[];
  totalMs: number;
  ticks: { at: number; label: string }[];
  matchCount: number;
}

export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1).replace(/\.0$/, '') : Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** 1, 2, 5 × 10^k: about `count` ticks across the axis. */
export function niceStep(totalMs: number, count = 5): number {
  const raw = totalMs / count;
  if (raw <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/** A call matches a search when its name, a captured variable or a value contains it (any case). */
export function nodeMatches(node: TraceNode, needle: string): boolean {
  if (!needle) return false;
  const n = needle.toLowerCase();
  if (node.process.toLowerCase().includes(n)) return true;
  return node.rows.some(
    (r) =>
      (r.data ?? '').toLowerCase().includes(n) ||
      (r.dataValue ?? '').toLowerCase().includes(n) ||
      (r.exception ?? '').toLowerCase().includes(n),
  );
}

export function layoutWaterfall(tree: TraceTree, search = '', minWidth = 0.002): WaterfallLayout {
  // A loop, not Math.max(...spread): a tree of many pages would pass the engine's argument limit.
  let totalMs = Math.max(tree.durationMs ?? 0, 0);
  for (const n of tree.nodes) totalMs = Math.max(totalMs, (n.offsetMs ?? 0) + (n.durationMs ?? 0));
  const scale = totalMs > 0 ? totalMs : 1;
  let matchCount = 0;
  const bars = tree.nodes.map((node, i): WaterfallBar => {
    const offset = node.offsetMs ?? 0;
    const untimed = node.durationMs === null;
    const left = Math.min(1, offset / scale);
    const width = untimed ? 0 : Math.min(1 - left, Math.max(minWidth, (node.durationMs ?? 0) / scale));
    const matches = nodeMatches(node, search);
    if (matches) matchCount++;
    return {
      key: `${node.spanId ?? 'row'}-${i}`,
      node,
      depth: node.depth,
      left,
      width: Math.max(0, width),
      untimed,
      label: node.process,
      durationLabel: formatDuration(node.durationMs),
      error: node.status === 'ERROR',
      matches,
    };
  });
  const step = niceStep(totalMs);
  const ticks: { at: number; label: string }[] = [];
  if (totalMs > 0)
    for (let t = 0; t <= totalMs + 1e-9 && ticks.length < 12; t += step)
      ticks.push({ at: t / scale, label: formatDuration(t) });
  return { bars, totalMs, ticks, matchCount };
}
